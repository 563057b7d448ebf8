"""Checking every row of a roster file against the database, and planning the writes.

A planner reads the file's rows, reports every problem with its line number, and — when
there are none — returns the writes to make as a list of steps, with each row counted as
new, changed or unchanged. It only reads: `actions.apply_roster_import` runs the steps
in one transaction. Rows that would change nothing get no step, so importing the same
file twice writes nothing the second time.

Rules shared by every kind: an empty optional cell leaves what is stored as it is (so a
confidential address is never switched off by a blank cell), and nothing is deleted
except what a row replaces — a pupil's class this school year, a staff member's roles
this school year.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import (
    CLASS_ROLE_KINDS,
    Enrolment,
    Guardian,
    GuardianRelation,
    Pupil,
    Role,
    RoleKind,
    SchoolClass,
    StaffMember,
)

from . import cells
from .cells import CellError
from .columns import COLUMNS
from .files import Row, Table
from .logins import AccountPlan, Accounts
from .models import ImportKind

MAX_STORED_ERRORS = 1000
PHONE = re.compile(r"^\+?[0-9 ()\-]{5,30}$")


class Outcome(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class Plan:
    total_rows: int
    problems: list[Problem] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    steps: list[Callable[[], None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o == outcome)

    def errors_json(self) -> list[dict[str, Any]]:
        ordered = sorted(self.problems, key=lambda p: p.line or 0)
        kept = [p.as_json() for p in ordered[:MAX_STORED_ERRORS]]
        if len(ordered) > MAX_STORED_ERRORS:
            extra = len(ordered) - MAX_STORED_ERRORS
            kept.append({"line": None, "message": _("… og {count} feil til.").format(count=extra)})
        return kept

    def apply(self) -> None:
        for step in self.steps:
            step()


Progress = Callable[[int], None]


class Planner:
    """Shared by the four kinds: header check, cell parsing, duplicates, then planning."""

    kind: str

    def __init__(self, *, school: School, year: SchoolYear, table: Table, progress: Progress | None = None) -> None:
        self.school = school
        self.year = year
        self.table = table
        self.progress = progress
        self.plan = Plan(total_rows=len(table.rows))

    # Subclasses fill these in.
    def parse(self, row: Row) -> Any:
        raise NotImplementedError

    def load(self, records: list[Any]) -> None:
        raise NotImplementedError

    def plan_record(self, record: Any) -> Outcome:
        raise NotImplementedError

    def run(self) -> Plan:
        missing = [c.header for c in COLUMNS[self.kind] if c.required and c.key not in self.table.headers]
        if missing:
            line = self.table.header_line
            for header in missing:
                self.error(line, _("Kolonnen «{header}» mangler i overskriftsraden.").format(header=header))
            for kind, columns in COLUMNS.items():
                if kind != self.kind and all(c.key in self.table.headers for c in columns if c.required):
                    self.error(
                        line,
                        _(
                            "Filen ser ut som en fil med {kind}. Har du valgt riktig under «Hva vil du importere?»?"
                        ).format(kind=str(ImportKind(kind).label).lower()),
                    )
            return self.plan
        records: list[Any] = []
        for row in self.table.rows:
            record = self.parse_row(row)
            if record is not None:
                records.append(record)
        self.check_duplicates(records)
        self.load(records)
        done = len(self.table.rows) - len(records)  # rows already rejected count as checked
        for record in records:
            try:
                outcome = self.plan_record(record)
            except CellError as exc:
                self.error(record.line, exc.message)
            else:
                self.plan.outcomes.append(outcome)
            done += 1
            if self.progress is not None:
                self.progress(done)
        if not self.plan.ok:
            self.plan.steps.clear()
            self.plan.outcomes.clear()
        return self.plan

    def error(self, line: int | None, message: str) -> None:
        self.plan.problems.append(Problem(line, message))

    def parse_row(self, row: Row) -> Any:
        self._row_ok = True
        missing = [c.header for c in COLUMNS[self.kind] if c.required and not row.values.get(c.key, "")]
        for header in missing:
            self.error(row.line, _("«{header}» mangler.").format(header=header))
        if missing:
            return None
        record = self.parse(row)
        return record if self._row_ok else None

    def cell(self, row: Row, key: str, parse: Callable[[str], Any], *, optional: bool = False) -> Any:
        """Parse one cell; a blank optional cell is None. Problems are recorded, not raised."""
        value = row.values.get(key, "")
        if optional and not value:
            return None
        try:
            return parse(value)
        except CellError as exc:
            self.error(row.line, exc.message)
            self._row_ok = False
            return None

    def check_duplicates(self, records: list[Any]) -> None:
        """Each of `unique_fields` names a value that may occur on one row only."""
        for name, message in self.unique_fields():
            seen: dict[Any, int] = {}
            for record in list(records):
                value = getattr(record, name)
                if value is None:
                    continue
                key = value.casefold() if isinstance(value, str) else value
                first = seen.setdefault(key, record.line)
                if first != record.line:
                    self.error(record.line, message.format(value=value, line=first))
                    records.remove(record)

    def unique_fields(self) -> list[tuple[str, str]]:
        return []


def text(label: str, max_length: int) -> Callable[[str], str]:
    return lambda value: cells.text(value, label=label, max_length=max_length)


# --- klasser ------------------------------------------------------------------------------


@dataclass
class ClassRecord:
    line: int
    name: str
    grade: int
    programme_area: str | None


class ClassPlanner(Planner):
    kind = ImportKind.CLASSES

    def parse(self, row: Row) -> ClassRecord:
        return ClassRecord(
            line=row.line,
            name=self.cell(row, "klasse", text("klasse", 30)),
            grade=self.cell(row, "trinn", lambda v: cells.grade(v, level=self.school.level)),
            programme_area=self.cell(row, "utdanningsprogram", text("utdanningsprogram", 100), optional=True),
        )

    def unique_fields(self) -> list[tuple[str, str]]:
        return [("name", _("Klassen «{value}» står også på linje {line}."))]

    def load(self, records: list[ClassRecord]) -> None:
        self.existing = {c.name.casefold(): c for c in SchoolClass.objects.filter(school_year=self.year)}

    def plan_record(self, record: ClassRecord) -> Outcome:
        school_class = self.existing.get(record.name.casefold())
        if school_class is None:
            school_class = SchoolClass(
                school=self.school,
                school_year=self.year,
                name=record.name,
                grade=record.grade,
                programme_area=record.programme_area or "",
            )
            self.plan.steps.append(school_class.save)
            return Outcome.NEW
        updates = changed_fields(
            school_class, name=record.name, grade=record.grade, programme_area=record.programme_area
        )
        if not updates:
            return Outcome.UNCHANGED
        self.plan.steps.append(lambda: save_fields(school_class, updates))
        return Outcome.CHANGED


def changed_fields(obj: Any, **wanted: Any) -> dict[str, Any]:
    """The fields whose wanted value differs from the stored one (None: keep what is stored)."""
    return {name: value for name, value in wanted.items() if value is not None and getattr(obj, name) != value}


def save_fields(obj: Any, updates: dict[str, Any]) -> None:
    for name, value in updates.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(updates))


# --- ansatte ------------------------------------------------------------------------------


@dataclass
class StaffRecord:
    line: int
    external_id: str
    first_name: str
    last_name: str
    email: str
    position: str | None
    roles: list[RoleKind] | None  # None: the cell was empty, keep the roles
    classes: list[tuple[RoleKind, str]]
    feide_id: str | None


class StaffPlanner(Planner):
    kind = ImportKind.STAFF

    def parse(self, row: Row) -> StaffRecord:
        roles = self.cell(row, "roller", cells.role_names, optional=True)
        record = StaffRecord(
            line=row.line,
            external_id=self.cell(row, "ansattid", text("ansatt_id", 64)),
            first_name=self.cell(row, "fornavn", text("fornavn", 100)),
            last_name=self.cell(row, "etternavn", text("etternavn", 100)),
            email=self.cell(row, "epost", cells.email),
            position=self.cell(row, "stilling", text("stilling", 200), optional=True),
            roles=roles,
            classes=[],
            feide_id=self.cell(row, "feideid", cells.feide_id, optional=True),
        )
        if self._row_ok:
            self.cell(row, "klasser", lambda v: self.parse_classes(record, v), optional=True)
        return record

    def parse_classes(self, record: StaffRecord, value: str) -> None:
        roles = record.roles
        if roles is None:
            raise CellError(_("Fyll ut «roller» når «klasser» er fylt ut."))
        class_roles = [k for k in roles if k in CLASS_ROLE_KINDS]
        for entry in cells.split_list(value):
            prefix, _sep, name = entry.rpartition(":")
            name = name.strip()
            if prefix:
                kind = cells.ROLE_NAMES.get(prefix.strip().casefold())
                if kind not in CLASS_ROLE_KINDS:
                    raise CellError(
                        _("«{entry}»: rollen foran klassen må være kontaktlærer eller lærer.").format(entry=entry)
                    )
                assert kind is not None
                if kind not in roles:
                    raise CellError(
                        _("«{entry}»: rollen «{role}» må også stå i «roller».").format(entry=entry, role=prefix.strip())
                    )
            elif len(class_roles) == 1:
                kind = class_roles[0]
            elif not class_roles:
                raise CellError(
                    _("Klassen «{name}» står uten rolle. Legg til kontaktlærer eller lærer i «roller».").format(
                        name=name
                    )
                )
            else:
                raise CellError(
                    _("Personen er både kontaktlærer og lærer: skriv kontaktlærer:{name} eller lærer:{name}.").format(
                        name=name
                    )
                )
            if (kind, name.casefold()) not in {(k, n.casefold()) for k, n in record.classes}:
                record.classes.append((kind, name))
        self.check_class_roles(record)

    def check_class_roles(self, record: StaffRecord) -> None:
        for kind in record.roles or []:
            if kind in CLASS_ROLE_KINDS and not any(k == kind for k, _name in record.classes):
                raise CellError(
                    _("Rollen «{role}» trenger minst én klasse i «klasser».").format(role=str(kind.label).lower())
                )

    def parse_row(self, row: Row) -> Any:
        record = super().parse_row(row)
        if record is not None and not row.values.get("klasser"):
            try:
                self.check_class_roles(record)
            except CellError as exc:
                self.error(row.line, exc.message)
                return None
        return record

    def unique_fields(self) -> list[tuple[str, str]]:
        return [
            ("external_id", _("Ansatt-ID «{value}» står også på linje {line}.")),
            ("email", _("E-postadressen «{value}» står også på linje {line}.")),
            ("feide_id", _("Feide-ID-en «{value}» står også på linje {line}.")),
        ]

    def load(self, records: list[StaffRecord]) -> None:
        self.classes = {c.name.casefold(): c for c in SchoolClass.objects.filter(school_year=self.year)}
        self.staff = {
            s.external_id.casefold(): s for s in StaffMember.objects.filter(school=self.school).select_related("user")
        }
        self.roles: dict[int, list[Role]] = defaultdict(list)
        for role in Role.objects.filter(
            school=self.school, school_year=self.year, kind__in=[k.value for k in cells.IMPORTED_ROLE_KINDS]
        ):
            self.roles[role.user_id].append(role)
        self.accounts = Accounts(
            school=self.school,
            emails={r.email for r in records},
            feide_ids={r.feide_id for r in records if r.feide_id},
            linked_ids={s.user_id for s in self.staff.values()},
        )

    def plan_record(self, record: StaffRecord) -> Outcome:
        wanted_roles: set[tuple[str, int | None]] = set()
        for kind in record.roles or []:
            if kind not in CLASS_ROLE_KINDS:
                wanted_roles.add((kind.value, None))
        for kind, name in record.classes:
            school_class = self.classes.get(name.casefold())
            if school_class is None:
                raise CellError(
                    _("Ukjent klasse «{name}». Importer klassene først, eller rett klassenavnet.").format(name=name)
                )
            wanted_roles.add((kind.value, school_class.pk))
        staff = self.staff.get(record.external_id.casefold())
        account = self.accounts.resolve(
            line=record.line,
            current=staff.user if staff else None,
            email=record.email,
            feide_id=record.feide_id,
            first_name=record.first_name,
            last_name=record.last_name,
        )
        assert account is not None  # staff always have an e-mail address
        if staff is None and account.user is not None and account.user.pk in self.accounts.staff_here:
            raise CellError(
                _("Personen med e-post «{email}» er allerede registrert med ansatt-ID «{other}».").format(
                    email=record.email, other=self.accounts.staff_here[account.user.pk]
                )
            )
        current_roles = self.roles.get(account.user.pk, []) if account.user is not None else []
        if record.roles is None:
            stale: list[Role] = []
            missing: set[tuple[str, int | None]] = set()
        else:
            stale = [r for r in current_roles if (r.kind, r.school_class_id) not in wanted_roles]
            have = {(r.kind, r.school_class_id) for r in current_roles}
            missing = wanted_roles - have
        position_changed = staff is not None and record.position is not None and staff.position != record.position
        if staff is not None and not (account.changed or stale or missing or position_changed):
            return Outcome.UNCHANGED
        self.plan.steps.append(lambda: self.write(record, staff, account, stale, missing))
        return Outcome.NEW if staff is None else Outcome.CHANGED

    def write(
        self,
        record: StaffRecord,
        staff: StaffMember | None,
        account: AccountPlan,
        stale: list[Role],
        missing: set[tuple[str, int | None]],
    ) -> None:
        user = account.materialise()
        if staff is None:
            StaffMember.objects.create(
                school=self.school, external_id=record.external_id, user=user, position=record.position or ""
            )
        elif record.position is not None and staff.position != record.position:
            save_fields(staff, {"position": record.position})
        if stale:
            Role.objects.filter(pk__in=[r.pk for r in stale]).delete()
        Role.objects.bulk_create(
            Role(user=user, kind=kind, school=self.school, school_year=self.year, school_class_id=class_id)
            for kind, class_id in sorted(missing, key=lambda m: (m[0], m[1] or 0))
        )


# --- elever -------------------------------------------------------------------------------


@dataclass
class PupilRecord:
    line: int
    external_id: str
    first_name: str
    last_name: str
    birth_date: datetime.date
    gender: str | None
    class_name: str
    confidential_address: bool | None
    feide_id: str | None
    email: str | None


class PupilPlanner(Planner):
    kind = ImportKind.PUPILS

    def parse(self, row: Row) -> PupilRecord:
        return PupilRecord(
            line=row.line,
            external_id=self.cell(row, "elevid", text("elev_id", 64)),
            first_name=self.cell(row, "fornavn", text("fornavn", 100)),
            last_name=self.cell(row, "etternavn", text("etternavn", 100)),
            birth_date=self.cell(row, "fødselsdato", cells.date),
            gender=self.cell(row, "kjønn", cells.gender, optional=True),
            class_name=self.cell(row, "klasse", text("klasse", 30)),
            confidential_address=self.cell(
                row, "fortroligadresse", lambda v: cells.yes_no(v, label="fortrolig_adresse"), optional=True
            ),
            feide_id=self.cell(row, "feideid", cells.feide_id, optional=True),
            email=self.cell(row, "epost", cells.email, optional=True),
        )

    def unique_fields(self) -> list[tuple[str, str]]:
        return [
            ("external_id", _("Elev-ID «{value}» står også på linje {line}.")),
            ("email", _("E-postadressen «{value}» står også på linje {line}.")),
            ("feide_id", _("Feide-ID-en «{value}» står også på linje {line}.")),
        ]

    def load(self, records: list[PupilRecord]) -> None:
        self.classes = {c.name.casefold(): c for c in SchoolClass.objects.filter(school_year=self.year)}
        self.pupils = {
            p.external_id.casefold(): p for p in Pupil.objects.filter(school=self.school).select_related("user")
        }
        self.enrolments: dict[int, list[Enrolment]] = defaultdict(list)
        for enrolment in Enrolment.objects.filter(pupil__school=self.school, school_class__school_year=self.year):
            self.enrolments[enrolment.pupil_id].append(enrolment)
        self.accounts = Accounts(
            school=self.school,
            emails={r.email for r in records if r.email},
            feide_ids={r.feide_id for r in records if r.feide_id},
            linked_ids={p.user_id for p in self.pupils.values() if p.user_id},
        )

    def plan_record(self, record: PupilRecord) -> Outcome:
        school_class = self.classes.get(record.class_name.casefold())
        if school_class is None:
            raise CellError(
                _("Ukjent klasse «{name}». Importer klassene først, eller rett klassenavnet.").format(
                    name=record.class_name
                )
            )
        pupil = self.pupils.get(record.external_id.casefold())
        account = None
        if record.email or (pupil is not None and pupil.user is not None):
            account = self.accounts.resolve(
                line=record.line,
                current=pupil.user if pupil else None,
                email=record.email,
                feide_id=record.feide_id,
                first_name=record.first_name,
                last_name=record.last_name,
            )
        if account is not None and account.user is not None and (pupil is None or pupil.user_id != account.user.pk):
            user_id = account.user.pk
            if user_id in self.accounts.pupil_of:
                raise CellError(_("E-postadressen «{email}» tilhører en annen elev.").format(email=record.email))
            if user_id in self.accounts.employed or user_id in self.accounts.guardians:
                raise CellError(
                    _("E-postadressen «{email}» tilhører en ansatt eller foresatt.").format(email=record.email)
                )
        wanted = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "birth_date": record.birth_date,
            "gender": record.gender,
            "confidential_address": record.confidential_address,
            "feide_id": record.feide_id,
        }
        enrolments = self.enrolments.get(pupil.pk, []) if pupil is not None else []
        stale = [e for e in enrolments if e.school_class_id != school_class.pk]
        enrol = not any(e.school_class_id == school_class.pk for e in enrolments)
        if pupil is None:
            self.plan.steps.append(lambda: self.create(record, school_class, account))
            return Outcome.NEW
        updates = changed_fields(pupil, **wanted)
        relink = account is not None and (account.user is None or pupil.user_id != account.user.pk)
        if not (updates or stale or enrol or relink or (account is not None and account.changed)):
            return Outcome.UNCHANGED
        self.plan.steps.append(lambda: self.update(pupil, updates, school_class, stale, enrol, account))
        return Outcome.CHANGED

    def create(self, record: PupilRecord, school_class: SchoolClass, account: AccountPlan | None) -> None:
        pupil = Pupil.objects.create(
            school=self.school,
            external_id=record.external_id,
            first_name=record.first_name,
            last_name=record.last_name,
            birth_date=record.birth_date,
            gender=record.gender or "",
            confidential_address=bool(record.confidential_address),
            feide_id=record.feide_id or "",
            user=account.materialise() if account else None,
        )
        Enrolment.objects.create(pupil=pupil, school_class=school_class)

    def update(
        self,
        pupil: Pupil,
        updates: dict[str, Any],
        school_class: SchoolClass,
        stale: list[Enrolment],
        enrol: bool,
        account: AccountPlan | None,
    ) -> None:
        if account is not None:
            user = account.materialise()
            if pupil.user_id != user.pk:
                updates = {**updates, "user": user}
        if updates:
            save_fields(pupil, updates)
        if stale:
            Enrolment.objects.filter(pk__in=[e.pk for e in stale]).delete()
        if enrol:
            Enrolment.objects.create(pupil=pupil, school_class=school_class)


# --- foresatte ----------------------------------------------------------------------------


@dataclass
class GuardianRecord:
    line: int
    external_id: str
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    pupil_id: str
    parental_responsibility: bool

    @property
    def pair(self) -> tuple[str, str]:
        return (self.external_id.casefold(), self.pupil_id.casefold())

    @property
    def person(self) -> tuple[str, str, str | None, str | None]:
        return (self.first_name, self.last_name, self.email, self.phone)


def phone(value: str) -> str:
    if not PHONE.match(value):
        raise CellError(_("Ugyldig telefonnummer «{value}».").format(value=value))
    return value


class GuardianPlanner(Planner):
    kind = ImportKind.GUARDIANS

    def parse(self, row: Row) -> GuardianRecord:
        return GuardianRecord(
            line=row.line,
            external_id=self.cell(row, "foresattid", text("foresatt_id", 64)),
            first_name=self.cell(row, "fornavn", text("fornavn", 100)),
            last_name=self.cell(row, "etternavn", text("etternavn", 100)),
            email=self.cell(row, "epost", cells.email, optional=True),
            phone=self.cell(row, "telefon", phone, optional=True),
            pupil_id=self.cell(row, "elevid", text("elev_id", 64)),
            parental_responsibility=self.cell(row, "foreldreansvar", lambda v: cells.yes_no(v, label="foreldreansvar")),
        )

    def check_duplicates(self, records: list[GuardianRecord]) -> None:
        # One row per guardian and child: the pair is unique, and a guardian's own details
        # must read the same on all of that guardian's rows.
        pairs: dict[tuple[str, str], int] = {}
        people: dict[str, GuardianRecord] = {}
        emails: dict[str, GuardianRecord] = {}
        for record in list(records):
            first = pairs.setdefault(record.pair, record.line)
            if first != record.line:
                self.error(
                    record.line,
                    _("Foresatt «{guardian}» og elev «{pupil}» står også på linje {line}.").format(
                        guardian=record.external_id, pupil=record.pupil_id, line=first
                    ),
                )
                records.remove(record)
                continue
            same = people.setdefault(record.external_id.casefold(), record)
            if same.person != record.person:
                self.error(
                    record.line,
                    _(
                        "Foresatt «{guardian}» har et annet navn, en annen e-post eller et annet "
                        "telefonnummer her enn på linje {line}."
                    ).format(guardian=record.external_id, line=same.line),
                )
                records.remove(record)
                continue
            if record.email:
                owner = emails.setdefault(record.email, record)
                if owner.external_id.casefold() != record.external_id.casefold():
                    self.error(
                        record.line,
                        _(
                            "E-postadressen «{email}» brukes også av foresatt «{other}» på linje {line}. "
                            "Hver foresatt trenger sin egen e-postadresse."
                        ).format(email=record.email, other=owner.external_id, line=owner.line),
                    )
                    records.remove(record)

    def load(self, records: list[GuardianRecord]) -> None:
        self.guardians = {
            g.external_id.casefold(): g for g in Guardian.objects.filter(school=self.school).select_related("user")
        }
        self.pupils = {
            external_id.casefold(): pk
            for external_id, pk in Pupil.objects.filter(school=self.school).values_list("external_id", "pk")
        }
        self.relations = {
            (r.guardian_id, r.pupil_id): r for r in GuardianRelation.objects.filter(guardian__school=self.school)
        }
        self.accounts = Accounts(
            school=self.school,
            emails={r.email for r in records if r.email},
            feide_ids=set(),
            linked_ids={g.user_id for g in self.guardians.values() if g.user_id},
        )
        # Guardian-level plans, made on a guardian's first row and shared by the rest.
        self.planned: dict[str, tuple[Guardian | None, dict[str, Any], AccountPlan | None]] = {}
        self.made: dict[str, Guardian] = {}

    def plan_record(self, record: GuardianRecord) -> Outcome:
        pupil_pk = self.pupils.get(record.pupil_id.casefold())
        if pupil_pk is None:
            raise CellError(_("Ukjent elev-ID «{value}». Importer elevene først.").format(value=record.pupil_id))
        key = record.external_id.casefold()
        if key not in self.planned:
            self.planned[key] = self.plan_guardian(record)
        guardian, updates, account = self.planned[key]
        relation = self.relations.get((guardian.pk, pupil_pk)) if guardian is not None else None
        guardian_changed = bool(updates) or (account is not None and account.changed)
        responsibility_changed = (
            relation is not None and relation.parental_responsibility != record.parental_responsibility
        )
        if relation is not None and not guardian_changed and not responsibility_changed:
            return Outcome.UNCHANGED
        self.plan.steps.append(lambda: self.write(record, pupil_pk, relation))
        if guardian is None or relation is None:
            return Outcome.NEW
        return Outcome.CHANGED

    def plan_guardian(self, record: GuardianRecord) -> tuple[Guardian | None, dict[str, Any], AccountPlan | None]:
        guardian = self.guardians.get(record.external_id.casefold())
        current_user = guardian.user if guardian is not None else None
        account = None
        if record.email or current_user is not None:
            account = self.accounts.resolve(
                line=record.line,
                current=current_user,
                email=record.email,
                feide_id=None,
                first_name=record.first_name,
                last_name=record.last_name,
            )
        linked = account.user if account is not None else None
        newly_linked = linked is not None and (guardian is None or guardian.user_id != linked.pk)
        if newly_linked and linked is not None and linked.pk in self.accounts.pupil_of:
            raise CellError(_("E-postadressen «{email}» tilhører en elev.").format(email=record.email))
        updates: dict[str, Any] = {}
        if guardian is not None:
            updates = changed_fields(
                guardian,
                first_name=record.first_name,
                last_name=record.last_name,
                email=record.email,
                phone=record.phone,
            )
            if account is not None and (account.user is None or guardian.user_id != account.user.pk):
                updates["user"] = account
        return guardian, updates, account

    def write(self, record: GuardianRecord, pupil_pk: int, relation: GuardianRelation | None) -> None:
        key = record.external_id.casefold()
        guardian = self.made.get(key)
        if guardian is None:
            existing, updates, account = self.planned[key]
            user = account.materialise() if account is not None else None
            if existing is None:
                guardian = Guardian.objects.create(
                    school=self.school,
                    external_id=record.external_id,
                    first_name=record.first_name,
                    last_name=record.last_name,
                    email=record.email or "",
                    phone=record.phone or "",
                    user=user,
                )
            else:
                guardian = existing
                if "user" in updates:
                    updates = {**updates, "user": user}
                if updates:
                    save_fields(guardian, updates)
            self.made[key] = guardian
        if relation is None:
            GuardianRelation.objects.create(
                guardian=guardian, pupil_id=pupil_pk, parental_responsibility=record.parental_responsibility
            )
        elif relation.parental_responsibility != record.parental_responsibility:
            save_fields(relation, {"parental_responsibility": record.parental_responsibility})


PLANNERS: dict[str, type[Planner]] = {
    ImportKind.CLASSES: ClassPlanner,
    ImportKind.STAFF: StaffPlanner,
    ImportKind.PUPILS: PupilPlanner,
    ImportKind.GUARDIANS: GuardianPlanner,
}


def plan_import(*, kind: str, school: School, year: SchoolYear, table: Table, progress: Progress | None = None) -> Plan:
    return PLANNERS[kind](school=school, year=year, table=table, progress=progress).run()
