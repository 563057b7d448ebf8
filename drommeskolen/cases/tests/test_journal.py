"""The journal is append-only, and tampering in the database is found."""

import datetime

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases.actions import _append, add_journal_entry, correct_journal_entry
from drommeskolen.cases.models import SYSTEM_JOURNAL_KINDS, Case, JournalEntry, JournalKind

from .helpers import adopted_case, make_case


def _bypass_the_guard_as_a_superuser():
    """A database superuser can switch triggers off for their session: the hash chain must
    still show what they did. (Only for this test's transaction.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _case_with_entries(cast, n=3):
    case = make_case(cast)  # entry 1: the report
    for i in range(n - 1):
        add_journal_entry(
            acting_user=cast.department_head,
            case=case,
            kind=JournalKind.PUPIL_CONVERSATION,
            text=f"Eleven sa: «Jeg har ingen å være med.» ({i})",
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
        )
    return case


@pytest.mark.django_db
def test_entries_are_chained_in_order(cast):
    case = _case_with_entries(cast, 3)
    entries = list(case.journal.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3]
    assert entries[1].previous_digest == entries[0].digest
    case.refresh_from_db()
    assert (case.journal_length, case.journal_digest) == (3, entries[2].digest)
    assert case.verify_journal() is None


@pytest.mark.django_db
def test_the_application_cannot_change_or_delete_an_entry(cast):
    case = _case_with_entries(cast, 2)
    entry = case.journal.last()
    entry.text = "Noe annet"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        JournalEntry.objects.filter(pk=entry.pk).update(text="x")
    with pytest.raises(PermissionError):
        JournalEntry.objects.all().delete()
    assert JournalEntry.objects.get(pk=entry.pk).text.startswith("Eleven sa")


@pytest.mark.django_db
def test_an_entry_cannot_be_written_outside_the_chain(cast):
    case = make_case(cast)
    with pytest.raises(Exception, match="add_journal_entry"):
        JournalEntry(case=case, kind="other", text="x", occurred_at=timezone.now(), author=cast.principal).save()


def test_the_journal_is_not_in_the_admin():
    assert JournalEntry not in admin.site._registry
    assert Case not in admin.site._registry


@pytest.mark.django_db
def test_a_correction_is_a_new_entry_and_the_old_one_stays(cast):
    case = _case_with_entries(cast, 2)
    wrong = case.journal.last()
    fix = correct_journal_entry(
        acting_user=cast.department_head, case=case, entry=wrong, text="Rettet: det var tirsdag."
    )
    assert fix.sequence == 3
    assert fix.corrects == wrong
    assert fix.kind == wrong.kind
    assert JournalEntry.objects.get(pk=wrong.pk).text == wrong.text
    assert case.verify_journal() is None


@pytest.mark.django_db
def test_a_correction_must_belong_to_the_same_case(cast):
    case = _case_with_entries(cast, 2)
    other = make_case(cast, pupil=cast.classmate)
    with pytest.raises(Exception, match="hører ikke til"):
        correct_journal_entry(acting_user=cast.principal, case=other, entry=case.journal.last(), text="x")


@pytest.mark.django_db
def test_a_changed_row_is_detected_by_the_case_and_the_command(cast):
    case = _case_with_entries(cast, 3)
    call_command("verify_journals")  # intact: no error
    _bypass_the_guard_as_a_superuser()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_journalentry SET text = %s WHERE sequence = 2", ["Alt var fint."])
    broken = case.verify_journal()
    assert broken is not None
    assert broken.key == 2
    with pytest.raises(CommandError, match="1 case journal"):
        call_command("verify_journals")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_planversion SET problem = 'Ingen problemer.'",
        "UPDATE cases_planmeasure SET description = 'Ingenting.'",
        "UPDATE cases_planmeasure SET areas = '[]'",
        "DELETE FROM cases_planmeasure_responsible",
    ],
)
def test_a_changed_adopted_plan_is_detected_through_its_adoption_entry(cast, sql):
    """The adoption entry states the plan's checksum, and the chain covers that entry."""
    case = adopted_case(cast)
    version = case.plan.versions.get()
    assert version.adoption_entry.kind == JournalKind.PLAN_ADOPTED
    assert version.content_digest() in version.adoption_entry.text
    assert case.verify_journal() is None
    call_command("verify_journals")
    _bypass_the_guard_as_a_superuser()
    with connection.cursor() as cursor:
        cursor.execute(sql)
    broken = case.verify_journal()
    assert broken is not None
    assert broken.key == version.adoption_entry.sequence
    with pytest.raises(CommandError, match="1 case journal"):
        call_command("verify_journals")


@pytest.mark.django_db
def test_a_removed_last_entry_is_detected(cast):
    case = _case_with_entries(cast, 3)
    _bypass_the_guard_as_a_superuser()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_journalentry WHERE sequence = 3")
    assert case.verify_journal() is not None


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the database guard exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete(cast):
    _case_with_entries(cast, 2)
    for sql in ("UPDATE cases_journalentry SET text = 'x'", "DELETE FROM cases_journalentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert JournalEntry.objects.count() == 2


@pytest.mark.django_db
def test_the_journal_form_offers_no_kind_the_system_writes_itself(client, cast):
    """Nobody writes a family's answer, a status change or a § 12-5 decision by hand."""
    case = make_case(cast)
    client.force_login(cast.department_head)
    page = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    for kind in SYSTEM_JOURNAL_KINDS:
        assert f'value="{kind}"' not in page
    before = JournalEntry.objects.filter(case=case).count()
    response = client.post(
        reverse("cases:add_journal_entry", args=[case.uuid]),
        {"kind": "family_response", "occurred_at": "2026-01-05T10:00", "text": "Vi er enige."},
    )
    assert response.status_code == 200  # the form again, with an error
    assert JournalEntry.objects.filter(case=case).count() == before


@pytest.mark.django_db
def test_a_correction_keeps_who_was_heard_and_the_factors(cast):
    case = make_case(cast)

    heard = _append(
        case,
        kind=JournalKind.GUARDIAN_CONVERSATION,
        text="Samtale med mor tirsdag.",
        occurred_at=timezone.now(),
        author=cast.department_head,
        heard_party="guardians",
    )
    factors = _append(
        case,
        kind=JournalKind.MAINTAINING_FACTORS,
        text="Uklare regler.",
        occurred_at=timezone.now(),
        author=cast.department_head,
        factors=["structures"],
    )
    fixed = correct_journal_entry(acting_user=cast.department_head, case=case, entry=heard, text="Det var onsdag.")
    assert fixed.heard_party == "guardians"
    fixed = correct_journal_entry(acting_user=cast.department_head, case=case, entry=factors, text="Uklare regler ute.")
    assert fixed.factors == ["structures"]
    assert Case.objects.get(pk=case.pk).verify_journal() is None


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(SYSTEM_JOURNAL_KINDS))
def test_a_correction_of_what_the_system_wrote_is_the_correctors_own_note(cast, kind):
    """Nobody can write a second «status change» or words the family never sent by
    "correcting" such an entry: the correction is kind «Annet», in the corrector's name."""
    case = make_case(cast)
    written = _append(
        case, kind=kind, text="Skrevet av systemet.", occurred_at=timezone.now(), author=cast.guardian, heard_party=""
    )
    fixed = correct_journal_entry(acting_user=cast.department_head, case=case, entry=written, text="Feil dato.")
    assert fixed.kind == JournalKind.OTHER
    assert fixed.corrects_id == written.pk
    assert fixed.author_id == cast.department_head.pk
    assert fixed.heard_party == ""
    assert Case.objects.get(pk=case.pk).verify_journal() is None
