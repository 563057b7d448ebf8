"""Access-matrix rows for § 12-5, the principal's deputies and concerns from families
(tests/test_access_matrix.py).

Samples: a § 12-5 case (no employee named) opened by the principal; a concern in which the
pupil (cast.pupil_user) describes another pupil in words, so it has no pupil yet. "Other":
the same at school B — a family concern there is even reported by the asking user.
"""

from typing import Any

from django.utils import timezone

from conftest import Cast
from drommeskolen.cases.actions import open_case, report_concern
from drommeskolen.cases.actions_enhanced import tell_school
from drommeskolen.cases.models import ConcernSource
from tests.factories import EnrolmentFactory
from tests.matrix import CASE_OPENERS, Route, Sample

ROWS: dict[str, Route] = {
    # The school owner's representatives: § 12-5 matters sent or reported to the owner.
    "cases:owner_cases": Route(ok=frozenset({"owner_representative"})),
    # The sample § 12-5 case is the principal's alone.
    "cases:enhanced_decision": Route(ok=frozenset({"principal"})),
    "cases:deputies": Route(ok=frozenset({"principal"})),
    # No user given: the principal is sent back with a message.
    "cases:deputy_remove": Route(ok=frozenset({"principal"}), method="post", ok_status=302),
    # Pupils (the mentor is a pupil too) and guardians; one without parental responsibility
    # can only describe a pupil in words (no names are offered).
    "cases:family_report": Route(ok=frozenset({"pupil_user", "mentor", "guardian", "guardian_without_responsibility"})),
    "cases:family_receipt": Route(ok=frozenset({"pupil_user"})),
    "cases:family_link": Route(ok=CASE_OPENERS),
}


def _enhanced_case(cast: Cast, own: bool) -> Any:
    school_class = cast.class_a if own else cast.other_class
    pupil = EnrolmentFactory(school_class=school_class).pupil
    concern = report_concern(
        acting_user=cast.contact_teacher if own else cast.outsider,
        school=school_class.school,
        pupils=[pupil],
        what_happened="En voksen kjefter stygt på eleven.",
        occurred_at=timezone.now(),
        employee_may_be_offending=True,
    )
    return open_case(acting_user=cast.principal if own else cast.outsider, concern=concern)[0].uuid


def _family_concern(cast: Cast, user: Any, own: bool) -> Any:
    return tell_school(
        acting_user=cast.pupil_user if own else user,
        school=cast.school if own else cast.other_school,
        source=ConcernSource.PUPIL,
        pupil=None,
        described="En gutt i parallellklassen",
        what="Han sitter alltid alene.",
    ).uuid


SAMPLES: dict[str, Sample] = {
    "enhanced_case_uuid": lambda cast, user, own: _enhanced_case(cast, own),
    "family_concern_uuid": _family_concern,
}
