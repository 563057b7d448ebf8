"""The demo: a fictional county with an upper- and a lower-secondary school, and log-ins.

Drømtorp videregående skole has seven Vg1–Vg3 classes per grade (about 500 pupils);
Drømmevik ungdomsskole three classes in each of grades 8–10. The demo log-ins are real
positions in that data: the contact teacher's class holds the demo pupil, whose guardians
are the two guardian log-ins, and a classmate has a confidential address.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from drommeskolen.accounts.models import PrivacyTraining, User
from drommeskolen.core.models import OwnerKind, School, SchoolLevel, SchoolOwner
from drommeskolen.people.models import GuardianRelation, Role, RoleKind
from drommeskolen.people.roles import SENSITIVE_KINDS
from drommeskolen.programme.actions import generate_wheel

from . import builder, logins, schoolyear
from .cases import add_demo_cases
from .year import add_demo_year

SEED = 20260817
# Drømtorp's programme areas: (code, classes per grade) for Vg1, Vg2 and Vg3.
_DROMTORP_VG1_VG2 = (("ST", 3), ("ID", 2), ("HS", 1), ("EL", 1))
_DROMTORP_VG3 = (("ST", 3), ("ID", 2), ("PB", 2))
_CLASS_SIZE = (22, 26)
_CONFIDENTIAL_PER_SCHOOL = {logins.DROMTORP.key: 3, logins.DROMMEVIK.key: 2}
_STAFF_LOGINS = {
    RoleKind.PRINCIPAL,
    RoleKind.LEADERSHIP,
    RoleKind.DEPARTMENT_HEAD,
    RoleKind.RESOURCE_GROUP_MEMBER,
    RoleKind.RESOURCE_GROUP_COORDINATOR,
    RoleKind.SOCIAL_WORKER,
    RoleKind.COUNSELLOR,
    RoleKind.SCHOOL_NURSE,
}


@dataclass(frozen=True)
class DemoCounts:
    schools: int
    pupils: int
    guardians: int
    staff: int


def demo_exists() -> bool:
    return SchoolOwner.objects.filter(name=logins.OWNER_NAME).exists()


def _classes(school: logins.DemoSchool, rng: random.Random) -> list[builder.ClassPlan]:
    if school is logins.DROMMEVIK:
        return builder.lower_secondary_classes(rng, 3, size=_CLASS_SIZE)
    plans = builder.upper_secondary_classes(rng, _DROMTORP_VG1_VG2, size=_CLASS_SIZE)
    vg3 = builder.upper_secondary_classes(rng, _DROMTORP_VG3, size=_CLASS_SIZE)
    return [p for p in plans if p.grade != 13] + [p for p in vg3 if p.grade == 13]


def _login_user(rows: builder.Rows, email: str, first: str, last: str, password: str) -> User:
    user = User(email=email, first_name=first, last_name=last, password=password)
    rows.users.append(user)
    return user


def _hand_out_logins(
    rows: builder.Rows,
    people: builder.SchoolPeople,
    school: logins.DemoSchool,
    rng: random.Random,
    password: str,
) -> None:
    """Give the school's demo addresses to people in the planned data."""

    def email(kind: str) -> str:
        local = next(local for local, k in logins.SCHOOL_LOGINS if k == kind)
        return logins.school_login_email(local, school)

    def give(user: User, kind: str) -> None:
        user.email, user.password = email(kind), password

    for kind in _STAFF_LOGINS:
        give(people.staff[kind][0], kind)
    class_count = len(people.classes)
    give(people.teachers[0], RoleKind.CONTACT_TEACHER)  # contact teacher of the first class
    give(people.teachers[class_count], RoleKind.TEACHER)  # teaches the first class, is not its contact teacher
    mentor_user = people.mentors[0].user
    assert mentor_user is not None
    give(mentor_user, RoleKind.PUPIL_MENTOR)

    # The demo pupil: in the first class (a transition class), with two guardians.
    first_class = people.pupils_by_class[0]
    pupil = next(p for p in first_class if len(people.relations[p.external_id]) == 2)
    pupil.user = _login_user(rows, email(RoleKind.PUPIL), pupil.first_name, pupil.last_name, password)
    with_responsibility, without = people.relations[pupil.external_id]
    guardian_logins: tuple[tuple[GuardianRelation, str, bool], ...] = (
        (with_responsibility, RoleKind.GUARDIAN, True),
        (without, logins.GUARDIAN_WITHOUT_RESPONSIBILITY, False),
    )
    for relation, login_kind, responsible in guardian_logins:
        guardian = relation.guardian
        guardian.email = email(login_kind)
        guardian.user = _login_user(rows, guardian.email, guardian.first_name, guardian.last_name, password)
        relation.parental_responsibility = responsible

    # Confidential addresses: a classmate of the demo pupil, and others elsewhere.
    mentors = {p.external_id for p in people.mentors}
    classmates = [p for p in first_class if p is not pupil]
    confidential = [rng.choice(classmates)]
    others = [p for members in people.pupils_by_class[1:] for p in members if p.external_id not in mentors]
    confidential += rng.sample(others, _CONFIDENTIAL_PER_SCHOOL[school.key] - 1)
    for chosen in confidential:
        chosen.confidential_address = True


