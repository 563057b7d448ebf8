"""Generated schools: people planned in memory, then written with a few bulk inserts.

Both the demo (`load_demo`) and the county-scale benchmark data (`generate_county`) come
from here. A school is planned into `Rows` — unsaved model instances that point at each
other — and `Rows.write()` inserts them table by table in dependency order, so a school of
500 pupils costs a handful of queries instead of thousands. The access log is never
written here: it is append-only and written row by row (`AccessLogEntry.append`).

Everything random comes from the `random.Random` passed in, so the same seed gives the
same names, birth dates and family relations.
"""

import datetime
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models

from drommeskolen.accounts.models import PrivacyTraining, User
from drommeskolen.core.models import Holiday, School, SchoolYear
from drommeskolen.people.models import (
    Enrolment,
    Gender,
    Grade,
    Guardian,
    GuardianRelation,
    Pupil,
    Role,
    RoleKind,
    SchoolClass,
    StaffMember,
)

from . import names, schoolyear

PRIVACY_COURSE = "Personvern og informasjonssikkerhet i skolen"

# Upper-secondary programme areas (utdanningsprogram) with the code used in class names.
PROGRAMMES = {
    "ST": "Studiespesialisering",
    "ID": "Idrettsfag",
    "HS": "Helse- og oppvekstfag",
    "EL": "Elektro og datateknologi",
    "TP": "Teknologi- og industrifag",
    "BA": "Bygg- og anleggsteknikk",
    "SS": "Salg, service og reiseliv",
    "MK": "Medier og kommunikasjon",
    "PB": "Påbygging til generell studiekompetanse",
}

# Job titles, as a roster would have them (data, not interface text).
_POSITIONS = {
    RoleKind.PRINCIPAL: "Rektor",
    RoleKind.LEADERSHIP: "Assisterende rektor",
    RoleKind.DEPARTMENT_HEAD: "Avdelingsleder",
    RoleKind.RESOURCE_GROUP_COORDINATOR: "Lektor, koordinator for ressursgruppen",
    RoleKind.RESOURCE_GROUP_MEMBER: "Lektor",
    RoleKind.SOCIAL_WORKER: "Miljøarbeider",
    RoleKind.COUNSELLOR: "Rådgiver",
    RoleKind.SCHOOL_NURSE: "Helsesykepleier",
    RoleKind.TEACHER: "Lektor",
}


@dataclass(frozen=True)
class ClassPlan:
    name: str
    grade: int
    programme_area: str
    size: int


@dataclass
class Rows:
    """Unsaved rows for one or more schools. Later lists point only at rows in earlier ones."""

    users: list[User] = field(default_factory=list)
    classes: list[SchoolClass] = field(default_factory=list)
    pupils: list[Pupil] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    guardians: list[Guardian] = field(default_factory=list)
    relations: list[GuardianRelation] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    trainings: list[PrivacyTraining] = field(default_factory=list)

    def _tables(self) -> list[tuple[type[models.Model], list[Any]]]:
        return [
            (User, self.users),
            (SchoolClass, self.classes),
            (Pupil, self.pupils),
            (Enrolment, self.enrolments),
            (Guardian, self.guardians),
            (GuardianRelation, self.relations),
            (StaffMember, self.staff),
            (Role, self.roles),
            (PrivacyTraining, self.trainings),
        ]

    def __len__(self) -> int:
        return sum(len(rows) for _model, rows in self._tables())

    def write(self, batch_size: int = 2000) -> dict[str, int]:
        """Insert everything (primary keys come back, so later tables can point at earlier
        ones) and empty the lists. Returns the number of rows per model."""
        counts: dict[str, int] = {}
        for model, rows in self._tables():
            if rows:
                model._default_manager.bulk_create(rows, batch_size=batch_size)
            counts[model._meta.model_name or model.__name__] = len(rows)
            rows.clear()
        return counts


class EmailBook:
    """Hands out unique e-mail addresses: kari.hansen@…, kari.hansen2@…"""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def reserve(self, email: str) -> str:
        self._taken.add(email)
        return email

    def take(self, first_name: str, last_name: str, domain: str) -> str:
        base = f"{names.email_part(first_name)}.{names.email_part(last_name)}"
        email, n = f"{base}@{domain}", 1
        while email in self._taken:
            n += 1
            email = f"{base}{n}@{domain}"
        return self.reserve(email)


class PasswordHashes:
    """Password hashes for generated users: one shared hash for log-ins we hand out (Argon2
    is deliberately slow, so it runs once), and fresh unusable ones for everybody else."""

    def __init__(self, login_password: str | None = None) -> None:
        self.login = make_password(login_password) if login_password else make_password(None)

    @staticmethod
    def unusable() -> str:
        return make_password(None)


