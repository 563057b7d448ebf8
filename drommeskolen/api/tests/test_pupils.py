import datetime
import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from drommeskolen.core.models import AccessLogEntry
from drommeskolen.people.models import Gender, RoleKind
from tests.factories import (
    TEST_TOTP_SECRET,
    EnrolmentFactory,
    RoleFactory,
    SchoolClassFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
)

from .conftest import url

TRAINING_DETAIL = (
    "Du må ha personvernopplæring først – Opplysninger om elever kan bare åpnes av ansatte som har gjennomført "
    "opplæring i personvern og informasjonssikkerhet (opplæringsforskrifta § 20-2)."
)


def uuids(response):
    return {item["uuid"] for item in response.json()["items"]}


# The directory


@pytest.mark.django_db
def test_staff_see_the_directory_with_classes(client, cast, bearer):
    response = client.get(url("pupil_list", cast.school.uuid), headers=bearer(cast.teacher))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5  # pupil, classmate, confidential pupil, pupil_b, the mentor
    assert str(cast.other_pupil.uuid) not in uuids(response)
    [item] = [i for i in body["items"] if i["uuid"] == str(cast.pupil.uuid)]
    assert item == {
        "uuid": str(cast.pupil.uuid),
        "first_name": cast.pupil.first_name,
        "last_name": cast.pupil.last_name,
        "classes": [{"uuid": str(cast.class_a.uuid), "name": "1STA"}],
    }


@pytest.mark.django_db
def test_directory_search_by_name_and_by_this_years_class(client, cast, bearer):
    headers = bearer(cast.teacher)
    last_year = SchoolYearFactory(
        school=cast.school, starts_on=cast.year.starts_on.replace(year=cast.year.starts_on.year - 1)
    )
    # pupil_b was in a class called 1STA last year; searching for this year's 1STA must not find them.
    EnrolmentFactory(school_class=SchoolClassFactory(school_year=last_year, name="1STA"), pupil=cast.pupil_b)

    by_class = client.get(url("pupil_list", cast.school.uuid), {"q": "1sta"}, headers=headers)
    assert uuids(by_class) == {str(p.uuid) for p in (cast.pupil, cast.classmate, cast.confidential_pupil)}
    by_name = client.get(url("pupil_list", cast.school.uuid), {"q": cast.pupil_b.first_name}, headers=headers)
    assert str(cast.pupil_b.uuid) in uuids(by_name)
    assert client.get(url("pupil_list", cast.school.uuid), {"q": "x" * 101}, headers=headers).status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pupil_user", "mentor", "guardian", "network_viewer"])
def test_the_directory_is_404_for_non_staff(client, cast, bearer, role):
    assert client.get(url("pupil_list", cast.school.uuid), headers=bearer(cast.user(role))).status_code == 404


@pytest.mark.django_db
def test_the_outsider_gets_404_for_another_schools_directory(client, cast, bearer):
    headers = bearer(cast.outsider)
    assert client.get(url("pupil_list", cast.school.uuid), headers=headers).status_code == 404
    assert uuids(client.get(url("pupil_list", cast.other_school.uuid), headers=headers)) == {str(cast.other_pupil.uuid)}


@pytest.mark.django_db
def test_directory_pages(client, cast, bearer):
    headers = bearer(cast.teacher)
    pages = [
        client.get(url("pupil_list", cast.school.uuid), {"page": n, "page_size": 2}, headers=headers).json()
        for n in (1, 2, 3)
    ]
    seen = [item["uuid"] for page in pages for item in page["items"]]
    assert [len(page["items"]) for page in pages] == [2, 2, 1]
    assert len(set(seen)) == 5


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_pupils(client, cast, bearer, django_assert_max_num_queries):
    for _ in range(10):
        EnrolmentFactory(school_class=cast.class_b)
    headers = bearer(cast.teacher)
    # 1 token and user, 2 roles needing a second factor, 3 TOTP, 4 last_used_at,
    # 5 system-admin check, 6 the schools (schools_of), 7 current year, 8 roles there,
    # 9 own enrolment, 10 guardian record (context_for), 11 count, 12 the page of pupils,
    # 13 their enrolments this year with classes
    with django_assert_max_num_queries(13):
        response = client.get(url("pupil_list", cast.school.uuid), headers=headers)
    assert response.json()["count"] == 15


# The profile


@pytest.mark.django_db
def test_contact_teacher_opens_a_pupils_profile_and_the_read_is_logged(client, cast, bearer):
    path = url("pupil_detail", cast.school.uuid, cast.pupil.uuid)
    response = client.get(path, headers=bearer(cast.contact_teacher))
    assert response.status_code == 200
    assert response.json() == {
        "uuid": str(cast.pupil.uuid),
        "first_name": cast.pupil.first_name,
        "last_name": cast.pupil.last_name,
        "birth_date": "2010-01-02",
        "gender": None,
        "confidential_address": False,
        "classes": [{"uuid": str(cast.class_a.uuid), "name": "1STA", "school_year": cast.year.label}],
        "guardians": response.json()["guardians"],
    }
    guardians = {(g["first_name"], g["parental_responsibility"]) for g in response.json()["guardians"]}
    assert guardians == {
        (cast.pupil.guardians.get(user=cast.guardian).first_name, True),
        (cast.pupil.guardians.get(user=cast.guardian_without_responsibility).first_name, False),
    }

    entry = AccessLogEntry.objects.get()
    assert entry.actor == cast.contact_teacher
    assert entry.school == cast.school
    assert entry.pupil_uuid == cast.pupil.uuid
    assert entry.object_type == "pupil_profile"
    assert entry.object_uuid == cast.pupil.uuid
    assert entry.action == "read"
    assert entry.page == path
    assert AccessLogEntry.verify(cast.school) is None


