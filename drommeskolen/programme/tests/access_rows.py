"""Access-matrix rows for the Drømmeskolen year (tests/test_access_matrix.py).

The resource group and the leadership manage; all staff read the årshjul and make their
own calendar feeds; pupils, guardians and everyone else get 404. The calendar feed itself
is public: its secret token is the key (another school's revoked token: 404)."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conftest import STAFF_ROLES
from drommeskolen.programme import actions
from drommeskolen.programme.models import (
    CalendarFeed,
    EventKind,
    ResourceGroupMember,
    RoadmapStep,
    StepEvidence,
    WheelEvent,
)
from tests.matrix import EVERYONE, Route

MANAGERS = frozenset({"principal", "leadership", "resource_group_member", "resource_group_coordinator"})
_SAMPLE_FILE = "programme/evidence/access-matrix-sample"

ROWS: dict[str, Route] = {
    "programme:overview": Route(ok=STAFF_ROLES),
    "programme:roadmap": Route(ok=MANAGERS),
    "programme:readiness": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:step_detail": Route(ok=MANAGERS),
    "programme:step_upload": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:evidence_download": Route(ok=MANAGERS),
    "programme:resource_group": Route(ok=MANAGERS),
    "programme:member_edit": Route(ok=MANAGERS),
    "programme:meeting_create": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:meeting_detail": Route(ok=MANAGERS),
    "programme:task_add": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:task_done": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:wheel": Route(ok=STAFF_ROLES),
    "programme:event_list": Route(ok=STAFF_ROLES),
    "programme:dates": Route(ok=MANAGERS),
    "programme:generate": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:event_add": Route(ok=MANAGERS),
    "programme:event_detail": Route(ok=STAFF_ROLES),
    "programme:event_remove": Route(ok=MANAGERS, method="post", ok_status=302),
    "programme:attendance": Route(ok=MANAGERS),
    "programme:feeds": Route(ok=STAFF_ROLES),
    "programme:feed_revoke": Route(ok=STAFF_ROLES, method="post", ok_status=302),  # the user's own feed
    "programme:feed_ics": Route(ok=EVERYONE, public=True, anonymous_status=200),
}


def _school(cast, own):
    return cast.school if own else cast.other_school


def _year(cast, own):
    return cast.year if own else cast.other_year


def _step(cast, own):
    actions.ensure_roadmap(school=_school(cast, own))
    return RoadmapStep.objects.filter(school=_school(cast, own)).first()


def _evidence(cast, own):
    if not default_storage.exists(_SAMPLE_FILE):
        default_storage.save(_SAMPLE_FILE, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    evidence = StepEvidence(
        step=_step(cast, own),
        file_name="avtale.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=cast.principal,
    )
    evidence.file.name = _SAMPLE_FILE
    evidence.save()
    return evidence


def _member(cast, own):
    # A pupil on the pupil council: a member who does not become a manager (not staff).
    user = cast.mentor if own else cast.outsider
    member, _created = ResourceGroupMember.objects.get_or_create(
        school=_school(cast, own), user=user, defaults={"position": "pupil_council"}
    )
    return member


def _meeting(cast, own):
    return actions.create_meeting(acting_user=cast.principal, school=_school(cast, own), held_on=datetime.date.today())


def _task(cast, own):
    return actions.add_task(acting_user=cast.principal, meeting=_meeting(cast, own), title="Bestille materiell")


def _event(cast, own):
    year = _year(cast, own)
    event, _created = WheelEvent.objects.get_or_create(
        school_year=year,
        model_key="staff-workshop",
        defaults={
            "school": year.school,
            "kind": EventKind.STAFF_WORKSHOP,
            "title": "Workshop for alle ansatte",
            "starts_on": year.starts_on,
            "ends_on": year.starts_on,
            "start_time": datetime.time(12),
            "end_time": datetime.time(16),
            "audience": "principal,teacher",
        },
    )
    if event.removed:  # taken out by the previous role's request
        WheelEvent.objects.filter(pk=event.pk).update(removed=False)
    return event


def _feed(cast, user, own):
    school = _school(cast, own)
    return CalendarFeed.issue(school=school, created_by=user, user=user if own else cast.outsider)[0]


def _token(cast, own):
    feed, token = CalendarFeed.issue(school=_school(cast, own), created_by=cast.principal)
    if not own:
        actions.revoke_feed(acting_user=cast.principal, feed=feed)
    return token


SAMPLES = {
    "step_uuid": lambda cast, user, own: _step(cast, own).uuid,
    "evidence_uuid": lambda cast, user, own: _evidence(cast, own).uuid,
    "rg_member_uuid": lambda cast, user, own: _member(cast, own).uuid,
    "rg_meeting_uuid": lambda cast, user, own: _meeting(cast, own).uuid,
    "rg_task_uuid": lambda cast, user, own: _task(cast, own).uuid,
    "wheel_event_uuid": lambda cast, user, own: _event(cast, own).uuid,
    "feed_uuid": lambda cast, user, own: _feed(cast, user, own).uuid,
    "feed_token": lambda cast, user, own: _token(cast, own),
}
