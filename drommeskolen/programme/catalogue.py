"""The Drømmeskolen model as code (seed 000): the implementation roadmap's steps and the
resource group's composition. Nothing here touches the database."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from drommeskolen.people.models import RoleKind

# Months of the school year in wheel order, August first (calendar month numbers).
SCHOOL_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)


@dataclass(frozen=True)
class StepDef:
    key: str
    title: Promise
    # Suggested month relative to the first school year with the model: 0 is its August,
    # -6 the February before it (the process starts about half a year ahead).
    month_offset: int
    owner: RoleKind
    description: str | Promise = ""
    needs_readiness: bool = False  # the readiness check must be passed before it is done


ROADMAP: tuple[StepDef, ...] = (
    StepDef(
        "getting_started",
        _("Komme i gang"),
        -7,
        RoleKind.PRINCIPAL,
        _("Identifiser interesse og behov hos ledelse, personalet og elevrådet. Kontakt Voksne for Barn."),
    ),
    StepDef(
        "dialogue_meeting",
        _("Dialogmøte med Voksne for Barn"),
        -7,
        RoleKind.PRINCIPAL,
        _("Med skolens ledelse, elevråd, rådgiver og eventuelt helsesykepleier eller andre relevante personer."),
    ),
    StepDef(
        "agreement",
        _("Avtale"),
        -6,
        RoleKind.PRINCIPAL,
        _("Beslutning tatt og avtale mellom skolen og Voksne for Barn skrives. Last opp den signerte avtalen."),
        needs_readiness=True,
    ),
    StepDef("plan", _("Planlegge implementeringen"), -6, RoleKind.PRINCIPAL),
    StepDef(
        "establish_resource_group",
        _("Etablere ressursgruppe"),
        -6,
        RoleKind.PRINCIPAL,
        _(
            "5–7 personer fra ledelse, lærere, elevråd/elevmentorer, rådgiver, miljøtjenesten "
            "og gjerne helsesykepleier."
        ),
    ),
    StepDef(
        "resource_group_workshop",
        _("Workshop for ressursgruppen (2 dager)"),
        -5,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
        _("Sammen med andre skoler i mars/april."),
    ),
    StepDef(
        "staff_workshop",
        _("Workshop for alle ansatte (4 timer)"),
        -4,
        RoleKind.PRINCIPAL,
        _("I vårhalvåret, med Voksne for Barn og ressursgruppen."),
    ),
    StepDef("recruit_mentors", _("Rekruttere elevmentorer"), -5, RoleKind.RESOURCE_GROUP_COORDINATOR),
    StepDef(
        "train_mentors",
        _("Opplæring av elevmentorer (2 dager)"),
        -3,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
        _("Gjennomføres av ressursgruppen i april/mai/juni."),
    ),
    StepDef(
        "train_contact_teachers",
        _("Opplæring av kontaktlærere i oppfølging av Drømmeklassen"),
        -2,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
    ),
    StepDef(
        "joint_planning",
        _("Felles planlegging av Drømmeklassen for elevmentorer og kontaktlærere"),
        -2,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
    ),
    StepDef(
        "involve_guardians",
        _("Involvering av foresatte"),
        -2,
        RoleKind.PRINCIPAL,
        _("Elevmentorene bidrar på foreldremøter, gjerne allerede på orienteringsmøtet for nye elever."),
    ),
    StepDef("receive_new_pupils", _("Mottak og oppfølging av nye elever"), 0, RoleKind.RESOURCE_GROUP_COORDINATOR),
    StepDef(
        "dk1",
        _("Drømmeklassen 1"),
        0,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
        _("Tretimers prosess i hver ny klasse de første skoledagene."),
    ),
    StepDef("parent_meeting", _("Foreldremøte"), 1, RoleKind.CONTACT_TEACHER),
    StepDef(
        "follow_up_workshops",
        _("Oppfølgingsworkshop om høsten (2 × 3 timer)"),
        2,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
        _("I løpet av oktober–desember."),
    ),
    StepDef(
        "dk2",
        _("Drømmeklassen 2"),
        5,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
        _("Tre timer ved start av 2. termin."),
    ),
    StepDef("evaluate", _("Evaluere gjennomføringen"), 10, RoleKind.RESOURCE_GROUP_COORDINATOR),
)
STEPS_BY_KEY = {step.key: step for step in ROADMAP}


def month_of_offset(offset: int) -> int:
    """The calendar month of a roadmap offset (0 = August)."""
    return (8 - 1 + offset) % 12 + 1


# The resource group (seed 000: "5–7 pers", representatives of these groups).
GROUP_MIN, GROUP_MAX = 5, 7
MENTOR_LEADS = 2
