"""Turning one cell's text into a value, or a Norwegian explanation of why it cannot be."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from drommeskolen.core.models import SchoolLevel
from drommeskolen.people.models import Gender, Grade, RoleKind


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


GRADES: dict[str, Grade] = {
    "8": Grade.GRADE_8,
    "9": Grade.GRADE_9,
    "10": Grade.GRADE_10,
    "vg1": Grade.VG1,
    "vg2": Grade.VG2,
    "vg3": Grade.VG3,
}
GRADES_FOR_LEVEL: dict[str, frozenset[Grade]] = {
    SchoolLevel.LOWER_SECONDARY: frozenset(Grade.lower_secondary()),
    SchoolLevel.UPPER_SECONDARY: frozenset(Grade.upper_secondary()),
    SchoolLevel.COMBINED: frozenset(Grade),
}
GENDERS: dict[str, str] = {"jente": Gender.FEMALE, "gutt": Gender.MALE, "annet": Gender.OTHER}
YES = frozenset({"ja", "j", "yes", "x", "1", "sann"})
NO = frozenset({"nei", "n", "no", "0", "usann"})
# Role names in the staff file. Only school roles: the pupil mentor is a pupil, and the
# owner, network and system roles are not the school's to hand out.
ROLE_NAMES: dict[str, RoleKind] = {
    "rektor": RoleKind.PRINCIPAL,
    "skoleledelse": RoleKind.LEADERSHIP,
    "ledelse": RoleKind.LEADERSHIP,
    "avdelingsleder": RoleKind.DEPARTMENT_HEAD,
    "ressursgruppe": RoleKind.RESOURCE_GROUP_MEMBER,
    "medlem av ressursgruppen": RoleKind.RESOURCE_GROUP_MEMBER,
    "ressursgruppekoordinator": RoleKind.RESOURCE_GROUP_COORDINATOR,
    "koordinator for ressursgruppen": RoleKind.RESOURCE_GROUP_COORDINATOR,
    "kontaktlærer": RoleKind.CONTACT_TEACHER,
    "lærer": RoleKind.TEACHER,
    "faglærer": RoleKind.TEACHER,
    "miljøarbeider": RoleKind.SOCIAL_WORKER,
    "rådgiver": RoleKind.COUNSELLOR,
    "helsesykepleier": RoleKind.SCHOOL_NURSE,
}
IMPORTED_ROLE_KINDS = frozenset(ROLE_NAMES.values())
DOCUMENTED_ROLE_NAMES = (
    "rektor, skoleledelse, avdelingsleder, ressursgruppe, ressursgruppekoordinator, "
    "kontaktlærer, lærer, miljøarbeider, rådgiver, helsesykepleier"
)
FEIDE_ID = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(value: str, *, label: str, max_length: int) -> str:
    if len(value) > max_length:
        raise CellError(
            _("«{label}» er for lang ({length} tegn, høyst {max} er lov).").format(
                label=label, length=len(value), max=max_length
            )
        )
    return value


def grade(value: str, *, level: str) -> Grade:
    key = value.casefold().removesuffix(".").removesuffix(". trinn").removesuffix(" trinn").replace(" ", "")
    found = GRADES.get(key)
    if found is None:
        raise CellError(_("Ukjent trinn «{value}». Bruk 8, 9, 10, Vg1, Vg2 eller Vg3.").format(value=value))
    if found not in GRADES_FOR_LEVEL[level]:
        raise CellError(
            _("Trinnet «{value}» passer ikke for en {level}.").format(
                value=value, level=str(SchoolLevel(level).label).lower()
            )
        )
    return found


def date(value: str) -> datetime.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            parsed = datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if not datetime.date(1900, 1, 1) <= parsed <= datetime.date.today():
            raise CellError(_("Fødselsdatoen «{value}» er ikke mulig.").format(value=value))
        return parsed
    raise CellError(
        _("Ugyldig dato «{value}». Bruk DD.MM.ÅÅÅÅ (for eksempel 14.03.2010) eller ÅÅÅÅ-MM-DD.").format(value=value)
    )


def yes_no(value: str, *, label: str) -> bool:
    key = value.casefold()
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError(_("Ugyldig verdi «{value}» i «{label}». Skriv ja eller nei.").format(value=value, label=label))


def gender(value: str) -> str:
    found = GENDERS.get(value.casefold())
    if found is None:
        raise CellError(
            _("Ugyldig kjønn «{value}». Skriv jente, gutt, annet eller la feltet stå tomt.").format(value=value)
        )
    return found


def email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("Ugyldig e-postadresse «{value}».").format(value=value)) from None
    return value.lower()


def feide_id(value: str) -> str:
    if not FEIDE_ID.match(value) or len(value) > 254:
        raise CellError(_("Ugyldig Feide-ID «{value}». Den skal se ut som brukernavn@skole.no.").format(value=value))
    return value.lower()


def role_names(value: str) -> list[RoleKind]:
    kinds: list[RoleKind] = []
    for name in split_list(value):
        kind = ROLE_NAMES.get(name.casefold())
        if kind is None:
            raise CellError(
                _("Ukjent rolle «{name}». Gyldige roller: {names}.").format(name=name, names=DOCUMENTED_ROLE_NAMES)
            )
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", value) if part.strip()]