def create_school_year(school: School, *, start_year: int) -> SchoolYear:
    """A school year with its terms and the holidays of a typical calendar."""
    dates = schoolyear.year_dates(start_year)
    year = SchoolYear.objects.create(
        school=school, starts_on=dates.starts_on, term2_starts_on=dates.term2_starts_on, ends_on=dates.ends_on
    )
    Holiday.objects.bulk_create(
        Holiday(school_year=year, name=h.name, starts_on=h.starts_on, ends_on=h.ends_on)
        for h in schoolyear.holidays(dates)
    )
    return year


def upper_secondary_classes(
    rng: random.Random, per_grade: Sequence[tuple[str, int]], *, size: tuple[int, int]
) -> list[ClassPlan]:
    """Vg1–Vg3 classes named like 1STA, 2IDB: `per_grade` lists (programme code, classes)."""
    plans = []
    for grade in Grade.upper_secondary():
        for code, count in per_grade:
            for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:count]:
                plans.append(ClassPlan(f"{grade - 10}{code}{letter}", grade, PROGRAMMES[code], rng.randint(*size)))
    return plans


def lower_secondary_classes(rng: random.Random, per_grade: int, *, size: tuple[int, int]) -> list[ClassPlan]:
    """8A–10C style classes."""
    return [
        ClassPlan(f"{grade}{letter}", grade, "", rng.randint(*size))
        for grade in Grade.lower_secondary()
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:per_grade]
    ]


@dataclass
class SchoolPeople:
    """Who is who at one planned school, so that the demo can hand out log-ins."""

    school: School
    year: SchoolYear
    classes: list[SchoolClass]
    pupils_by_class: list[list[Pupil]]
    relations: dict[str, list[GuardianRelation]]  # by the pupil's external_id
    staff: dict[str, list[User]]  # by the person's main role kind
    teachers: list[User]  # contact teachers first, one per class in class order
    mentors: list[Pupil]


class _Namer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def child(self, gender: str) -> str:
        if gender == Gender.OTHER:
            return self.rng.choice(names.GIRLS + names.BOYS)
        return self.rng.choice(names.GIRLS if gender == Gender.FEMALE else names.BOYS)

    def adult(self, female: bool) -> str:
        return self.rng.choice(names.WOMEN if female else names.MEN)

    def surname(self) -> str:
        return self.rng.choice(names.SURNAMES)


