"""Access-matrix rows for Elevmentorer og livsmestring (see tests/test_access_matrix.py).

Recruitment and selection are run by the principal and the resource-group coordinator (by
role) and by the mentor leads (the resource group's `mentor_lead` flag, programme). Nobody
in the cast carries that flag, so nobody here sees interview notes: the recruiters get the
application page without them (drommeskolen/mentoring/tests/test_recruitment.py tests the
notes). The cast's `mentor` holds the pupil-mentor role but no mentor assignment, so class
pages that mentors reach through their classes answer them 404.
"""

import datetime

from django.utils import timezone

from conftest import STAFF_ROLES
from drommeskolen.mentoring.models import (
    LifeSkillsSession,
    Material,
    Mentor,
    MentorApplication,
    RecruitmentRound,
    SessionStatus,
)
from tests.matrix import Route, Sample

RECRUITERS = frozenset({"principal", "resource_group_coordinator"})
RESOURCE_GROUP = RECRUITERS | {"resource_group_member"}
PUPILS = frozenset({"pupil_user", "mentor"})

ROWS: dict[str, Route] = {
    "mentoring:home": Route(ok=STAFF_ROLES),
    "mentoring:rounds": Route(ok=RECRUITERS),
    "mentoring:round_detail": Route(ok=RECRUITERS),
    # Empty POSTs: the form is refused and the lead is sent back to the page.
    "mentoring:training_day": Route(ok=RECRUITERS, method="post", ok_status=302),
    # The application without its interview notes (the recruiters are no mentor leads here).
    "mentoring:application": Route(ok=RECRUITERS),
    "mentoring:apply": Route(ok=PUPILS),
    "mentoring:mentor_detail": Route(ok=RECRUITERS),
    "mentoring:assign_class": Route(ok=RECRUITERS, method="post", ok_status=302),
    "mentoring:parent_meeting": Route(ok=RECRUITERS, method="post", ok_status=302),
    "mentoring:mentor_hours": Route(ok=RECRUITERS, method="post", ok_status=302),
    "mentoring:activities": Route(ok=RECRUITERS),
    "mentoring:me": Route(ok=frozenset({"mentor"})),
    "mentoring:progress": Route(ok=STAFF_ROLES),
    "mentoring:class_sessions": Route(ok=STAFF_ROLES),
    "mentoring:log_session": Route(ok=STAFF_ROLES),
    "mentoring:session_detail": Route(ok=STAFF_ROLES),
    # The sample session is in class A, where `pupil_user` is enrolled.
    "mentoring:rate_session": Route(ok=frozenset({"pupil_user"})),
    "mentoring:materials": Route(ok=STAFF_ROLES | {"mentor"}),
    "mentoring:material_file": Route(ok=STAFF_ROLES | {"mentor"}),
    "mentoring:time": Route(ok=RESOURCE_GROUP),
}


def _round(cast, own: bool) -> RecruitmentRound:
    today = timezone.localdate()
    year = cast.year if own else cast.other_year
    found, _created = RecruitmentRound.objects.get_or_create(
        school_year=year,
        defaults={
            "school": year.school,
            "opens_on": today - datetime.timedelta(days=1),
            "closes_on": today + datetime.timedelta(days=14),
            "created_by": cast.principal if own else cast.outsider,
        },
    )
    return found


def _application(cast, own: bool) -> MentorApplication:
    found, _created = MentorApplication.objects.get_or_create(
        round=_round(cast, own),
        pupil=cast.pupil if own else cast.other_pupil,
        defaults={"motivation": "Jeg vil hjelpe nye elever."},
    )
    return found


def _mentor(cast, own: bool) -> Mentor:
    found, _created = Mentor.objects.get_or_create(
        round=_round(cast, own),
        pupil=cast.pupil_b if own else cast.other_pupil,
        defaults={"school": cast.school if own else cast.other_school},
    )
    return found


def _session(cast, own: bool) -> LifeSkillsSession:
    school_class = cast.class_a if own else cast.other_class
    found, _created = LifeSkillsSession.objects.get_or_create(
        school_class=school_class,
        topic="vennskap",
        defaults={
            "school": school_class.school,
            "status": SessionStatus.DELIVERED,
            "delivered_on": timezone.localdate(),
            "led_by": "mentors",
        },
    )
    return found


def _material(cast, own: bool) -> Material:
    return Material.objects.create(
        school=cast.school if own else cast.other_school,
        topic="vennskap",
        title="Opplegg",
        file_name="opplegg.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 test",
        added_by=cast.principal if own else cast.outsider,
    )


SAMPLES: dict[str, Sample] = {
    "round_uuid": lambda cast, user, own: _round(cast, own).uuid,
    "application_uuid": lambda cast, user, own: _application(cast, own).uuid,
    "mentor_uuid": lambda cast, user, own: _mentor(cast, own).uuid,
    "session_uuid": lambda cast, user, own: _session(cast, own).uuid,
    "material_uuid": lambda cast, user, own: _material(cast, own).uuid,
}