@pytest.mark.django_db
def test_each_read_is_a_new_log_row(client, cast, bearer):
    headers = bearer(cast.principal)
    for pupil in (cast.pupil, cast.confidential_pupil, cast.pupil):
        assert client.get(url("pupil_detail", cast.school.uuid, pupil.uuid), headers=headers).status_code == 200
    assert AccessLogEntry.objects.filter(actor=cast.principal).count() == 3


@pytest.mark.django_db
def test_the_profile_shows_gender_and_the_confidential_flag(client, cast, bearer):
    cast.confidential_pupil.gender = Gender.FEMALE
    cast.confidential_pupil.save()
    body = client.get(
        url("pupil_detail", cast.school.uuid, cast.confidential_pupil.uuid), headers=bearer(cast.counsellor)
    ).json()
    assert body["gender"] == "female"
    assert body["confidential_address"] is True


@pytest.mark.django_db
def test_a_teacher_opens_only_pupils_of_the_class_they_teach(client, cast, bearer):
    headers = bearer(cast.teacher)
    assert client.get(url("pupil_detail", cast.school.uuid, cast.pupil_b.uuid), headers=headers).status_code == 200
    response = client.get(url("pupil_detail", cast.school.uuid, cast.pupil.uuid), headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Finnes ikke, eller du har ikke tilgang."}
    assert AccessLogEntry.objects.filter(pupil_uuid=cast.pupil.uuid).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["resource_group_member", "owner_representative", "system_admin"])
def test_staff_without_need_to_know_get_404(client, cast, bearer, role):
    response = client.get(url("pupil_detail", cast.school.uuid, cast.pupil.uuid), headers=bearer(cast.user(role)))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_missing_pupil_and_pupil_of_another_school_are_both_404(client, cast, bearer):
    headers = bearer(cast.principal)
    missing = client.get(url("pupil_detail", cast.school.uuid, uuid.uuid4()), headers=headers)
    elsewhere = client.get(url("pupil_detail", cast.school.uuid, cast.other_pupil.uuid), headers=headers)
    assert missing.status_code == elsewhere.status_code == 404
    assert missing.json() == elsewhere.json()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_the_outsider_gets_404_for_a_pupil_at_another_school(client, cast, bearer):
    headers = bearer(cast.outsider)
    assert client.get(url("pupil_detail", cast.school.uuid, cast.pupil.uuid), headers=headers).status_code == 404
    assert client.get(url("pupil_detail", cast.other_school.uuid, cast.pupil.uuid), headers=headers).status_code == 404
    assert (
        client.get(url("pupil_detail", cast.other_school.uuid, cast.other_pupil.uuid), headers=headers).status_code
        == 200
    )


@pytest.mark.django_db
def test_staff_without_privacy_training_get_403_with_the_webs_explanation(client, cast, bearer):
    user = UserFactory()
    TOTP.activate(user, TEST_TOTP_SECRET)
    StaffMemberFactory(school=cast.school, user=user)
    RoleFactory(
        user=user, kind=RoleKind.CONTACT_TEACHER, school=cast.school, school_year=cast.year, school_class=cast.class_a
    )
    response = client.get(url("pupil_detail", cast.school.uuid, cast.pupil.uuid), headers=bearer(user))
    assert response.status_code == 403
    assert response.json() == {"detail": TRAINING_DETAIL}
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["guardian", "pupil_user"])
def test_families_never_open_a_profile(client, cast, bearer, role):
    response = client.get(url("pupil_detail", cast.school.uuid, cast.pupil.uuid), headers=bearer(cast.user(role)))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_profile_query_count(client, cast, bearer, django_assert_max_num_queries):
    EnrolmentFactory(
        school_class=SchoolClassFactory(
            school_year=SchoolYearFactory(school=cast.school, starts_on=datetime.date(2020, 8, 17)), name="8A", grade=8
        ),
        pupil=cast.pupil,
    )
    headers = bearer(cast.contact_teacher)
    path = url("pupil_detail", cast.school.uuid, cast.pupil.uuid)
    client.get(path, headers=headers)  # the school's first log entry creates its chain head
    # 1 token and user, 2 roles needing a second factor, 3 TOTP (last_used_at was written
    # less than a minute ago), 4 system-admin check, 5 the schools (schools_of), 6 current
    # year, 7 roles there, 8 own enrolment, 9 guardian record (context_for), 10 privacy
    # training, 11 the pupil (profile_pupils); the access log: 12 savepoint, 13 lock the
    # chain head, 14 the entry, 15 move the head, 16 release; 17 enrolments with classes
    # and years, 18 guardians
    with django_assert_max_num_queries(18):
        response = client.get(path, headers=headers)
    assert [c["name"] for c in response.json()["classes"]] == ["1STA", "8A"]
