"""Small builders for the cases tests: everything goes through the actions, as in the app."""

from django.utils import timezone

from drommeskolen.cases.actions import open_case, report_concern
from drommeskolen.cases.models import Case, Concern


def make_concern(cast, *, pupils=None, reporter=None, text="Ble holdt utenfor i friminuttet.", **extra) -> Concern:
    return report_concern(
        acting_user=reporter or cast.contact_teacher,
        school=cast.school,
        pupils=pupils or [cast.pupil],
        what_happened=text,
        occurred_at=timezone.now(),
        **extra,
    )


def make_case(cast, *, pupil=None, opener=None, **extra) -> Case:
    """A case opened by the department head (so they are its handler)."""
    concern = make_concern(cast, pupils=[pupil or cast.pupil], **extra)
    return open_case(acting_user=opener or cast.department_head, concern=concern)[0]
