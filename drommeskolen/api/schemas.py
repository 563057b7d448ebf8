"""The shapes the API answers with, and how each is built from the models.

Objects are named by UUID only, never by database id. Each schema is built explicitly by
its `of()` from objects an access function returned, so a field can never reach the
answer unless it is listed here.
"""

import datetime
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from drommeskolen.accounts.models import ApiToken, User
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Enrolment, Grade, GuardianRelation, Pupil, Role, RoleKind, SchoolClass


class Error(Schema):
    detail: str = Field(description="Hva som gikk galt, på norsk.")


class ValidationErrorOut(Error):
    errors: list[dict[str, Any]] = Field(description="Hvilke parametere som er ugyldige, og hvorfor.")


class RoleOut(Schema):
    kind: str = Field(description="Rollens kode, for eksempel «contact_teacher».")
    label: str = Field(description="Rollens navn på norsk.")

    @classmethod
    def all_of(cls, kinds: frozenset[str]) -> list["RoleOut"]:
        """Role kinds in the order RoleKind lists them, with their Norwegian names."""
        return [cls(kind=k.value, label=str(k.label)) for k in RoleKind if k.value in kinds]


class SchoolOut(Schema):
    uuid: UUID
    name: str
    organisation_number: str
    level: str = Field(description="lower (ungdomsskole), upper (videregående) eller combined (kombinert).")
    level_label: str
    written_standard: str = Field(description="Målform: nb (bokmål) eller nn (nynorsk).")
    school_year: str | None = Field(description="Inneværende skoleår, for eksempel «2026/2027».")

    @classmethod
    def of(cls, school: School, year: SchoolYear | None) -> "SchoolOut":
        return cls(
            uuid=school.uuid,
            name=school.name,
            organisation_number=school.organisation_number,
            level=school.level,
            level_label=str(school.get_level_display()),
            written_standard=school.written_standard,
            school_year=year.label if year is not None else None,
        )


class SchoolRef(Schema):
    uuid: UUID
    name: str


class MembershipOut(Schema):
    school: SchoolRef
    school_year: str | None
    roles: list[RoleOut]


class TokenOut(Schema):
    name: str
    expires_at: datetime.datetime | None


class MeOut(Schema):
    uuid: UUID
    email: str
    first_name: str
    last_name: str
    privacy_training: bool = Field(
        description="Om brukeren har registrert personvernopplæring (kreves for elevprofiler)."
    )
    token: TokenOut = Field(description="API-nøkkelen som ble brukt.")
    schools: list[MembershipOut] = Field(description="Skolene brukeren har roller ved, med rollene der.")

    @classmethod
    def of(cls, user: User, token: ApiToken, *, privacy_training: bool, schools: list[MembershipOut]) -> "MeOut":
        return cls(
            uuid=user.uuid,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            privacy_training=privacy_training,
            token=TokenOut(name=token.name, expires_at=token.expires_at),
            schools=schools,
        )


class ClassOut(Schema):
    uuid: UUID
    name: str
    grade: int = Field(description="Trinn: 8–10, og 11–13 for Vg1–Vg3.")
    grade_label: str
    programme_area: str = Field(description="Utdanningsprogram (tomt for ungdomsskolen).")
    contact_teachers: list[str] = Field(description="Kontaktlærernes navn.")

    @classmethod
    def fields_of(cls, school_class: SchoolClass, contact_roles: Iterable[Role]) -> dict[str, Any]:
        return {
            "uuid": school_class.uuid,
            "name": school_class.name,
            "grade": school_class.grade,
            "grade_label": str(Grade(school_class.grade).label),
            "programme_area": school_class.programme_area,
            "contact_teachers": [role.user.get_full_name() or str(role.user) for role in contact_roles],
        }

    @classmethod
    def of(cls, school_class: SchoolClass, contact_roles: Iterable[Role]) -> "ClassOut":
        return cls(**cls.fields_of(school_class, contact_roles))


class PupilRef(Schema):
    uuid: UUID
    first_name: str
    last_name: str

    @classmethod
    def of(cls, pupil: Pupil) -> "PupilRef":
        return cls(uuid=pupil.uuid, first_name=pupil.first_name, last_name=pupil.last_name)


class ClassDetailOut(ClassOut):
    members: list[PupilRef] = Field(description="Elevene i klassen, slik du har lov til å se dem.")

    @classmethod
    def with_members(
        cls, school_class: SchoolClass, contact_roles: Iterable[Role], members: Iterable[Pupil]
    ) -> "ClassDetailOut":
        return cls(**cls.fields_of(school_class, contact_roles), members=[PupilRef.of(p) for p in members])


class ClassRef(Schema):
    uuid: UUID
    name: str


class DirectoryPupilOut(PupilRef):
    classes: list[ClassRef] = Field(description="Elevens klasser i inneværende skoleår.")

    @classmethod
    def with_classes(cls, pupil: Pupil, enrolments: Iterable[Enrolment]) -> "DirectoryPupilOut":
        return cls(
            uuid=pupil.uuid,
            first_name=pupil.first_name,
            last_name=pupil.last_name,
            classes=[ClassRef(uuid=e.school_class.uuid, name=e.school_class.name) for e in enrolments],
        )


class EnrolmentOut(Schema):
    uuid: UUID = Field(description="Klassens UUID.")
    name: str
    school_year: str


class GuardianOut(Schema):
    uuid: UUID
    first_name: str
    last_name: str
    parental_responsibility: bool = Field(description="Uten foreldreansvar får den foresatte ikke innsyn.")


class PupilProfileOut(PupilRef):
    birth_date: datetime.date
    gender: str | None = Field(description="female, male, other, eller null når det ikke er registrert.")
    confidential_address: bool = Field(
        description="Fortrolig adresse: eleven vises aldri i lister som foresatte eller andre elever ser."
    )
    classes: list[EnrolmentOut] = Field(description="Klassene eleven har gått i, nyeste først.")
    guardians: list[GuardianOut]

    @classmethod
    def with_details(
        cls, pupil: Pupil, enrolments: Iterable[Enrolment], relations: Iterable[GuardianRelation]
    ) -> "PupilProfileOut":
        return cls(
            uuid=pupil.uuid,
            first_name=pupil.first_name,
            last_name=pupil.last_name,
            birth_date=pupil.birth_date,
            gender=pupil.gender or None,
            confidential_address=pupil.confidential_address,
            classes=[
                EnrolmentOut(
                    uuid=e.school_class.uuid, name=e.school_class.name, school_year=e.school_class.school_year.label
                )
                for e in enrolments
            ],
            guardians=[
                GuardianOut(
                    uuid=r.guardian.uuid,
                    first_name=r.guardian.first_name,
                    last_name=r.guardian.last_name,
                    parental_responsibility=r.parental_responsibility,
                )
                for r in relations
            ],
        )
