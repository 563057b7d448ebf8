"""Demo cases under the duty to act, so that a new user sees the workflow at every stage.

At each demo school, through the same actions the pages use (so the journal's hash chain,
the access rules and the family's copy are real):

- a new concern from the contact teacher, waiting in the principal's inbox;
- a case under investigation, handled by the department head, with the pupil heard;
- the demo pupil's case with an adopted activity plan, which the demo guardian with
  parental responsibility (and the pupil, when 15 or older) can read and answer.

Everything here is fictional demo data.
"""

import datetime

from django.utils import timezone

from drommeskolen.accounts.models import User
from drommeskolen.cases import actions, actions_followup
from drommeskolen.cases.models import CaseStatus, HeardParty, PlanArea
from drommeskolen.core.models import School
from drommeskolen.people.models import Pupil

from . import logins


def _user(school: logins.DemoSchool, local: str) -> User:
    return User.objects.get(email=logins.school_login_email(local, school))


def add_demo_cases(demo_school: logins.DemoSchool, school: School, today: datetime.date) -> None:
    principal = _user(demo_school, "rektor")
    head = _user(demo_school, "avdelingsleder")
    contact_teacher = _user(demo_school, "kontaktlarer")
    demo_pupil = Pupil.objects.get(user__email=logins.school_login_email("elev", demo_school))
    classmates = list(
        Pupil.objects.filter(enrolments__school_class__in=demo_pupil.enrolments.values("school_class"))
        .exclude(pk=demo_pupil.pk)
        .filter(confidential_address=False)
        .order_by("last_name", "first_name")[:2]
    )
    now = timezone.now()

    # 1. A new concern, not yet a case.
    actions.report_concern(
        acting_user=contact_teacher,
        school=school,
        pupils=[classmates[0]],
        what_happened="Satt alene i kantina tre dager på rad og ville ikke snakke med noen.",
        occurred_at=now - datetime.timedelta(hours=3),
        place="Kantina",
    )

    # 2. A case under investigation.
    concern = actions.report_concern(
        acting_user=contact_teacher,
        school=school,
        pupils=[classmates[1]],
        what_happened="Flere i klassen lo da eleven kom inn, og det gikk en melding rundt på telefonene.",
        occurred_at=now - datetime.timedelta(days=3),
        intervened=True,
        intervention="Stoppet latteren og snakket med klassen om hvordan vi behandler hverandre.",
    )
    case = actions.open_case(acting_user=principal, concern=concern)[0]
    actions.assign_handler(acting_user=principal, case=case, handler=head)
    actions.change_status(acting_user=head, case=case, to=CaseStatus.INVESTIGATING, reason="Undersøkelsen starter.")
    actions_followup.record_conversation(
        acting_user=head,
        case=case,
        party=HeardParty.PUPIL,
        text="«Jeg vet ikke hvem som startet det, men jeg gruer meg til å gå inn i klasserommet.»",
        occurred_at=now - datetime.timedelta(days=1),
    )

    # 3. The demo pupil's case, with an adopted plan the family can read and answer.
    concern = actions.report_concern(
        acting_user=contact_teacher,
        school=school,
        pupils=[demo_pupil],
        what_happened="Eleven blir holdt utenfor i friminuttene og sier at ingen vil være med.",
        occurred_at=now - datetime.timedelta(days=14),
    )
    case = actions.open_case(acting_user=principal, concern=concern)[0]
    actions.assign_handler(acting_user=principal, case=case, handler=head)
    actions.change_status(acting_user=head, case=case, to=CaseStatus.INVESTIGATING, reason="Undersøkelsen starter.")
    actions_followup.record_pupil_experience(
        acting_user=head,
        case=case,
        text="«Jeg er alene i nesten alle friminutt. Det er kjipt å gå på skolen.»",
        occurred_at=now - datetime.timedelta(days=12),
    )
    version = actions.start_plan_version(acting_user=head, case=case)
    actions.save_plan_draft(
        acting_user=head,
        version=version,
        problem="Eleven opplever å bli holdt utenfor i friminuttene.",
        pupil_view="Eleven vil gjerne ha noen å være sammen med i friminuttene.",
        guardians_view="",
        evaluation_date=today + datetime.timedelta(days=21),
    )
    actions.add_measure(
        acting_user=head,
        version=version,
        description="En voksen er til stede der elevene er i friminuttene, og tar initiativ til aktiviteter.",
        starts_on=today,
        timing="Hvert friminutt",
        responsible=[contact_teacher],
        areas=[PlanArea.ADULT_ROLE],
    )
    actions.add_measure(
        acting_user=head,
        version=version,
        description="Klassen arbeider med vennskap i klassens time, med elevmentorene.",
        starts_on=today,
        timing="Annenhver uke i klassens time",
        responsible=[contact_teacher],
        areas=[PlanArea.COMMUNITY_DIDACTICS, PlanArea.SOCIAL_POSITIONS],
    )
    actions.adopt_plan_version(acting_user=head, version=version)
    actions.change_status(acting_user=head, case=case, to=CaseStatus.MEASURES_IN_PLACE, reason="Planen er vedtatt.")