def _staff_plan(pupil_count: int, class_count: int) -> list[RoleKind]:
    """Main role of each non-teaching staff member, sized like a Norwegian school."""
    plan = [RoleKind.PRINCIPAL]
    plan += [RoleKind.LEADERSHIP] * (2 if pupil_count >= 300 else 1)
    plan += [RoleKind.DEPARTMENT_HEAD] * max(1, math.ceil(class_count / 8))
    plan += [RoleKind.RESOURCE_GROUP_COORDINATOR] + [RoleKind.RESOURCE_GROUP_MEMBER] * 4
    plan += [RoleKind.SOCIAL_WORKER] * max(1, pupil_count // 300)
    plan += [RoleKind.COUNSELLOR] * max(1, pupil_count // 250)
    plan += [RoleKind.SCHOOL_NURSE]
    return plan


def _taught_classes(teacher_index: int, class_count: int) -> set[int]:
    return {(teacher_index + k) % class_count for k in range(3)}


def plan_school(
    rows: Rows,
    *,
    rng: random.Random,
    school: School,
    year: SchoolYear,
    classes: Iterable[ClassPlan],
    domain: str,
    emails: EmailBook,
    passwords: PasswordHashes,
    pupil_users: bool = False,
    guardian_users: bool = False,
    confidential_share: float = 0.0,
    mentors_per_transition_class: int = 2,
) -> SchoolPeople:
    """Plan the classes, pupils, guardians and staff of one school into `rows`.

    Every pupil gets one or two guardians (about one in ten second guardians without
    parental responsibility), every class a contact teacher and teachers, the school one
    person in each school role, and pupils in the grade after the transition grade (9th
    grade, Vg2) become pupil mentors. Staff have confirmed privacy training but no second
    factor: they set one up at their first log-in.
    """
    namer = _Namer(rng)
    start_year = year.starts_on.year
    plans = list(classes)
    people = SchoolPeople(school, year, [], [], {}, {}, [], [])

    def user(first: str, last: str, email_domain: str) -> User:
        new = User(
            email=emails.take(first, last, email_domain),
            first_name=first,
            last_name=last,
            password=passwords.unusable(),
        )
        rows.users.append(new)
        return new

    # Classes, pupils and their guardians.
    pupil_number = guardian_number = 0
    for plan in plans:
        school_class = SchoolClass(
            school=school, school_year=year, name=plan.name, grade=plan.grade, programme_area=plan.programme_area
        )
        rows.classes.append(school_class)
        people.classes.append(school_class)
        members: list[Pupil] = []
        birth_year = start_year - (plan.grade + 5)  # 13 in the autumn of 8th grade, 16 in Vg1
        for _ in range(plan.size):
            pupil_number += 1
            roll = rng.random()
            gender = Gender.FEMALE if roll < 0.49 else Gender.MALE if roll < 0.99 else Gender.OTHER
            surname = namer.surname()
            pupil = Pupil(
                school=school,
                external_id=f"E{pupil_number:05d}",
                first_name=namer.child(gender),
                last_name=surname,
                birth_date=datetime.date(birth_year, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                gender=gender,
                confidential_address=rng.random() < confidential_share,
            )
            if pupil_users:
                pupil.user = user(pupil.first_name, pupil.last_name, f"elev.{domain}")
            rows.pupils.append(pupil)
            rows.enrolments.append(Enrolment(pupil=pupil, school_class=school_class))
            members.append(pupil)

            relations = []
            first_female = rng.random() < 0.5
            for n in range(2 if rng.random() < 0.75 else 1):
                guardian_number += 1
                female = first_female if n == 0 else not first_female
                last = surname if n == 0 or rng.random() < 0.5 else namer.surname()
                first = namer.adult(female)
                guardian = Guardian(
                    school=school,
                    external_id=f"F{guardian_number:05d}",
                    first_name=first,
                    last_name=last,
                )
                if guardian_users:
                    guardian.user = user(first, last, f"foresatt.{domain}")
                    guardian.email = guardian.user.email
                else:
                    guardian.email = emails.take(first, last, f"foresatt.{domain}")
                rows.guardians.append(guardian)
                relation = GuardianRelation(
                    guardian=guardian, pupil=pupil, parental_responsibility=n == 0 or rng.random() >= 0.1
                )
                rows.relations.append(relation)
                relations.append(relation)
            people.relations[pupil.external_id] = relations
        people.pupils_by_class.append(members)

    # Pupil mentors: from the grade after each transition grade, for the new classes.
    transition_count = sum(1 for c in people.classes if c.is_transition_grade)
    candidates = [
        p
        for school_class, members in zip(people.classes, people.pupils_by_class, strict=True)
        if school_class.grade in (Grade.GRADE_9, Grade.VG2)
        for p in members
        if not p.confidential_address
    ]
    for pupil in rng.sample(candidates, min(len(candidates), transition_count * mentors_per_transition_class)):
        if pupil.user is None:
            pupil.user = user(pupil.first_name, pupil.last_name, f"elev.{domain}")
        rows.roles.append(Role(user=pupil.user, kind=RoleKind.PUPIL_MENTOR, school=school, school_year=year))
        people.mentors.append(pupil)

    # Staff: one person per non-teaching post, then teachers (contact teachers first).
    pupil_count = sum(p.size for p in plans)
    class_count = len(people.classes)
    employees: list[User] = []

    def employ(kind: RoleKind) -> User:
        person = user(namer.adult(rng.random() < 0.6), namer.surname(), domain)
        employees.append(person)
        rows.staff.append(
            StaffMember(school=school, user=person, external_id=f"A{len(employees):04d}", position=_POSITIONS[kind])
        )
        people.staff.setdefault(kind, []).append(person)
        return person

    for kind in _staff_plan(pupil_count, class_count):
        person = employ(kind)
        rows.roles.append(Role(user=person, kind=kind, school=school, school_year=year))
    teacher_count = max(class_count + 2, math.ceil(pupil_count / 12))
    for index in range(teacher_count):
        person = employ(RoleKind.TEACHER)
        people.teachers.append(person)
        if index < class_count:
            rows.roles.append(
                Role(
                    user=person,
                    kind=RoleKind.CONTACT_TEACHER,
                    school=school,
                    school_year=year,
                    school_class=people.classes[index],
                )
            )
        rows.roles.extend(
            Role(user=person, kind=RoleKind.TEACHER, school=school, school_year=year, school_class=people.classes[i])
            for i in sorted(_taught_classes(index, class_count))
        )

    # Every employee has confirmed privacy training (recorded by the principal) a week
    # before the school year began.
    principal = people.staff[RoleKind.PRINCIPAL][0]
    trained_on = year.starts_on - datetime.timedelta(days=7)
    rows.trainings.extend(
        PrivacyTraining(user=person, completed_on=trained_on, course=PRIVACY_COURSE, recorded_by=principal)
        for person in employees
    )
    return people
