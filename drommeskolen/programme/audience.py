"""Who takes part in an årshjul event — the one rule behind personal calendar feeds and
e-mail reminders.

A person takes part in an event when
- they hold, at the event's school in the event's school year, a role whose kind is in the
  event's audience (membership of the resource group in `ResourceGroupMember` counts as the
  role "resource group member"), or
- the event belongs to a class and asks for its contact teacher, and they are a contact
  teacher of that class.

E-mail reminders (`participants`) follow the same rule, except that the audience kind
"pupil mentor" reaches no one by e-mail. Events added by hand get their audience from one
of `CHOICES`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Role, RoleKind

from .generate import ALL_STAFF, LEADERSHIP, RESOURCE_GROUP
from .models import ResourceGroupMember, WheelEvent


@dataclass(frozen=True)
class Choice:
    """Who an event added by hand is for: role kinds, and whether it needs a class (then the
    class's contact teacher is in it). Stored in `audience` and `for_contact_teacher`."""

    key: str
    label: str | Promise
    kinds: tuple[str, ...]
    needs_class: bool = False


CHOICES = (
    Choice("all_staff", _("Alle ansatte"), ALL_STAFF),
    Choice("resource_group", _("Ressursgruppen"), RESOURCE_GROUP),
    Choice("leadership", _("Ledelsen"), LEADERSHIP),
    Choice("resource_group_and_leadership", _("Ressursgruppen og ledelsen"), (*RESOURCE_GROUP, *LEADERSHIP)),
    Choice("resource_group_and_mentors", _("Ressursgruppen og elevmentorer"), (*RESOURCE_GROUP, RoleKind.PUPIL_MENTOR)),
    Choice("contact_teacher", _("Klassens kontaktlærer"), (), needs_class=True),
    Choice(
        "contact_teacher_and_mentors",
        _("Klassens kontaktlærer og elevmentorer"),
        (RoleKind.PUPIL_MENTOR,),
        needs_class=True,
    ),
)
CHOICES_BY_KEY = {choice.key: choice for choice in CHOICES}


def choice_of(event: WheelEvent) -> Choice | None:
    """The choice that gives the event's stored audience, if any (a generated event may have
    one the form does not offer, such as Elevundersøkelsen's group, leadership and every
    contact teacher)."""
    for choice in CHOICES:
        wanted_contact_teacher = choice.needs_class or event.school_class_id is not None
        if set(choice.kinds) == event.audience_kinds and event.for_contact_teacher == wanted_contact_teacher:
            return choice
    return None


class Participation:
    """One person's kinds and contact-teacher classes in one school year (two queries)."""

    def __init__(self, school: School, year: SchoolYear, user: Any) -> None:
        roles = list(
            Role.objects.filter(user=user, school=school, school_year=year).values_list("kind", "school_class_id")
        )
        self.kinds = {kind for kind, _class_id in roles}
        self.contact_classes = {
            class_id for kind, class_id in roles if kind == RoleKind.CONTACT_TEACHER and class_id is not None
        }
        if ResourceGroupMember.objects.filter(school=school, user=user).exists():
            self.kinds.add(RoleKind.RESOURCE_GROUP_MEMBER)

    def takes_part(self, event: WheelEvent) -> bool:
        if event.audience_kinds & self.kinds:
            return True
        return event.for_contact_teacher and event.school_class_id in self.contact_classes


def events_of(school: School, year: SchoolYear, user: Any) -> list[WheelEvent]:
    """The events of the year that the user takes part in."""
    participation = Participation(school, year, user)
    events = WheelEvent.objects.shown().filter(school_year=year)
    return [event for event in events if participation.takes_part(event)]


def participants(event: WheelEvent) -> Iterable[Any]:
    """Active people to remind of the event by e-mail: staff by role and contact teacher,
    and the members of the resource group for the group's events.

    The audience kind "pupil mentor" reaches no one here: mentors see their classes' events
    on their own page (mentoring:me). A pupil who sits in the resource group (the pupil
    council's seat) is a member like the others, though, and is reminded of the group's
    events."""
    kinds = set(event.audience_kinds) - {RoleKind.PUPIL_MENTOR}
    by_role = Role.objects.filter(school_year=event.school_year_id, kind__in=kinds).values("user_id")
    user_ids = set(by_role.values_list("user_id", flat=True))
    if kinds & {RoleKind.RESOURCE_GROUP_MEMBER, RoleKind.RESOURCE_GROUP_COORDINATOR}:
        members = ResourceGroupMember.objects.filter(school_id=event.school_id)
        user_ids |= set(members.values_list("user_id", flat=True))
    if event.for_contact_teacher and event.school_class_id is not None:
        teachers = Role.objects.filter(school_class_id=event.school_class_id, kind=RoleKind.CONTACT_TEACHER)
        user_ids |= set(teachers.values_list("user_id", flat=True))
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
