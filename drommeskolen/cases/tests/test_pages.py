"""The case page (status, team, journal, integrity) and pinned query counts."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases.actions import add_journal_entry, add_team_member, open_case
from drommeskolen.cases.models import Case, CaseStatus, JournalKind

from .helpers import make_case, make_concern


def _now():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db
def test_the_page_title_has_the_case_number_and_no_name(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert f"Sak {case.number}" in title
    assert cast.pupil.first_name not in title
    assert "Journalen er uendret." in html


@pytest.mark.django_db
def test_only_allowed_transitions_are_offered_and_a_change_needs_a_reason(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    status_form = html.split('action="' + reverse("cases:change_status", args=[case.uuid]) + '"')[1].split("</form>")[0]
    assert 'value="investigating"' in status_form
    assert 'value="closed"' not in status_form
    url = reverse("cases:change_status", args=[case.uuid])
    refused = client.post(url, {"to": "closed", "reason": "Ferdig"})
    assert refused.status_code == 200
    assert "Saken kan ikke gå til den statusen nå." in refused.content.decode()
    no_reason = client.post(url, {"to": "investigating", "reason": ""})
    assert "Skriv en begrunnelse for endringen." in no_reason.content.decode()
    assert client.post(url, {"to": "investigating", "reason": "Starter undersøkelsen."}).status_code == 302
    assert Case.objects.get().status == CaseStatus.INVESTIGATING


@pytest.mark.django_db
def test_a_team_member_writes_in_the_journal_but_does_not_manage_the_case(client, cast):
    case = make_case(cast)
    add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler med eleven")
    client.force_login(cast.counsellor)
    response = client.post(
        reverse("cases:add_journal_entry", args=[case.uuid]),
        {"kind": JournalKind.PUPIL_CONVERSATION, "occurred_at": _now(), "text": "«Jeg gruer meg til friminuttene.»"},
    )
    assert response.status_code == 302
    assert case.journal.last().text == "«Jeg gruer meg til friminuttene.»"
    assert client.post(reverse("cases:change_status", args=[case.uuid]), {}).status_code == 404
    assert client.post(reverse("cases:add_team_member", args=[case.uuid]), {}).status_code == 404


@pytest.mark.django_db
def test_a_correction_through_the_page_points_at_the_corrected_entry(client, cast):
    case = make_case(cast)
    first = case.journal.get()
    client.force_login(cast.department_head)
    client.post(
        reverse("cases:add_journal_entry", args=[case.uuid]),
        {"kind": JournalKind.OTHER, "occurred_at": _now(), "text": "Stedet var kantina.", "corrects": first.uuid},
    )
    fix = case.journal.last()
    assert fix.corrects == first
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    assert "Retter oppføring 1" in html
    assert "Rettet i oppføring 2" in html


@pytest.mark.django_db
def test_a_journal_entry_form_with_errors_keeps_the_text(client, cast):
    case = make_case(cast)
    client.force_login(cast.department_head)
    response = client.post(
        reverse("cases:add_journal_entry", args=[case.uuid]),
        {"kind": JournalKind.MONITORING, "occurred_at": "", "text": "Observerte friminuttet."},
    )
    html = response.content.decode()
    assert "Skriv når det skjedde." in html
    assert "Observerte friminuttet." in html
    assert case.journal.count() == 1


@pytest.mark.django_db
def test_a_tampered_journal_shows_a_red_warning(client, cast):
    case = make_case(cast)
    add_journal_entry(
        acting_user=cast.department_head, case=case, kind="monitoring", text="Observasjon", occurred_at=timezone.now()
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_journalentry SET text = %s WHERE sequence = 1", ["Endret"])
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    assert "Journalen er endret utenfor Drømmeskolen" in html
    assert "Journalen er uendret." not in html


@pytest.mark.django_db
def test_inbox_lists_new_concerns_and_open_cases(client, cast):
    waiting = make_concern(cast, pupils=[cast.pupil_b])
    case = make_case(cast)
    client.force_login(cast.principal)
    html = client.get(reverse("cases:inbox")).content.decode()
    assert str(waiting.uuid) in html
    assert case.number in html
    assert cast.pupil.full_name not in html  # names only on the logged pages
    response = client.post(reverse("cases:open_case", args=[waiting.uuid]))
    new_case = Case.objects.get(pupil=cast.pupil_b)
    assert response.url == reverse("cases:case_detail", args=[new_case.uuid])
    assert str(waiting.uuid) not in client.get(reverse("cases:inbox")).content.decode()


@pytest.mark.django_db
def test_inbox_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    pupils = [cast.pupil, cast.classmate, cast.pupil_b, cast.confidential_pupil]
    for pupil in pupils:
        make_concern(cast, pupils=[pupil])
    for pupil in pupils[:2]:
        open_case(acting_user=cast.principal, concern=make_concern(cast, pupils=[pupil]))
    client.force_login(cast.principal)
    # 1 session, 2 user, 3 system-admin role?, 4 schools, 5 school year, 6 roles, 7 pupil?,
    # 8 guardian?, 9 TOTP authenticator, 10 concerns not yet in a case, with pupil and case
    # counts and reporters, 11 open cases with handlers, 12-14 session save (savepoint,
    # update, release) — nothing per row (6 concerns, 2 cases here).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("cases:inbox")).status_code == 200


@pytest.mark.django_db
def test_case_detail_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    case = make_case(cast)
    for i in range(10):
        add_journal_entry(
            acting_user=cast.department_head,
            case=case,
            kind="monitoring",
            text=f"Observasjon {i}",
            occurred_at=timezone.now() - datetime.timedelta(days=1),
        )
    add_team_member(acting_user=cast.department_head, case=case, user=cast.counsellor, reason="Samtaler")
    url = reverse("cases:case_detail", args=[case.uuid])
    client.force_login(cast.department_head)
    for _ in range(3):
        client.get(url)
    # 1 session, 2 user, 3 system-admin role?, 4 schools, 5 school year, 6 roles, 7 pupil?,
    # 8 guardian?, 9 TOTP, 10 privacy training, 11 case with pupil and handler, 12-16
    # access-log append (savepoint, chain-head lock, insert, head update, release),
    # 17 journal with authors and corrected entries, 18 their corrections, 19 journal chain
    # head (integrity check), 20 staff for the handler form, 21 status events with actors,
    # 22 team with users, 23 staff for the team form, 24 entries for the correction choice,
    # 25 who opened the case, 26-28 session save — nothing per entry (12 entries here).
    # (The handler manages the case without a principal check; the principal adds one.)
    # + the deadlines card (case, holidays); + adopted plan versions checked against their
    # adoption entries (versions, their measures, the measures' staff).
    with django_assert_max_num_queries(33):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_concern_detail_query_count_is_bounded(client, cast, django_assert_max_num_queries):
    concern = make_concern(cast, pupils=[cast.pupil, cast.classmate])
    url = reverse("cases:concern_detail", args=[concern.uuid])
    client.force_login(cast.principal)
    client.get(url)  # the school's first access-log entry creates its chain head
    # 1-9 session, user, school context and TOTP as above, 10 privacy training, 11 concern
    # with reporter, 12 its pupils, 13 their enrolments, 14 those classes, 15-24 one
    # access-log append per pupil (5 queries each, see case detail), 25 additions,
    # 26-28 session save.
    with django_assert_max_num_queries(28):
        assert client.get(url).status_code == 200


def test_journal_entries_cannot_be_edited_through_any_page():
    from drommeskolen.cases import urls

    names = {p.name or "" for p in urls.urlpatterns}
    assert not any(word in name for name in names for word in ("edit", "delete", "update", "change_journal"))


@pytest.mark.django_db
def test_the_case_page_has_no_duplicate_ids(client, cast):
    import re

    case = make_case(cast)
    client.force_login(cast.department_head)
    html = client.get(reverse("cases:case_detail", args=[case.uuid])).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


@pytest.mark.django_db
def test_the_principal_hands_the_case_to_another_handler(client, cast):
    case = make_case(cast)
    client.force_login(cast.principal)
    response = client.post(reverse("cases:assign_handler", args=[case.uuid]), {"handler": cast.counsellor.uuid})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == cast.counsellor
    assert str(cast.counsellor) in case.journal.last().text
    client.force_login(cast.counsellor)
    assert client.get(reverse("cases:case_detail", args=[case.uuid])).status_code == 200
    # Someone from another school cannot be chosen.
    client.force_login(cast.principal)
    refused = client.post(reverse("cases:assign_handler", args=[case.uuid]), {"handler": cast.outsider.uuid})
    assert refused.status_code == 200
    case.refresh_from_db()
    assert case.handler == cast.counsellor
