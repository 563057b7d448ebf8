"""E-mail about new concerns and § 12-5 reports, sent by the task worker.

The message says only that there is something new and links in: no pupil name, case
number or content ever goes into an e-mail (LAW.md; issue 3 point 8). Recipients are
worked out when the task runs (`actions.concern_recipients`), and never include the
employee a § 12-5 concern names.
"""

import uuid

from crontask import cron
from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _


def _send(addresses: list[str], path: str) -> None:
    link = settings.SITE_URL.rstrip("/") + path
    body = _("Du har en ny melding i Drømmeskolen.") + "\n\n" + _("Logg inn for å lese den:") + f" {link}\n"
    for address in addresses:
        # One message per person: recipients never see each other.
        EmailMessage(_("Ny melding i Drømmeskolen"), body, to=[address]).send()


@task()
def notify_new_concern(concern_uuid: str) -> None:
    from .actions import concern_recipients
    from .models import Concern

    concern = Concern.objects.select_related("school").filter(uuid=uuid.UUID(concern_uuid)).first()
    if concern is None:
        return
    recipients = concern_recipients(concern)
    if recipients:
        _send(recipients, reverse("cases:owner_cases" if concern.routed_to_owner else "cases:inbox"))


@task()
def notify_reported_to_owner(case_uuid: str) -> None:
    """§ 12-5: the principal reported the case to the school owner; tell its representatives."""
    from .actions import owner_representatives
    from .models import Case

    case = Case.objects.select_related("school").filter(uuid=uuid.UUID(case_uuid)).first()
    if case is None:
        return
    users = owner_representatives(case.school).filter(is_active=True).exclude(email="")
    if case.suspected_employee_id is not None:
        users = users.exclude(pk=case.suspected_employee_id)
    _send(sorted(set(users.values_list("email", flat=True))), reverse("cases:owner_cases"))


# Every weekday before school starts (Europe/Oslo): reminders before evaluation dates and
# of passed deadlines. The scheduler (`manage.py crontask`, one process) enqueues it; the
# worker runs it. `manage.py send_case_reminders` does the same by hand or from cron.
@cron("0 6 * * mon-fri")  # type: ignore[untyped-decorator]  # crontask ships no types
@task()
def send_daily_case_reminders() -> int:
    from .reminders import send_due_reminders

    return send_due_reminders()


# Every morning: copies of adopted plans for readers who came later (a pupil who has
# turned 15, a guardian given an account). `manage.py share_plan_copies` does it by hand.
@cron("45 5 * * *")  # type: ignore[untyped-decorator]  # crontask ships no types
@task()
def share_missing_plan_copies() -> int:
    from .family import share_missing_copies

    return share_missing_copies()
