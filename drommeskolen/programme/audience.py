"""Who takes part in an årshjul event — the one rule behind personal calendar feeds and
e-mail reminders.

A person takes part in an event when
- they hold, at the event's school in the event's school year, a role whose kind is in the
  event's audience (membership of the resource group in `ResourceGroupMember` counts as the
  role "resource group member"), or
- the event belongs to a class and asks for its contact teacher, and they are a contact
  teacher of that class.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Role, RoleKind

from .models import ResourceGroupMember, WheelEvent


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
    """Active staff taking part in the event (for reminders). Pupil mentors are left out:
    their own pages come with the mentoring app."""
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
