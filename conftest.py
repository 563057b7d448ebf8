"""The shared cast: one user per role at school A, and an outsider at school B.

Staff have TOTP and privacy training, so `client.force_login(cast.teacher)` behaves like
a real log-in. Tests take `cast` and pick who they need.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Grade, Pupil, RoleKind, SchoolClass
from tests.factories import (
    EnrolmentFactory,
    GuardianFactory,
    GuardianRelationFactory,
    RoleFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
    make_ready_for_sensitive_data,
)


@dataclass
class Cast:
    school: School
    year: SchoolYear
    class_a: SchoolClass  # the contact teacher's class
    class_b: SchoolClass  # another class at the same school
    pupil: Pupil  # in class_a, has an account
    classmate: Pupil  # in class_a
    confidential_pupil: Pupil  # in class_a, confidential address
    pupil_b: Pupil  # in class_b
    other_school: School
    other_year: SchoolYear
    other_class: SchoolClass
    other_pupil: Pupil
    principal: User
    leadership: User
    department_head: User
    resource_group_member: User
    resource_group_coordinator: User
    contact_teacher: User
    teacher: User  # teaches class_b
    social_worker: User
    counsellor: User
    school_nurse: User
    mentor: User
    pupil_user: User
    guardian: User  # parental responsibility for `pupil`
    guardian_without_responsibility: User
    owner_representative: User
    network_viewer: User
    system_admin: User
    outsider: User  # a teacher at the other school

    def user(self, name: str) -> User:
        user: User = getattr(self, name)
        return user


def _staff(school: School, year: SchoolYear, kind: str, school_class: SchoolClass | None = None) -> User:
    user = make_ready_for_sensitive_data(UserFactory())
    StaffMemberFactory(school=school, user=user)
    RoleFactory(user=user, kind=kind, school=school, school_year=year, school_class=school_class)
    return user


@pytest.fixture
def cast(db: Any) -> Cast:
    school = SchoolFactory(name="Drømtorp videregående skole")
    year = SchoolYearFactory(school=school)
    class_a = SchoolClassFactory(school_year=year, name="1STA", grade=Grade.VG1)
    class_b = SchoolClassFactory(school_year=year, name="1STB", grade=Grade.VG1)
    other_school = SchoolFactory(name="Annen skole")
    other_year = SchoolYearFactory(school=other_school)
    other_class = SchoolClassFactory(school_year=other_year, name="8A", grade=Grade.GRADE_8)

    pupil_user = UserFactory()
    pupil = EnrolmentFactory(
        school_class=class_a, pupil__user=pupil_user, pupil__birth_date=datetime.date(2010, 1, 2)
    ).pupil
    classmate = EnrolmentFactory(school_class=class_a).pupil
    confidential_pupil = EnrolmentFactory(school_class=class_a, pupil__confidential_address=True).pupil
    pupil_b = EnrolmentFactory(school_class=class_b).pupil
    other_pupil = EnrolmentFactory(school_class=other_class).pupil

    mentor_user = UserFactory()
    EnrolmentFactory(school_class=class_b, pupil__user=mentor_user)
    RoleFactory(user=mentor_user, kind=RoleKind.PUPIL_MENTOR, school=school, school_year=year)

    guardian_user = UserFactory()
    GuardianRelationFactory(guardian=GuardianFactory(school=school, user=guardian_user), pupil=pupil)
    without_user = UserFactory()
    GuardianRelationFactory(
        guardian=GuardianFactory(school=school, user=without_user), pupil=pupil, parental_responsibility=False
    )

    owner_rep = make_ready_for_sensitive_data(UserFactory())
    RoleFactory(user=owner_rep, kind=RoleKind.OWNER_REPRESENTATIVE, owner=school.owner)
    network_viewer = UserFactory()
    RoleFactory(user=network_viewer, kind=RoleKind.NETWORK_VIEWER)
    system_admin = make_ready_for_sensitive_data(UserFactory())
    RoleFactory(user=system_admin, kind=RoleKind.SYSTEM_ADMIN)

    return Cast(
        school=school,
        year=year,
        class_a=class_a,
        class_b=class_b,
        pupil=pupil,
        classmate=classmate,
        confidential_pupil=confidential_pupil,
        pupil_b=pupil_b,
        other_school=other_school,
        other_year=other_year,
        other_class=other_class,
        other_pupil=other_pupil,
        principal=_staff(school, year, RoleKind.PRINCIPAL),
        leadership=_staff(school, year, RoleKind.LEADERSHIP),
        department_head=_staff(school, year, RoleKind.DEPARTMENT_HEAD),
        resource_group_member=_staff(school, year, RoleKind.RESOURCE_GROUP_MEMBER),
        resource_group_coordinator=_staff(school, year, RoleKind.RESOURCE_GROUP_COORDINATOR),
        contact_teacher=_staff(school, year, RoleKind.CONTACT_TEACHER, class_a),
        teacher=_staff(school, year, RoleKind.TEACHER, class_b),
        social_worker=_staff(school, year, RoleKind.SOCIAL_WORKER),
        counsellor=_staff(school, year, RoleKind.COUNSELLOR),
        school_nurse=_staff(school, year, RoleKind.SCHOOL_NURSE),
        mentor=mentor_user,
        pupil_user=pupil_user,
        guardian=guardian_user,
        guardian_without_responsibility=without_user,
        owner_representative=owner_rep,
        network_viewer=network_viewer,
        system_admin=system_admin,
        outsider=_staff(other_school, other_year, RoleKind.TEACHER, other_class),
    )


CAST_ROLES = [
    "principal",
    "leadership",
    "department_head",
    "resource_group_member",
    "resource_group_coordinator",
    "contact_teacher",
    "teacher",
    "social_worker",
    "counsellor",
    "school_nurse",
    "mentor",
    "pupil_user",
    "guardian",
    "guardian_without_responsibility",
    "owner_representative",
    "network_viewer",
    "system_admin",
    "outsider",
]

# Groups of cast roles at school A, shared by the access matrices of the web and the API.
STAFF_ROLES = frozenset(
    {
        "principal",
        "leadership",
        "department_head",
        "resource_group_member",
        "resource_group_coordinator",
        "contact_teacher",
        "teacher",
        "social_worker",
        "counsellor",
        "school_nurse",
    }
)
# Names and classes of the school's pupils.
DIRECTORY_ROLES = STAFF_ROLES | {"system_admin"}
# Who may open the profile of a pupil in class A: school-wide roles and A's contact teacher.
PROFILE_OF_CLASS_A_ROLES = frozenset(
    {"principal", "leadership", "department_head", "social_worker", "counsellor", "school_nurse", "contact_teacher"}
)
ROSTER_ADMIN_ROLES = frozenset({"principal", "leadership", "system_admin"})
