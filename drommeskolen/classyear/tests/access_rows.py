"""Access-matrix rows for Klasseåret (see tests/test_access_matrix.py).

Class samples are the cast's class A, whose contact teacher is `contact_teacher` and where
`pupil_user` is enrolled. The cast's `mentor` has the pupil-mentor role but no mentor
class, so the class's pages answer them 404, as they do the teacher of class B.
"""

from django.utils import timezone

from drommeskolen.classyear import actions
from tests.matrix import Route, Sample

CIRCLE = frozenset(
    {"principal", "leadership", "resource_group_member", "resource_group_coordinator", "contact_teacher"}
)
SETTINGS = frozenset({"principal", "leadership", "resource_group_coordinator"})

ROWS: dict[str, Route] = {
    "classyear:class_list": Route(ok=CIRCLE),
    "classyear:settings": Route(ok=SETTINGS),
    "classyear:year": Route(ok=CIRCLE),
    "classyear:summary_pdf": Route(ok=CIRCLE),
    "classyear:poster": Route(ok=CIRCLE | {"pupil_user"}),
    "classyear:poster_pdf": Route(ok=CIRCLE | {"pupil_user"}),
    # Empty POSTs: the form is refused and the user is sent back to the poster.
    "classyear:edit_goals": Route(ok=CIRCLE, method="post", ok_status=302),
    "classyear:fetch_goals": Route(ok=CIRCLE, method="post", ok_status=302),
    "classyear:edit_missions": Route(ok=CIRCLE, method="post", ok_status=302),
    "classyear:open_follow_up": Route(ok=CIRCLE, method="post", ok_status=302),
    "classyear:new_meeting": Route(ok=CIRCLE),
    "classyear:follow_up": Route(ok=CIRCLE),
    "classyear:follow_up_pulse": Route(ok=CIRCLE, method="post", ok_status=302),
    # The sample pulse is open, in class A.
    "classyear:answer_pulse": Route(ok=frozenset({"pupil_user"})),
    "classyear:meeting": Route(ok=CIRCLE),
    "classyear:complete_measure": Route(ok=CIRCLE, method="post", ok_status=302),
}


def _class(cast, own: bool):
    return cast.class_a if own else cast.other_class


def _actor(cast, own: bool):
    return cast.contact_teacher if own else cast.outsider


def _follow_up(cast, own: bool):
    return actions.open_follow_up(
        acting_user=_actor(cast, own), school_class=_class(cast, own), held_on=timezone.localdate()
    )


def _pulse(cast, own: bool):
    return actions.start_pulse(acting_user=_actor(cast, own), follow_up=_follow_up(cast, own))


def _meeting(cast, own: bool):
    return actions.record_meeting(
        acting_user=_actor(cast, own), school_class=_class(cast, own), held_on=timezone.localdate(), agenda="", notes=""
    )


def _measure(cast, own: bool):
    return actions.decide_measure(
        acting_user=_actor(cast, own),
        meeting=_meeting(cast, own),
        title="Faste plasser i friminuttet",
        responsible="Kontaktlærer",
        due_on=timezone.localdate(),
    )


SAMPLES: dict[str, Sample] = {
    "follow_up_uuid": lambda cast, user, own: _follow_up(cast, own).uuid,
    "pulse_uuid": lambda cast, user, own: _pulse(cast, own).uuid,
    "class_meeting_uuid": lambda cast, user, own: _meeting(cast, own).uuid,
    "class_measure_uuid": lambda cast, user, own: _measure(cast, own).uuid,
}
