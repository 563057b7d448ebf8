import pytest

from drommeskolen.people.models import RoleKind
from tests.factories import SchoolFactory, SchoolYearFactory

from .conftest import url


def uuids(response):
    return {item["uuid"] for item in response.json()["items"]}


@pytest.mark.django_db
def test_staff_see_their_school_with_its_current_year(client, cast, bearer):
    response = client.get(url("school_list"), headers=bearer(cast.contact_teacher))
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "uuid": str(cast.school.uuid),
                "name": cast.school.name,
                "organisation_number": cast.school.organisation_number,
                "level": "upper",
                "level_label": "Videregående skole",
                "written_standard": "nb",
                "school_year": cast.year.label,
            }
        ],
        "count": 1,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["guardian", "pupil_user", "owner_representative"])
def test_families_and_the_owner_see_school_a_only(client, cast, bearer, role):
    assert uuids(client.get(url("school_list"), headers=bearer(cast.user(role)))) == {str(cast.school.uuid)}


@pytest.mark.django_db
def test_the_outsider_sees_only_their_own_school(client, cast, bearer):
    assert uuids(client.get(url("school_list"), headers=bearer(cast.outsider))) == {str(cast.other_school.uuid)}


@pytest.mark.django_db
def test_a_network_viewer_has_no_school_to_act_in(client, cast, bearer):
    assert client.get(url("school_list"), headers=bearer(cast.network_viewer)).json() == {"items": [], "count": 0}


@pytest.mark.django_db
def test_schools_are_paginated_with_a_bounded_page_size(client, cast, bearer):
    headers = bearer(cast.system_admin)
    first = client.get(url("school_list"), {"page_size": 1}, headers=headers).json()
    second = client.get(url("school_list"), {"page_size": 1, "page": 2}, headers=headers).json()
    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"] != second["items"]
    assert client.get(url("school_list"), {"page_size": 101}, headers=headers).status_code == 422
    assert client.get(url("school_list"), {"page": 0}, headers=headers).status_code == 422


@pytest.mark.django_db
def test_school_list_query_count_does_not_grow_with_schools(client, cast, bearer, django_assert_max_num_queries):
    for _ in range(5):
        SchoolYearFactory(school=SchoolFactory())
    headers = bearer(cast.system_admin)
    # 1 token and user, 2 roles needing a second factor, 3 TOTP, 4 last_used_at,
    # 5 system-admin check and 6 the schools (schools_of), 7 the schools' years
    with django_assert_max_num_queries(7):
        response = client.get(url("school_list"), headers=headers)
    assert response.json()["count"] == 7


@pytest.mark.django_db
def test_me_names_the_user_the_token_and_the_roles(client, cast, bearer):
    response = client.get(url("me"), headers=bearer(cast.contact_teacher))
    assert response.status_code == 200
    body = response.json()
    assert body["uuid"] == str(cast.contact_teacher.uuid)
    assert body["email"] == cast.contact_teacher.email
    assert body["privacy_training"] is True
    assert body["token"] == {"name": "Test", "expires_at": None}
    assert body["schools"] == [
        {
            "school": {"uuid": str(cast.school.uuid), "name": cast.school.name},
            "school_year": cast.year.label,
            "roles": [{"kind": "contact_teacher", "label": "Kontaktlærer"}],
        }
    ]


@pytest.mark.django_db
def test_me_for_a_pupil_mentor_shows_pupil_and_mentor(client, cast, bearer):
    body = client.get(url("me"), headers=bearer(cast.mentor)).json()
    assert body["privacy_training"] is False
    [school] = body["schools"]
    assert [r["kind"] for r in school["roles"]] == [RoleKind.PUPIL_MENTOR, RoleKind.PUPIL]


@pytest.mark.django_db
def test_me_for_a_guardian_and_the_outsider(client, cast, bearer):
    guardian = client.get(url("me"), headers=bearer(cast.guardian)).json()
    assert [(s["school"]["uuid"], [r["kind"] for r in s["roles"]]) for s in guardian["schools"]] == [
        (str(cast.school.uuid), [RoleKind.GUARDIAN])
    ]
    outsider = client.get(url("me"), headers=bearer(cast.outsider)).json()
    assert [s["school"]["uuid"] for s in outsider["schools"]] == [str(cast.other_school.uuid)]


@pytest.mark.django_db
def test_me_for_a_system_admin_lists_every_school(client, cast, bearer):
    body = client.get(url("me"), headers=bearer(cast.system_admin)).json()
    assert {s["school"]["uuid"] for s in body["schools"]} == {str(cast.school.uuid), str(cast.other_school.uuid)}
    assert all([r["kind"] for r in s["roles"]] == [RoleKind.SYSTEM_ADMIN] for s in body["schools"])


@pytest.mark.django_db
def test_me_query_count_does_not_grow_with_schools(client, cast, bearer, django_assert_max_num_queries):
    for _ in range(5):
        SchoolYearFactory(school=SchoolFactory())
    headers = bearer(cast.system_admin)
    # 1 token and user, 2 roles needing a second factor, 3 TOTP, 4 last_used_at,
    # 5 system-admin check and 6 the schools (schools_of), 7 the schools' years,
    # 8 the user's roles, 9 own enrolments, 10 guardian records, 11 privacy training
    with django_assert_max_num_queries(11):
        response = client.get(url("me"), headers=headers)
    assert len(response.json()["schools"]) == 7
