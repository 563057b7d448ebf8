"""Reminders of the duty to act (issue 3 point 6): before each evaluation date and when a
deadline has passed, the case handler and the principal get an e-mail — once each, as
`CaseReminder` records what has been sent, so the daily sweep may run any number of times.

The e-mail says only that there is something new and links to the case page: no pupil
name, case number or content (LAW.md; issue 3 point 8). It is sent by the task worker.
"""

import datetime
import uuid
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from drommeskolen.accounts.models import User
from drommeskolen.people.models import Role, RoleKind

from . import actions, deadlines
from .models import Case, CaseReminder, CaseStatus

EVALUATION_SOON = "evaluation_soon"


def _overdue_kind(kind: str) -> str:
    return f"{kind}_overdue"


def recipients(case: Case, principals: list[Any], owner_representatives: list[Any], suspects: set[int]) -> list[Any]:
    """The handler and the principal(s); for a § 12-5 case the principal(s) only, and for
    one sent directly to the school owner its representatives instead. Never an employee
    who may be offending (named on the case or on any of its concerns)."""
    people = list(owner_representatives if case.routed_to_owner else principals)
    if case.handler is not None and not case.enhanced_duty and case.handler.is_active:
        people.append(case.handler)
    unique = {user.pk: user for user in people if user.pk not in suspects and user.email}
    return list(unique.values())


def recipients_for(case: Case) -> list[Any]:
    """`recipients` for one case, looked up on its own (a message about one case)."""
    principal_ids = Role.objects.current().filter(school_id=case.school_id, kind=RoleKind.PRINCIPAL)
    principals = list(User.objects.filter(pk__in=principal_ids.values("user_id"), is_active=True))
    owner_representatives = (
        list(actions.owner_representatives(case.school).filter(is_active=True)) if case.routed_to_owner else []
    )
    suspects = _suspects(Case.objects.filter(pk=case.pk)).get(case.pk, set())
    return recipients(case, principals, owner_representatives, suspects)


def _suspects(cases: Any) -> dict[int, set[int]]:
    """Per case, everyone named as the employee who may be offending (one query)."""
    found: dict[int, set[int]] = {}
    named = Case.concerns.through.objects.filter(case__in=cases, concern__suspected_employee__isnull=False)
    for case_id, user_id in named.values_list("case_id", "concern__suspected_employee_id"):
        found.setdefault(case_id, set()).add(user_id)
    for case_id, user_id in cases.filter(suspected_employee__isnull=False).values_list("pk", "suspected_employee_id"):
        found.setdefault(case_id, set()).add(user_id)
    return found


def due(found: deadlines.CaseDeadlines, reminder_days: int, today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The reminders a case is due today: (kind, the deadline's date)."""
    items = []
    evaluation = found.evaluation
    if (
        evaluation is not None
        and evaluation.due is not None
        and evaluation.met_on is None
        and evaluation.due - datetime.timedelta(days=reminder_days) <= today <= evaluation.due
    ):
        items.append((EVALUATION_SOON, evaluation.due))
    for deadline in found.overdue:
        if deadline.due is not None:
            items.append((_overdue_kind(deadline.kind), deadline.due))
    return items


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Record and send every reminder due today that has not been sent; how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    open_cases = Case.objects.exclude(status=CaseStatus.CLOSED)
    for school_id in sorted(set(open_cases.values_list("school_id", flat=True))):
        reminder_days = deadlines.settings_for(school_id).reminder_days
        principal_ids = (
            Role.objects.current(today)
            .filter(school_id=school_id, kind=RoleKind.PRINCIPAL)
            .values_list("user_id", flat=True)
        )
        principals = list(User.objects.filter(pk__in=principal_ids, is_active=True))
        cases = open_cases.filter(school_id=school_id).select_related("handler", "school")
        suspects = _suspects(cases)
        owner_representatives: list[Any] | None = None
        for found in deadlines.case_deadlines_for(school_id, cases, today):
            items = due(found, reminder_days, today)
            if not items:
                continue
            if owner_representatives is None:
                owner_representatives = list(actions.owner_representatives(found.case.school).filter(is_active=True))
            people = recipients(found.case, principals, owner_representatives, suspects.get(found.case.pk, set()))
            sent += _send(found.case, items, people)
    return sent


def _send(case: Case, items: list[tuple[str, datetime.date]], people: list[Any]) -> int:
    sent = 0
    with transaction.atomic():
        for kind, due_on in items:
            for user in people:
                _reminder, created = CaseReminder.objects.get_or_create(
                    case=case, kind=kind, due_on=due_on, recipient=user
                )
                if created:
                    transaction.on_commit(partial(send_reminder.enqueue, user.email, str(case.uuid)))
                    sent += 1
    return sent


@task()
def send_reminder(address: str, case_uuid: str) -> None:
    """One content-free message to one person, linking to the case page."""
    link = settings.SITE_URL.rstrip("/") + reverse("cases:case_detail", kwargs={"case_uuid": uuid.UUID(case_uuid)})
    body = _("Du har en ny melding i Drømmeskolen.") + "\n\n" + _("Logg inn for å lese den:") + f" {link}\n"
    EmailMessage(_("Ny melding i Drømmeskolen"), body, to=[address]).send()