def _owner_and_network_users(rows: builder.Rows, owner: SchoolOwner, password: str, trained_on: datetime.date) -> None:
    people = {
        RoleKind.OWNER_REPRESENTATIVE: ("Solveig", "Fylkesnes"),
        RoleKind.NETWORK_VIEWER: ("Nils", "Nettverk"),
        RoleKind.SYSTEM_ADMIN: ("Sara", "Drift"),
    }
    for email, kind in logins.OTHER_LOGINS:
        first, last = people[RoleKind(kind)]
        user = _login_user(rows, email, first, last, password)
        rows.roles.append(Role(user=user, kind=kind, owner=owner if kind == RoleKind.OWNER_REPRESENTATIVE else None))
        if kind in SENSITIVE_KINDS:
            rows.trainings.append(
                PrivacyTraining(user=user, completed_on=trained_on, course=builder.PRIVACY_COURSE, recorded_by=user)
            )


@transaction.atomic
def load_demo(today: datetime.date | None = None) -> DemoCounts | None:
    """Create the demo owner, schools, people and log-ins; None if the demo is already there."""
    if demo_exists():
        return None
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    passwords = builder.PasswordHashes(logins.DEMO_PASSWORD)
    emails = builder.EmailBook()
    for login in logins.all_logins():
        emails.reserve(login.email)
    owner = SchoolOwner.objects.create(
        name=logins.OWNER_NAME, kind=OwnerKind.COUNTY, organisation_number=logins.OWNER_ORGANISATION_NUMBER
    )
    rows = builder.Rows()
    start_year = schoolyear.start_year_of(today)
    planned: list[builder.SchoolPeople] = []
    for demo_school in logins.SCHOOLS:
        school = School.objects.create(
            owner=owner,
            name=demo_school.name,
            organisation_number=demo_school.organisation_number,
            level=SchoolLevel.LOWER_SECONDARY if demo_school is logins.DROMMEVIK else SchoolLevel.UPPER_SECONDARY,
        )
        year = builder.create_school_year(school, start_year=start_year)
        people = builder.plan_school(
            rows,
            rng=rng,
            school=school,
            year=year,
            classes=_classes(demo_school, rng),
            domain=demo_school.domain,
            emails=emails,
            passwords=passwords,
        )
        _hand_out_logins(rows, people, demo_school, rng, passwords.login)
        planned.append(people)
    trained_on = datetime.date(start_year, 8, 1)
    _owner_and_network_users(rows, owner, passwords.login, trained_on)
    counts = rows.write()
    for people in planned:
        generate_wheel(school_year=people.year)  # the årshjul of the current year (issue 4)
        # The resource group, the mentors and what has happened so far this year.
        add_demo_year(people, today)
    for demo_school in logins.SCHOOLS:
        # Cases at every stage of the duty to act (issue 3), written through its actions.
        add_demo_cases(demo_school, School.objects.get(organisation_number=demo_school.organisation_number), today)
    return DemoCounts(
        schools=len(logins.SCHOOLS),
        pupils=counts["pupil"],
        guardians=counts["guardian"],
        staff=counts["staffmember"],
    )
