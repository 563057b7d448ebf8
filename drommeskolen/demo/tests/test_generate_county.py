import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School, SchoolOwner
from drommeskolen.people.models import (
    SCHOOL_ROLE_KINDS,
    Enrolment,
    GuardianRelation,
    Pupil,
    Role,
    SchoolClass,
    StaffMember,
)


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_county", schools=3, pupils=300, owner_name="Testfylket", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_generate_county_creates_what_it_says():
    output = generate()
    owner = SchoolOwner.objects.get(name="Testfylket")
    schools = School.objects.filter(owner=owner)
    assert schools.count() == 3
    pupils = Pupil.objects.filter(school__owner=owner)
    assert pupils.count() == 300
    assert "300" in output  # the printed row counts
    assert Enrolment.objects.filter(pupil__school__owner=owner).count() == 300
    assert not pupils.filter(user__isnull=True).exists()  # every pupil has an account, as with Feide
    relations = GuardianRelation.objects.filter(pupil__school__owner=owner).values("pupil").annotate(n=Count("id"))
    assert {r["n"] for r in relations} == {1, 2}
    assert len(relations) == 300
    mean_class = 300 / SchoolClass.objects.filter(school__owner=owner).count()
    assert 20 <= mean_class <= 30
    today = timezone.localdate()
    for school in schools:
        year = school.current_year()
        assert year is not None
        assert year.starts_on.year == (today.year if today.month >= 8 else today.year - 1)
        sizes = list(
            SchoolClass.objects.filter(school_year=year).annotate(n=Count("enrolments")).values_list("n", flat=True)
        )
        assert max(sizes) <= 30, sizes  # about 25, never a crowd
        assert sum(sizes) == Pupil.objects.filter(school=school).count()
        kinds = set(Role.objects.filter(school=school, school_year=year).values_list("kind", flat=True))
        assert kinds == {k.value for k in SCHOOL_ROLE_KINDS}
        assert StaffMember.objects.filter(school=school).count() >= 10


@pytest.mark.django_db
def test_generate_county_refuses_an_owner_name_that_exists():
    generate()
    users = User.objects.count()
    with pytest.raises(CommandError, match="finnes allerede"):
        generate()
    assert User.objects.count() == users
    assert SchoolOwner.objects.filter(name="Testfylket").count() == 1


@pytest.mark.django_db
def test_two_counties_live_side_by_side():
    generate()
    out = io.StringIO()
    call_command("generate_county", schools=2, pupils=100, owner_name="Nabofylket", stdout=out)
    assert Pupil.objects.filter(school__owner__name="Nabofylket").count() == 100
    assert School.objects.count() == 5
