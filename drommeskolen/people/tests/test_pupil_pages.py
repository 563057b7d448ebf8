import pytest
from django.urls import reverse

from drommeskolen.core.models import AccessLogEntry
from drommeskolen.people.models import Grade
from tests.factories import EnrolmentFactory, RoleFactory, SchoolClassFactory


@pytest.mark.django_db
def test_contact_teacher_opens_own_pupil_and_the_read_is_logged(client, cast):
    client.force_login(cast.contact_teacher)
    response = client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.actor == cast.contact_teacher
    assert entry.pupil_uuid == cast.pupil.uuid
    assert entry.page == reverse("people:pupil_detail", args=[cast.pupil.uuid])


@pytest.mark.django_db
def test_teacher_of_another_class_gets_404_like_a_missing_pupil(client, cast):
    client.force_login(cast.contact_teacher)
    assert client.get(reverse("people:pupil_detail", args=[cast.pupil_b.uuid])).status_code == 404
    assert client.get(reverse("people:pupil_detail", args=[cast.other_pupil.uuid])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_profile_shows_guardians_and_who_lacks_parental_responsibility(client, cast):
    client.force_login(cast.principal)
    body = client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid])).content.decode()
    assert "Foreldreansvar" in body
    assert "Uten foreldreansvar" in body


@pytest.mark.django_db
def test_pupils_never_see_a_classmate_with_a_confidential_address(client, cast):
    client.force_login(cast.pupil_user)
    body = client.get(reverse("people:class_detail", args=[cast.class_a.uuid])).content.decode()
    assert cast.classmate.full_name in body
    assert cast.confidential_pupil.full_name not in body


@pytest.mark.django_db
def test_staff_see_the_confidential_pupil_with_a_warning(client, cast):
    client.force_login(cast.contact_teacher)
    body = client.get(reverse("people:class_detail", args=[cast.class_a.uuid])).content.decode()
    assert cast.confidential_pupil.full_name in body
    profile = client.get(reverse("people:pupil_detail", args=[cast.confidential_pupil.uuid])).content.decode()
    assert "fortrolig adresse" in profile


@pytest.mark.django_db
def test_guardian_sees_only_children_with_parental_responsibility(client, cast):
    client.force_login(cast.guardian)
    assert cast.pupil.full_name in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.guardian_without_responsibility)
    body = client.get(reverse("core:home")).content.decode()
    assert cast.pupil.full_name not in body
    assert "Ingen elever er registrert" in body


@pytest.mark.django_db
def test_search_as_you_type_returns_only_the_result_list(client, cast):
    client.force_login(cast.teacher)
    response = client.get(reverse("people:pupil_list"), {"q": cast.classmate.last_name}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert cast.classmate.full_name in body
    assert "<html" not in body
    assert cast.other_pupil.full_name not in body


@pytest.mark.django_db
def test_search_by_class_name(client, cast):
    client.force_login(cast.teacher)
    body = client.get(reverse("people:pupil_list"), {"q": "1stb"}).content.decode()
    assert cast.pupil_b.full_name in body
    assert cast.classmate.full_name not in body


@pytest.mark.django_db
def test_teacher_sees_links_only_to_profiles_they_may_open(client, cast):
    client.force_login(cast.teacher)  # teaches class B
    body = client.get(reverse("people:pupil_list")).content.decode()
    assert reverse("people:pupil_detail", args=[cast.pupil_b.uuid]) in body
    assert reverse("people:pupil_detail", args=[cast.pupil.uuid]) not in body


def _grow(cast, classes=8, pupils_per_class=6):
    for n in range(classes):
        school_class = SchoolClassFactory(school_year=cast.year, name=f"2X{n}", grade=Grade.VG2)
        RoleFactory(
            user=cast.contact_teacher,
            kind="contact_teacher",
            school=cast.school,
            school_year=cast.year,
            school_class=school_class,
        )
        for _ in range(pupils_per_class):
            EnrolmentFactory(school_class=school_class)


# Every page's query count is measured on small data and again after adding classes and
# pupils: it must not grow. Per request, before the view: session, user, system-admin role?,
# schools, school year, roles, pupil?, guardian?, TOTP?, needs-second-factor; after: session save.
PAGES = {
    # view queries: my classes (home) + class count + pupil count; the panels of other apps:
    # årshjul (roles, next events), concerns (deputy?), cases (those I handle), the class
    # year (resource-group member?, classes with a missed follow-up hour)
    "home": (lambda cast: reverse("core:home"), 21),
    # classes with pupil counts, contact-teacher roles with users
    "class_list": (lambda cast: reverse("people:class_list"), 15),
    # class, pupils, profile ids, contact teachers
    "class_detail": (lambda cast: reverse("people:class_detail", args=[cast.class_a.uuid]), 16),
    # pupils, their enrolments with classes, profile ids
    "pupil_list": (lambda cast: reverse("people:pupil_list"), 15),
    # training?, pupil, savepoint, chain head locked (first read creates it: +4 once), log
    # insert, chain update, release, enrolments with classes, guardians
    "pupil_detail": (lambda cast: reverse("people:pupil_detail", args=[cast.pupil.uuid]), 26),
    # roles with users and classes
    "staff_list": (lambda cast: reverse("people:staff_list"), 13),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_does_not_grow_with_the_data(client, cast, page, django_assert_max_num_queries):
    url, limit = PAGES[page]
    client.force_login(cast.contact_teacher)
    with django_assert_max_num_queries(limit) as small:
        assert client.get(url(cast)).status_code == 200
    _grow(cast)
    with django_assert_max_num_queries(limit) as large:
        assert client.get(url(cast)).status_code == 200
    if page == "pupil_detail":
        # The very first read of the school creates its access-log chain head.
        assert len(large.captured_queries) <= len(small.captured_queries)
    else:
        assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_class_search_finds_only_this_years_class(client, cast):
    import datetime

    from tests.factories import SchoolYearFactory

    last_year = SchoolYearFactory(
        school=cast.school,
        starts_on=cast.year.starts_on - datetime.timedelta(days=365),
        term2_starts_on=cast.year.term2_starts_on - datetime.timedelta(days=365),
        ends_on=cast.year.ends_on - datetime.timedelta(days=365),
    )
    old_class = SchoolClassFactory(school_year=last_year, name="1STB")
    EnrolmentFactory(school_class=old_class, pupil=cast.classmate)  # in 1STB last year, 1STA now
    client.force_login(cast.teacher)
    body = client.get(reverse("people:pupil_list"), {"q": "1STB"}).content.decode()
    assert cast.pupil_b.full_name in body
    assert cast.classmate.full_name not in body
