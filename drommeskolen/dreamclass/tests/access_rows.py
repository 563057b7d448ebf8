"""Access-matrix rows for Drømmeklassen (see tests/test_access_matrix.py).

Leaders of a class's sessions: the resource group (principal, coordinator, member), the
class's contact teacher and its mentors. The samples assign the cast's `mentor` to class A
(mentoring.MentorClass), so that the object pages show a mentor leading. The start page
has no object: the cast's mentor leads no class there and gets 404. Pupils reach a round
only with its join code: those pages are public, and a code of school B is "another
school's" object — a code that does not work (404). The school's manual document is for
anyone who leads a class's sessions at the school."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conftest import Cast
from drommeskolen.dreamclass import actions
from drommeskolen.dreamclass.models import DreamSession, ManualText, Part, Round, SessionKind
from drommeskolen.mentoring.models import Mentor, MentorClass
from drommeskolen.people.models import SchoolClass
from tests.matrix import EVERYONE, Route, Sample

RESOURCE_GROUP = frozenset({"principal", "resource_group_member", "resource_group_coordinator"})
LEADERS = RESOURCE_GROUP | {"contact_teacher", "mentor"}

ROWS: dict[str, Route] = {
    "dreamclass:home": Route(ok=RESOURCE_GROUP | {"contact_teacher"}),
    "dreamclass:manual": Route(ok=RESOURCE_GROUP),
    "dreamclass:manual_download": Route(ok=LEADERS),
    "dreamclass:class_detail": Route(ok=LEADERS),
    "dreamclass:session_detail": Route(ok=LEADERS),
    "dreamclass:round_detail": Route(ok=LEADERS),
    # Empty POSTs: the leader is sent back to the round with a message (advancing works).
    "dreamclass:round_advance": Route(ok=LEADERS, method="post", ok_status=302),
    "dreamclass:answer_hide": Route(ok=LEADERS, method="post", ok_status=302),
    "dreamclass:answer_group": Route(ok=LEADERS, method="post", ok_status=302),
    "dreamclass:cluster_add": Route(ok=LEADERS, method="post", ok_status=302),
    "dreamclass:clusters_suggest": Route(ok=LEADERS, method="post", ok_status=302),
    "dreamclass:projector": Route(ok=LEADERS),
    "dreamclass:projector_feed": Route(ok=LEADERS),
    # Pupils, without an account. An empty answer or vote gets the page back with an error.
    "dreamclass:join": Route(ok=EVERYONE, public=True, anonymous_status=200),
    "dreamclass:pupil": Route(ok=EVERYONE, public=True, anonymous_status=200),
    "dreamclass:pupil_vote": Route(ok=EVERYONE, method="post", public=True, anonymous_status=200),
    "dreamclass:pupil_state": Route(ok=EVERYONE, public=True, anonymous_status=200),
}


def _class(cast: Cast, own: bool) -> SchoolClass:
    """Class A with the cast's mentor assigned to it, or the other school's class."""
    if not own:
        return cast.other_class
    pupil = cast.mentor.pupil
    mentor, _created = Mentor.objects.get_or_create(school=cast.school, pupil=pupil, round=None)
    MentorClass.objects.get_or_create(mentor=mentor, school_class=cast.class_a)
    return cast.class_a


def _session(cast: Cast, own: bool) -> DreamSession:
    school_class = _class(cast, own)
    return actions.start_session(acting_user=cast.principal, school_class=school_class, kind=SessionKind.DK1)


def _round(cast: Cast, own: bool) -> Round:
    return actions.start_round(acting_user=cast.principal, session=_session(cast, own), question="Hva er viktig?")


_SAMPLE_FILE = "dreamclass/manual/access-matrix-sample"


def _manual_file(cast: Cast, own: bool) -> ManualText:
    """A document in school A's manual (the mentor leading class A), or in school B's."""
    school = _class(cast, own).school
    if not default_storage.exists(_SAMPLE_FILE):
        default_storage.save(_SAMPLE_FILE, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    manual, _created = ManualText.objects.get_or_create(
        school=school,
        kind=SessionKind.DK1,
        part=Part.WELCOME,
        defaults={
            "file": _SAMPLE_FILE,
            "file_uuid": uuid.uuid4(),
            "file_name": "manus.pdf",
            "content_type": "application/pdf",
            "file_size": 15,
            "updated_by": cast.principal,
        },
    )
    return manual


SAMPLES: dict[str, Sample] = {
    "dk_class_uuid": lambda cast, user, own: _class(cast, own).uuid,
    "dk_session_uuid": lambda cast, user, own: _session(cast, own).uuid,
    "voice_round_uuid": lambda cast, user, own: _round(cast, own).uuid,
    "manual_file_uuid": lambda cast, user, own: _manual_file(cast, own).file_uuid,
    # A running round of school A; for "another school" a code that leads nowhere.
    "join_code": lambda cast, user, own: _round(cast, True).code if own else "XXXXXX",
}
