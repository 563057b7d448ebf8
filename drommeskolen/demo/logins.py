"""The demo's log-ins: one per role at each demo school, and three above the schools.

The same list drives `load_demo` (which user gets which address) and the table that
`load_demo` and `demo_logins` print.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from drommeskolen.people.models import RoleKind
from drommeskolen.people.roles import SENSITIVE_KINDS

DEMO_PASSWORD = "drommeskolen-demo"  # noqa: S105 - published on purpose: fictional demo data only
OWNER_NAME = "Drømmeland fylkeskommune (demo)"
GUARDIAN_WITHOUT_RESPONSIBILITY = "guardian_without_responsibility"


@dataclass(frozen=True)
class DemoSchool:
    key: str
    name: str
    domain: str
    organisation_number: str


DROMTORP = DemoSchool("dromtorp", "Drømtorp videregående skole", "dromtorp.demo", "899990011")
DROMMEVIK = DemoSchool("drommevik", "Drømmevik ungdomsskole", "drommevik.demo", "899990012")
SCHOOLS = (DROMTORP, DROMMEVIK)
OWNER_ORGANISATION_NUMBER = "899990010"

# (local part of the address, role) at each school.
SCHOOL_LOGINS: tuple[tuple[str, str], ...] = (
    ("rektor", RoleKind.PRINCIPAL),
    ("ledelse", RoleKind.LEADERSHIP),
    ("avdelingsleder", RoleKind.DEPARTMENT_HEAD),
    ("ressursgruppe", RoleKind.RESOURCE_GROUP_MEMBER),
    ("koordinator", RoleKind.RESOURCE_GROUP_COORDINATOR),
    ("kontaktlarer", RoleKind.CONTACT_TEACHER),
    ("larer", RoleKind.TEACHER),
    ("miljoarbeider", RoleKind.SOCIAL_WORKER),
    ("radgiver", RoleKind.COUNSELLOR),
    ("helsesykepleier", RoleKind.SCHOOL_NURSE),
    ("elevmentor", RoleKind.PUPIL_MENTOR),
    ("elev", RoleKind.PUPIL),
    ("foresatt", RoleKind.GUARDIAN),
    ("foresatt-uten-ansvar", GUARDIAN_WITHOUT_RESPONSIBILITY),
)
# (address, role) for the school owner, the network and the deployment.
OTHER_LOGINS: tuple[tuple[str, str], ...] = (
    ("skoleeier@drommeland.demo", RoleKind.OWNER_REPRESENTATIVE),
    ("nettverk@drommeskolen.demo", RoleKind.NETWORK_VIEWER),
    ("systemadmin@drommeskolen.demo", RoleKind.SYSTEM_ADMIN),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    kind: str
    school: DemoSchool | None

    @property
    def role_label(self) -> str | Promise:
        if self.kind == GUARDIAN_WITHOUT_RESPONSIBILITY:
            return _("Foresatt uten foreldreansvar")
        return RoleKind(self.kind).label

    @property
    def needs_second_factor(self) -> bool:
        return self.kind in SENSITIVE_KINDS


def school_login_email(local_part: str, school: DemoSchool) -> str:
    return f"{local_part}@{school.domain}"


def all_logins() -> list[DemoLogin]:
    logins = [
        DemoLogin(school_login_email(local, school), kind, school)
        for school in SCHOOLS
        for local, kind in SCHOOL_LOGINS
    ]
    return logins + [DemoLogin(email, kind, None) for email, kind in OTHER_LOGINS]


def _school_cell(login: DemoLogin) -> str:
    if login.school is not None:
        return login.school.name
    if login.kind == RoleKind.OWNER_REPRESENTATIVE:
        return str(_("Alle skolene til skoleeieren"))
    return "–"


def login_table() -> str:
    """The log-ins as a plain-text table for the terminal."""
    header = (str(_("Skole")), str(_("Rolle")), str(_("E-post")), str(_("Passord")), str(_("Merk")))
    second_factor = str(_("Sett opp tofaktor (TOTP) ved første innlogging"))
    lines = [
        (
            _school_cell(login),
            str(login.role_label),
            login.email,
            DEMO_PASSWORD,
            second_factor if login.needs_second_factor else "",
        )
        for login in all_logins()
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def render(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    notes = [
        "",
        str(
            _(
                "Alle ansatte, skoleeieren og systemadministratoren må sette opp tofaktorinnlogging med en "
                "autentiseringsapp ved første innlogging. Personvernopplæringen er allerede registrert."
            )
        ),
        str(_("Alle navn og personer i demodataene er oppdiktet.")),
    ]
    return "\n".join([render(header), rule, *(render(line) for line in lines), *notes])
