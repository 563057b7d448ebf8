import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from drommeskolen.core.models import AccessLogEntry


def _bypass_the_guard_as_a_superuser():
    """A database superuser can switch triggers off for their session: the hash chain must
    still show what they did. (Only for this test's transaction.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _read_profiles(client, cast, times=3):
    client.force_login(cast.principal)
    for _ in range(times):
        assert client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid])).status_code == 200


@pytest.mark.django_db
def test_every_profile_view_is_logged_with_who_what_and_page(client, cast):
    _read_profiles(client, cast, times=2)
    entries = list(AccessLogEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2]
    assert {e.actor_id for e in entries} == {cast.principal.pk}
    assert {e.pupil_uuid for e in entries} == {cast.pupil.uuid}
    assert entries[1].previous_digest == entries[0].digest


@pytest.mark.django_db
def test_the_application_cannot_change_or_delete_the_log(client, cast):
    _read_profiles(client, cast, times=1)
    entry = AccessLogEntry.objects.get()
    entry.page = "/somewhere-else/"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(page="/x/")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().page == reverse("people:pupil_detail", args=[cast.pupil.uuid])


@pytest.mark.django_db
def test_admin_offers_no_change_or_delete(admin_client, cast):
    entry = AccessLogEntry.append(actor=cast.principal, school=cast.school, object_type="pupil_profile", page="/p/")
    change = admin_client.get(reverse("admin:core_accesslogentry_change", args=[entry.pk]))
    assert b'name="_save"' not in change.content
    assert (
        admin_client.post(reverse("admin:core_accesslogentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_tampering_in_the_database_is_detected(client, cast):
    _read_profiles(client, cast, times=3)
    call_command("verify_access_log")  # intact: no error
    _bypass_the_guard_as_a_superuser()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_accesslogentry SET page = %s WHERE sequence = 2", ["/innocent/"])
    broken = AccessLogEntry.verify(cast.school)
    assert broken is not None
    assert broken.key == 2
    with pytest.raises(CommandError):
        call_command("verify_access_log")


@pytest.mark.django_db
def test_a_removed_last_entry_is_detected(client, cast):
    _read_profiles(client, cast, times=2)
    _bypass_the_guard_as_a_superuser()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_accesslogentry WHERE sequence = 2")
    assert AccessLogEntry.verify(cast.school) is not None


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the database guard exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete(client, cast):
    _read_profiles(client, cast, times=1)
    for sql in ("UPDATE core_accesslogentry SET page = '/x/'", "DELETE FROM core_accesslogentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db
def test_principal_filters_the_log_by_person_and_pupil(client, cast):
    client.force_login(cast.contact_teacher)
    client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid]))
    client.force_login(cast.counsellor)
    client.get(reverse("people:pupil_detail", args=[cast.pupil_b.uuid]))
    client.force_login(cast.principal)
    url = reverse("core:access_log")
    page = client.get(url).content.decode()
    assert cast.pupil.full_name in page
    assert cast.pupil_b.full_name in page
    by_person = client.get(url, {"person": cast.counsellor.pk}).content.decode()
    assert cast.pupil_b.full_name in by_person.split("<tbody>")[1]
    assert cast.pupil.full_name not in by_person.split("<tbody>")[1]
    by_pupil = client.get(url, {"pupil": str(cast.pupil.uuid)}).content.decode()
    assert str(cast.contact_teacher) in by_pupil.split("<tbody>")[1]
    assert str(cast.counsellor) not in by_pupil.split("<tbody>")[1]


@pytest.mark.django_db
def test_access_log_page_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    for _ in range(30):
        AccessLogEntry.append(
            actor=cast.teacher, school=cast.school, object_type="pupil_profile", page="/p/", pupil_uuid=cast.pupil.uuid
        )
    client.force_login(cast.principal)
    # 1 session, 2 user, 3 system-admin role?, 4 schools, 5 school year, 6 roles, 7 pupil?,
    # 8 guardian?, 9 TOTP authenticator, 10 needs-second-factor, 11 pupils for the filter,
    # 12 actors for the filter, 13 count, 14 page of entries with actors, 15 session save,
    # 16 spare for the database's savepoints — and nothing per row (30 rows here).
    with django_assert_max_num_queries(16):
        assert client.get(reverse("core:access_log")).status_code == 200
