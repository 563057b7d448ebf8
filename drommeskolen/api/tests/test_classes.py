import uuid

import pytest

from drommeskolen.people.models import RoleKind
from tests.factories import EnrolmentFactory, RoleFactory, SchoolClassFactory, SchoolYearFactory, UserFactory

from .conftest import url


def names(response):
    return [item["name"] for item in response.json()["items"]]


def member_uuids(response):
    return {m["uuid"] for m in response.json()["members"]}


@pytest.mark.django_db
def test_staff_see_every_class_of_the_year_with_contact_teachers(client, cast, bearer):
    response = client.get(url("class_list", cast.school.uuid), headers=bearer(cast.principal))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    class_a, class_b = body["items"]
    assert class_a == {
        "uuid": str(cast.class_a.uuid),
        "name": "1STA",
        "grade": 11,
        "grade_label": "Vg1",
        "programme_area": "",
        "contact_teachers": [cast.contact_teacher.get_full_name()],
    }
    assert class_b["name"] == "1STB"
    assert class_b["contact_teachers"] == []


@pytest.mark.django_db
def test_a_pupil_sees_only_their_own_class_and_a_guardian_none(client, cast, bearer):
    assert names(client.get(url("class_list", cast.school.uuid), headers=bearer(cast.pupil_user))) == ["1STA"]
    assert names(client.get(url("class_list", cast.school.uuid), headers=bearer(cast.guardian))) == []


@pytest.mark.django_db
def test_the_outsider_gets_404_for_another_school_like_for_a_missing_one(client, cast, bearer):
    headers = bearer(cast.outsider)
    forbidden = client.get(url("class_list", cast.school.uuid), headers=headers)
    missing = client.get(url("class_list", uuid.uuid4()), headers=headers)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Finnes ikke, eller du har ikke tilgang."}
    assert names(client.get(url("class_list", cast.other_school.uuid), headers=headers)) == ["8A"]


@pytest.mark.django_db
def test_classes_of_other_years_are_not_listed(client, cast, bearer):
    last_year = SchoolYearFactory(
        school=cast.school, starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year - 1)
    )
    SchoolClassFactory(school_year=last_year, name="1STX")
    assert names(client.get(url("class_list", cast.school.uuid), headers=bearer(cast.principal))) == ["1STA", "1STB"]


@pytest.mark.django_db
def test_class_list_query_count_does_not_grow_with_classes(client, cast, bearer, django_assert_max_num_queries):
    for n in range(6):
        extra = SchoolClassFactory(school_year=cast.year, name=f"2ST{n}", grade=12)
        RoleFactory(
            user=UserFactory(),
            kind=RoleKind.CONTACT_TEACHER,
            school=cast.school,
            school_year=cast.year,
            school_class=extra,
        )
    headers = bearer(cast.principal)
    # 1 token and user, 2 roles needing a second factor, 3 TOTP, 4 last_used_at,
    # 5 system-admin check, 6 the schools (schools_of), 7 current year, 8 roles there,
    # 9 own enrolment, 10 guardian record (context_for), 11 count, 12 the page of classes,
    # 13 their contact teachers with users
    with django_assert_max_num_queries(13):
        response = client.get(url("class_list", cast.school.uuid), headers=headers)
    assert response.json()["count"] == 8
    assert all(item["contact_teachers"] for item in response.json()["items"][2:])


@pytest.mark.django_db
def test_staff_see_the_whole_class_including_a_confidential_address(client, cast, bearer):
    response = client.get(
        url("class_detail", cast.school.uuid, cast.class_a.uuid), headers=bearer(cast.contact_teacher)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "1STA"
    assert body["contact_teachers"] == [cast.contact_teacher.get_full_name()]
    assert member_uuids(response) == {str(p.uuid) for p in (cast.pupil, cast.classmate, cast.confidential_pupil)}
    assert set(body["members"][0]) == {"uuid", "first_name", "last_name"}


@pytest.mark.django_db
def test_a_pupil_never_sees_a_classmate_with_a_confidential_address(client, cast, bearer):
    response = client.get(url("class_detail", cast.school.uuid, cast.class_a.uuid), headers=bearer(cast.pupil_user))
    assert response.status_code == 200
    assert member_uuids(response) == {str(cast.pupil.uuid), str(cast.classmate.uuid)}
    assert str(cast.confidential_pupil.uuid) not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["guardian", "guardian_without_responsibility", "network_viewer"])
def test_guardians_cannot_open_a_class_at_all(client, cast, bearer, role):
    response = client.get(url("class_detail", cast.school.uuid, cast.class_a.uuid), headers=bearer(cast.user(role)))
    assert response.status_code == 404
    assert str(cast.confidential_pupil.uuid) not in response.content.decode()


@pytest.mark.django_db
def test_a_pupil_gets_404_for_another_class(client, cast, bearer):
    response = client.get(url("class_detail", cast.school.uuid, cast.class_b.uuid), headers=bearer(cast.pupil_user))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_class_of_another_school_is_404_under_this_school_and_for_the_outsider(client, cast, bearer):
    assert (
        client.get(
            url("class_detail", cast.school.uuid, cast.other_class.uuid), headers=bearer(cast.principal)
        ).status_code
        == 404
    )
    assert (
        client.get(url("class_detail", cast.school.uuid, cast.class_a.uuid), headers=bearer(cast.outsider)).status_code
        == 404
    )
    assert (
        client.get(url("class_detail", cast.school.uuid, uuid.uuid4()), headers=bearer(cast.principal)).status_code
        == 404
    )


@pytest.mark.django_db
def test_class_detail_query_count_does_not_grow_with_members(client, cast, bearer, django_assert_max_num_queries):
    for _ in range(10):
        EnrolmentFactory(school_class=cast.class_a)
    headers = bearer(cast.contact_teacher)
    # 1 token and user, 2 roles needing a second factor, 3 TOTP, 4 last_used_at,
    # 5 system-admin check, 6 the schools (schools_of), 7 current year, 8 roles there,
    # 9 own enrolment, 10 guardian record (context_for), 11 the class (access_class),
    # 12 its contact teachers with users, 13 its members (class_members)
    with django_assert_max_num_queries(13):
        response = client.get(url("class_detail", cast.school.uuid, cast.class_a.uuid), headers=headers)
    assert len(response.json()["members"]) == 13
