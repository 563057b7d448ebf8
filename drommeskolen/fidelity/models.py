"""The network's yearly gatherings and the school's orders (seed 000, issue 4 point 9).

A school registers who goes to the two gatherings of the Drømmeskole network (the 2-day
mentor gathering: 2 mentors and 1 adult per school; the 1-day resource-group gathering: 2
adults per school) and orders materials and T-shirts. The school's coordinator enters the
names; the programme owner (network viewer) sees counts and totals only, never a name.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School, SchoolYear


class Gathering(models.TextChoices):
    MENTORS = "mentors", _("Elevmentorsamling (2 dager)")
    RESOURCE_GROUP = "resource_group", _("Ressursgruppesamling (1 dag)")


class Participant(models.TextChoices):
    MENTOR = "mentor", _("Elevmentor")
    ADULT = "adult", _("Voksen")


# Places per school at each gathering (seed 000).
PLACES: dict[tuple[str, str], int] = {
    (Gathering.MENTORS, Participant.MENTOR): 2,
    (Gathering.MENTORS, Participant.ADULT): 1,
    (Gathering.RESOURCE_GROUP, Participant.ADULT): 2,
}


class Registration(models.Model):
    """One person registered for a network gathering by their school."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    gathering = models.CharField(_("samling"), max_length=20, choices=Gathering.choices)
    participant = models.CharField(_("deltaker"), max_length=10, choices=Participant.choices)
    name = models.CharField(_("navn"), max_length=200)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["gathering", "participant", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gathering="mentors") | Q(participant="adult"), name="registration_participant_fits"
            )
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class Item(models.TextChoices):
    T_SHIRT = "t_shirt", _("T-skjorte til elevmentorer")
    MENTOR_MATERIALS = "mentor_materials", _("Materiell til elevmentorene")
    LIFE_SKILLS_MATERIALS = "life_skills_materials", _("Materiell til livsmestringssamlingene")
    CLASS_POSTER = "class_poster", _("Drømmeklasseplakat")


class Size(models.TextChoices):
    XS = "XS", "XS"
    S = "S", "S"
    M = "M", "M"
    L = "L", "L"
    XL = "XL", "XL"
    XXL = "XXL", "XXL"


class Order(models.Model):
    """One line of a school's order of materials or T-shirts (size for T-shirts only)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(_("vare"), max_length=30, choices=Item.choices)
    size = models.CharField(_("størrelse"), max_length=3, choices=Size.choices, blank=True)
    quantity = models.PositiveSmallIntegerField(_("antall"))
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bestilling")
        verbose_name_plural = _("bestillinger")
        ordering = ["item", "size", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(item="t_shirt") & ~Q(size="")) | (~Q(item="t_shirt") & Q(size="")),
                name="order_size_for_t_shirts_only",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1, quantity__lte=1000), name="order_quantity_range"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)
