"""E-mail to the resource group when a class's pulse drops or a follow-up hour is missed,
sent by the task worker.

The message says only that there is something new and links in: no class name, pupil or
figure goes into the e-mail (LAW.md; as in cases/tasks.py)."""

import uuid

from crontask import cron
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from drommeskolen.people.models import Role, RoleKind, SchoolClass

RESOURCE_GROUP_KINDS = (RoleKind.RESOURCE_GROUP_MEMBER, RoleKind.RESOURCE_GROUP_COORDINATOR)


def resource_group_emails(school_id: int, school_year_id: int) -> list[str]:
    """The resource group of the school: by role this school year, or by membership."""
    roles = Role.objects.filter(school_id=school_id, school_year_id=school_year_id, kind__in=RESOURCE_GROUP_KINDS)
    users = get_user_model().objects.filter(
        Q(pk__in=roles.values("user_id")) | Q(resource_groups__school_id=school_id), is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _tell_resource_group(school_class: SchoolClass, *, page: str | None = None) -> None:
    """One message to each member; the link goes to the class's year, or to `page`."""
    link = settings.SITE_URL.rstrip("/") + (page or reverse("classyear:year", args=[school_class.uuid]))
    body = _("Du har en ny melding i Drømmeskolen.") + "\n\n" + _("Logg inn for å lese den:") + f" {link}\n"
    for address in resource_group_emails(school_class.school_id, school_class.school_year_id):
        # One message per person: recipients never see each other.
        EmailMessage(_("Ny melding i Drømmeskolen"), body, to=[address]).send()


@task()
def notify_pulse_drop(alert_uuid: str) -> None:
    from .models import PulseAlert

    alert = PulseAlert.objects.select_related("school_class").filter(uuid=uuid.UUID(alert_uuid)).first()
    if alert is not None:
        _tell_resource_group(alert.school_class)


@task()
def notify_missed_follow_up(alert_uuids: list[str]) -> None:
    """One school's newly missed hours of a run: one e-mail per member of its resource
    group, to the class's year, or to the start page (its list of missed hours) when
    several classes missed one."""
    from .models import MissedFollowUpAlert

    alerts = list(
        MissedFollowUpAlert.objects.select_related("school_class").filter(uuid__in=[uuid.UUID(u) for u in alert_uuids])
    )
    classes = {alert.school_class_id: alert.school_class for alert in alerts}
    if not classes:
        return
    school_class = next(iter(classes.values()))
    _tell_resource_group(school_class, page=None if len(classes) == 1 else reverse("core:home"))


# Every weekday at 06:15 (Europe/Oslo), enqueued by the scheduler (`manage.py crontask`):
# follow-up hours missed since the last run, each told to the resource group once. Weekend
# misses wait for Monday. `manage.py flag_missed_follow_ups` does the same by hand.
@cron("15 6 * * mon-fri")  # type: ignore[untyped-decorator]  # crontask ships no types
@task()
def flag_daily_missed_follow_ups() -> int:
    from .actions import flag_missed_follow_ups

    return flag_missed_follow_ups()
