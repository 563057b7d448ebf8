"""factory_boy factories for the whole project (no fixture files)."""

import datetime

import factory
import factory.faker
from allauth.mfa.totp.internal.auth import TOTP

from drommeskolen.accounts.models import PrivacyTraining, User
from drommeskolen.core.models import OwnerKind, School, SchoolLevel, SchoolOwner, SchoolYear
from drommeskolen.people.models import (
    Enrolment,
    Grade,
    Guardian,
    GuardianRelation,
    Pupil,
    Role,
    SchoolClass,
    StaffMember,
)

TEST_PASSWORD = "korrekt-hest-batteri-stift"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class DistinctiveName(factory.faker.Faker):
    """A Norwegian first or last name of five letters or more.

    Tests assert that a person's name is *absent* from a page, a feed or an e-mail; a short
    name such as "Liv" or "Dahl" turns up inside ordinary words ("Livsmestring") and makes
    such a test fail at random.
    """

    def evaluate(self, instance, step, extra):
        while True:
            name = super().evaluate(instance, step, dict(extra))  # the parent pops the locale
            if len(name) >= 5:
                return name


class SchoolOwnerFactory(factory.django.DjangoModelFactory[SchoolOwner]):
    class Meta:
        model = SchoolOwner

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    kind = OwnerKind.MUNICIPALITY
    organisation_number = factory.Sequence(lambda n: f"{900000000 + n}")


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    owner = factory.SubFactory(SchoolOwnerFactory)
    name = factory.Sequence(lambda n: f"Testskole {n}")
    organisation_number = factory.Sequence(lambda n: f"{970000000 + n}")
    level = SchoolLevel.UPPER_SECONDARY


def current_year_start(today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(year, 8, 18)


class SchoolYearFactory(factory.django.DjangoModelFactory[SchoolYear]):
    """By default the school year running today, so roles in it are in force."""

    class Meta:
        model = SchoolYear

    school = factory.SubFactory(SchoolFactory)
    starts_on = factory.LazyFunction(current_year_start)
    term2_starts_on = factory.LazyAttribute(lambda o: datetime.date(o.starts_on.year + 1, 1, 5))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.starts_on.year + 1, 6, 19))


class SchoolClassFactory(factory.django.DjangoModelFactory[SchoolClass]):
    class Meta:
        model = SchoolClass

    school_year = factory.SubFactory(SchoolYearFactory)
    school = factory.SelfAttribute("school_year.school")
    name = factory.Sequence(lambda n: f"1ST{n}")
    grade = Grade.VG1


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@skole.test")
    first_name = DistinctiveName("first_name", locale="no_NO")
    last_name = DistinctiveName("last_name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_ready_for_sensitive_data(user: User) -> User:
    """A staff user who has set up TOTP and confirmed privacy training."""
    TOTP.activate(user, TEST_TOTP_SECRET)
    PrivacyTraining.objects.create(
        user=user, completed_on=datetime.date(2026, 8, 10), course="Personvern i skolen", recorded_by=user
    )
    return user


class PupilFactory(factory.django.DjangoModelFactory[Pupil]):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    external_id = factory.Sequence(lambda n: f"E{n:06d}")
    first_name = DistinctiveName("first_name", locale="no_NO")
    last_name = DistinctiveName("last_name", locale="no_NO")
    birth_date = datetime.date(2010, 3, 14)


class EnrolmentFactory(factory.django.DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    school_class = factory.SubFactory(SchoolClassFactory)
    pupil = factory.SubFactory(PupilFactory, school=factory.SelfAttribute("..school_class.school"))


class GuardianFactory(factory.django.DjangoModelFactory[Guardian]):
    class Meta:
        model = Guardian

    school = factory.SubFactory(SchoolFactory)
    external_id = factory.Sequence(lambda n: f"F{n:06d}")
    first_name = DistinctiveName("first_name", locale="no_NO")
    last_name = DistinctiveName("last_name", locale="no_NO")
    email = factory.Sequence(lambda n: f"foresatt{n}@hjem.test")


class GuardianRelationFactory(factory.django.DjangoModelFactory[GuardianRelation]):
    class Meta:
        model = GuardianRelation

    guardian = factory.SubFactory(GuardianFactory)
    pupil = factory.SubFactory(PupilFactory)
    parental_responsibility = True


class StaffMemberFactory(factory.django.DjangoModelFactory[StaffMember]):
    class Meta:
        model = StaffMember

    school = factory.SubFactory(SchoolFactory)
    external_id = factory.Sequence(lambda n: f"A{n:05d}")
    user = factory.SubFactory(UserFactory)


class RoleFactory(factory.django.DjangoModelFactory[Role]):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
