"""Writes of the fidelity app: registrations for the network gatherings and orders."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from drommeskolen.core.models import School, SchoolYear

from .models import PLACES, Order, Registration


def places_left(*, school: School, school_year: SchoolYear, gathering: str, participant: str) -> int:
    taken = Registration.objects.filter(
        school=school, school_year=school_year, gathering=gathering, participant=participant
    ).count()
    return PLACES.get((gathering, participant), 0) - taken


@transaction.atomic
def register(
    *, acting_user: Any, school: School, school_year: SchoolYear, gathering: str, participant: str, name: str
) -> Registration:
    """A person for a gathering, within the school's places (2 mentors + 1 adult for the
    mentor gathering, 2 adults for the resource-group gathering)."""
    if (gathering, participant) not in PLACES:
        raise ValidationError(_("Denne samlingen har ikke plasser for denne typen deltaker."))
    # Lock the school's row so that two coordinators cannot both take the last place.
    School.objects.select_for_update().filter(pk=school.pk).first()
    if places_left(school=school, school_year=school_year, gathering=gathering, participant=participant) <= 0:
        raise ValidationError(_("Skolen har ikke flere plasser av denne typen på samlingen."))
    return Registration.objects.create(
        school=school,
        school_year=school_year,
        gathering=gathering,
        participant=participant,
        name=name.strip(),
        registered_by=acting_user,
    )


@transaction.atomic
def remove_registration(*, acting_user: Any, registration: Registration) -> None:
    registration.delete()


@transaction.atomic
def place_order(
    *, acting_user: Any, school: School, school_year: SchoolYear, item: str, size: str, quantity: int
) -> Order:
    order = Order(
        school=school, school_year=school_year, item=item, size=size, quantity=quantity, ordered_by=acting_user
    )
    order.full_clean(exclude=["school", "school_year", "ordered_by"])
    order.save()
    return order


@transaction.atomic
def remove_order(*, acting_user: Any, order: Order) -> None:
    order.delete()
