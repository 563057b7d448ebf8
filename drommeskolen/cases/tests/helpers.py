"""Small builders for the cases tests: everything goes through the actions, as in the app."""

from django.utils import timezone

from drommeskolen.cases import actions
from drommeskolen.cases.actions import open_case, report_concern
from drommeskolen.cases.models import Case, CaseStatus, Concern, PlanArea


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


def adopted_case(cast, *, status=CaseStatus.MEASURES_IN_PLACE, evaluation_date=None):
    """A case handled by the department head with an adopted plan (a)–(e)."""
    case = make_case(cast)
    user = cast.department_head
    version = actions.start_plan_version(acting_user=user, case=case)
    actions.save_plan_draft(
        acting_user=user,
        version=version,
        problem="Holdes utenfor i friminuttene",
        pupil_view="",
        guardians_view="",
        evaluation_date=evaluation_date or timezone.localdate(),
    )
    actions.add_measure(
        acting_user=user,
        version=version,
        description="Voksen ute i friminuttene",
        starts_on=timezone.localdate(),
        responsible=[cast.contact_teacher],
        areas=[PlanArea.ADULT_ROLE],
    )
    actions.adopt_plan_version(acting_user=user, version=version)
    path = [CaseStatus.INVESTIGATING, CaseStatus.MEASURES_IN_PLACE, CaseStatus.EVALUATING]
    for step in path[: path.index(status) + 1] if status in path else []:
        actions.change_status(acting_user=user, case=case, to=step, reason="Videre")
    return Case.objects.get(pk=case.pk)


def close_after_investigation(user, case: Case, reason: str = "Trygg") -> None:
    """Close an investigated case the lawful way: the pupil's own word that all is well."""
    from drommeskolen.cases import actions_followup

    actions_followup.record_pupil_experience(
        acting_user=user, case=case, text="Jeg har det bra på skolen.", occurred_at=timezone.now()
    )
    actions.change_status(acting_user=user, case=case, to=CaseStatus.CLOSED, reason=reason, pupil_feels_safe=True)
