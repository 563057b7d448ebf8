"""The family's copy of the activity plan (issue 3 points 5 and 8): who gets one, what it
leaves out, who may read it, the answer, the e-mails, the start page and the staff view."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from drommeskolen.cases.family import born_by, readers, share_missing_copies
from drommeskolen.cases.models import Case, CaseInvolvedPupil, JournalEntry, JournalKind, PlanCopy
from drommeskolen.core.models import AccessLogEntry
from drommeskolen.lib.redaction import REPLACEMENT
from drommeskolen.people.models import Guardian, GuardianRelation, Pupil
from tests.factories import EnrolmentFactory, GuardianFactory, GuardianRelationFactory, PupilFactory, UserFactory

from .access_rows_family import adopt_plan
from .helpers import make_case

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _name(cast):
    """Fixed names, so that Faker's random ones cannot collide in the redaction checks."""
    for pupil, first, last in (
        (cast.pupil, "Emma", "Solberg"),
        (cast.classmate, "Jonas", "Haugen-Berg"),
        (cast.confidential_pupil, "Åsmund", "Øvrebø"),
        (cast.pupil_b, "Ali", "Hassan"),
    ):
        pupil.first_name, pupil.last_name = first, last
        pupil.save()
    cast.contact_teacher.first_name, cast.contact_teacher.last_name = "Kari", "Hassan"
    cast.contact_teacher.save()


@pytest.fixture
def adopted(cast):
    """A case for `cast.pupil` whose plan names other pupils, adopted by the handler."""
    _name(cast)
    case = make_case(cast)
    version = adopt_plan(
        case,
        by=cast.department_head,
        staff=cast.contact_teacher,
        problem="Emma holdes utenfor av Jonas Haugen-Berg og Åsmund. Alibi-leken i friminuttet.",
        description="Kari Hassan er ute i friminuttene; samtale med Ali og med jonas.",
        pupil_view="«Hassan ler av meg», sier Emma.",
    )
    return case, version


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Who gets a copy ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_adoption_gives_a_copy_to_the_guardian_with_responsibility_and_the_pupil_over_15(cast, adopted):
    _case, version = adopted
    assert set(PlanCopy.objects.filter(version=version).values_list("reader", flat=True)) == {
        cast.guardian.pk,
        cast.pupil_user.pk,
    }


@pytest.mark.django_db
def test_no_copy_for_a_pupil_under_15_nor_a_guardian_without_account(cast):
    young_user = UserFactory()
    young = EnrolmentFactory(
        school_class=cast.class_a, pupil__user=young_user, pupil__birth_date=timezone.localdate().replace(year=2013)
    ).pupil
    GuardianRelationFactory(guardian=GuardianFactory(school=cast.school, user=None), pupil=young)
    case = make_case(cast, pupil=young)
    version = adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
    assert not PlanCopy.objects.filter(version=version).exists()


@pytest.mark.django_db
def test_readers_who_come_later_get_their_copy_from_the_daily_sweep(cast, django_capture_on_commit_callbacks):
    """A pupil who turns 15 after the plan was adopted, and a guardian who is given an
    account later, get their copy once — of the latest adopted version, noted in the journal."""
    young_user = UserFactory()
    young = EnrolmentFactory(
        school_class=cast.class_a, pupil__user=young_user, pupil__birth_date=timezone.localdate().replace(year=2013)
    ).pupil
    guardian = GuardianFactory(school=cast.school, user=None)
    GuardianRelationFactory(guardian=guardian, pupil=young)
    case = make_case(cast, pupil=young)
    version = adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
    assert share_missing_copies() == 0

    Pupil.objects.filter(pk=young.pk).update(birth_date=timezone.localdate().replace(year=2011))
    guardian_user = UserFactory()
    Guardian.objects.filter(pk=guardian.pk).update(user=guardian_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert share_missing_copies() == 2
    assert len(callbacks) == 1  # the e-mails, after the commit
    assert set(PlanCopy.objects.filter(version=version).values_list("reader", flat=True)) == {
        young_user.pk,
        guardian_user.pk,
    }
    assert case.journal.filter(kind=JournalKind.PLAN_SHARED).count() == 2
    assert share_missing_copies() == 0
    assert Case.objects.get(pk=case.pk).verify_journal() is None


@pytest.mark.django_db
def test_the_pupil_reads_from_the_day_they_turn_15(cast):
    today = datetime.date(2026, 11, 22)
    case = make_case(cast)
    cast.pupil.birth_date = datetime.date(2011, 11, 22)
    cast.pupil.save()
    case.refresh_from_db()
    assert cast.pupil_user in [r.user for r in readers(case, today)]
    assert cast.pupil_user not in [r.user for r in readers(case, today - datetime.timedelta(days=1))]


def test_born_by_handles_29_february():
    assert born_by(datetime.date(2028, 2, 29)) == datetime.date(2013, 2, 28)
    assert born_by(datetime.date(2026, 11, 22)) == datetime.date(2011, 11, 22)


@pytest.mark.django_db
def test_the_employee_a_12_5_case_is_about_gets_no_copy_even_as_guardian(cast):
    case = make_case(cast)
    Case.objects.filter(pk=case.pk).update(suspected_employee=cast.guardian, enhanced_duty=True)
    case.refresh_from_db()
    version = adopt_plan(case, by=cast.principal, staff=cast.contact_teacher)
    assert list(PlanCopy.objects.filter(version=version).values_list("reader", flat=True)) == [cast.pupil_user.pk]


@pytest.mark.django_db
def test_each_copy_is_noted_in_the_journal_and_the_chain_holds(cast, adopted):
    case, _version = adopted
    shared = JournalEntry.objects.filter(case=case, kind=JournalKind.PLAN_SHARED).order_by("sequence")
    texts = [entry.text for entry in shared]
    guardian = cast.guardian.guardianships.get().full_name
    assert texts == [f"Plan versjon 1 sendt til {guardian}", f"Plan versjon 1 sendt til {cast.pupil.full_name}"]
    assert all(entry.author == cast.department_head for entry in shared)
    assert case.verify_journal() is None


@pytest.mark.django_db
def test_a_revision_gives_new_copies(cast, adopted):
    case, _version = adopted
    second = adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher, problem="Ny beskrivelse.")
    assert PlanCopy.objects.filter(version=second).count() == 2
    assert PlanCopy.objects.filter(version__plan__case=case).count() == 4


# --- What the copy says --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_copy_has_a_to_e_and_the_views_with_other_pupils_removed(cast, adopted):
    _case, version = adopted
    content = PlanCopy.objects.get(version=version, reader=cast.guardian).content
    assert content["problem"] == f"Emma holdes utenfor av {REPLACEMENT} og {REPLACEMENT}. Alibi-leken i friminuttet."
    measure = content["measures"][0]
    # The staff member's full name stays although another pupil is called Hassan.
    assert measure["description"] == (
        f"Kari Hassan er ute i friminuttene; samtale med {REPLACEMENT} og med {REPLACEMENT}."
    )
    assert measure["responsible"] == ["Kari Hassan"]
    assert measure["areas"] == ["De voksnes rolle og holdninger"]
    assert measure["starts_on"] == timezone.localdate().isoformat()
    assert content["pupil_view"] == f"«{REPLACEMENT} ler av meg», sier Emma."
    assert content["evaluation_date"] == version.evaluation_date.isoformat()
    assert content["version"] == 1
    assert content["pupil"] == "Emma Solberg"


@pytest.mark.django_db
def test_involved_pupils_from_another_year_are_removed_too(cast):
    _name(cast)
    case = make_case(cast)
    old = PupilFactory(school=cast.school, first_name="Sigrid", last_name="Tveit")  # not enrolled this year
    CaseInvolvedPupil.objects.create(case=case, pupil=old, description="Var med.", added_by=cast.department_head)
    version = adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher, problem="Sigrid Tveit og Sigrid.")
    assert PlanCopy.objects.get(version=version, reader=cast.guardian).content["problem"] == (
        f"{REPLACEMENT} og {REPLACEMENT}."
    )


@pytest.mark.django_db
def test_the_copy_stays_as_given(cast, adopted):
    """The record shows exactly what each reader was shown, whatever is renamed later."""
    _case, version = adopted
    cast.classmate.first_name = "Noen"
    cast.classmate.save()
    content = PlanCopy.objects.get(version=version, reader=cast.guardian).content
    assert "Jonas" not in str(content)
    assert "Noen" not in str(content)


# --- E-mail ------------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_readers_get_a_content_free_email_on_commit(cast, mailoutbox, django_capture_on_commit_callbacks):
    _name(cast)
    case = make_case(cast)
    with django_capture_on_commit_callbacks(execute=True):
        adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.guardian.email, cast.pupil_user.email])
    for mail in mailoutbox:
        assert "Du har en ny melding i Drømmeskolen" in mail.body
        assert reverse("core:home") in mail.body
        text = mail.subject + mail.body
        for secret in ("Emma", "Solberg", case.number, "plan", "friminutt"):
            assert secret not in text


@pytest.mark.django_db
def test_no_email_before_commit(cast, mailoutbox):
    case = make_case(cast)
    adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
    assert mailoutbox == []


# --- Reading ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_guardian_reads_the_redacted_copy_and_the_first_read_is_noted(client, cast, adopted):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    response = _get(client, cast.guardian, reverse("cases:family_plan", args=[copy.uuid]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Emma holdes utenfor av" in body
    assert "Kari Hassan" in body
    governor = date_format(_case.county_governor_from, "j. F Y")
    assert f"Eleven og foresatte kan ta saken til Statsforvalteren fra {governor}" in body
    for other in ("Jonas", "Haugen-Berg", "Åsmund", "Øvrebø", "Ali "):
        assert other not in body
    # Nothing about the case in the title.
    title = body.split("<title>")[1].split("</title>")[0]
    assert "Emma" not in title
    assert "Solberg" not in title
    copy.refresh_from_db()
    first = copy.first_read_at
    assert first is not None
    client.get(reverse("cases:family_plan", args=[copy.uuid]))
    copy.refresh_from_db()
    assert copy.first_read_at == first


@pytest.mark.django_db
def test_every_read_is_in_the_access_log(client, cast, adopted):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.pupil_user)
    client.force_login(cast.pupil_user)
    for _ in range(2):
        client.get(reverse("cases:family_plan", args=[copy.uuid]))
    rows = AccessLogEntry.objects.filter(object_type="plan_copy", object_uuid=copy.uuid)
    assert rows.count() == 2
    assert {row.actor_id for row in rows} == {cast.pupil_user.pk}
    assert {row.pupil_uuid for row in rows} == {cast.pupil.uuid}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    ["guardian_without_responsibility", "pupil_user", "principal", "department_head", "contact_teacher", "outsider"],
)
def test_nobody_but_the_reader_gets_the_guardians_copy(client, cast, adopted, role):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    assert _get(client, cast.user(role), reverse("cases:family_plan", args=[copy.uuid])).status_code == 404
    assert AccessLogEntry.objects.filter(object_type="plan_copy").count() == 0


@pytest.mark.django_db
def test_losing_parental_responsibility_closes_the_copy(client, cast, adopted):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    GuardianRelation.objects.filter(guardian__user=cast.guardian).update(parental_responsibility=False)
    assert _get(client, cast.guardian, reverse("cases:family_plan", args=[copy.uuid])).status_code == 404
    assert _get(client, cast.guardian, reverse("cases:family_plans")).status_code == 404


@pytest.mark.django_db
def test_the_family_never_opens_the_case_or_its_plan_page(client, cast, adopted):
    case, _version = adopted
    for user in (cast.guardian, cast.pupil_user):
        for name in ("cases:case_detail", "cases:plan_detail", "cases:plan_versions"):
            assert _get(client, user, reverse(name, args=[case.uuid])).status_code == 404


@pytest.mark.django_db
def test_the_list_shows_only_the_readers_copies(client, cast, adopted):
    _case, version = adopted
    response = _get(client, cast.guardian, reverse("cases:family_plans"))
    body = response.content.decode()
    mine = PlanCopy.objects.get(version=version, reader=cast.guardian)
    theirs = PlanCopy.objects.get(version=version, reader=cast.pupil_user)
    assert str(mine.uuid) in body
    assert str(theirs.uuid) not in body


@pytest.mark.django_db
def test_copy_page_query_count_is_bounded(client, cast, adopted, django_assert_max_num_queries):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    client.force_login(cast.guardian)
    client.get(reverse("cases:family_plan", args=[copy.uuid]))
    # Session, user and school context (10), the copy (1), the access-log append (5), the
    # reader's own answers (1), session save (3): nothing per measure or answer.
    with django_assert_max_num_queries(20):
        assert client.get(reverse("cases:family_plan", args=[copy.uuid])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("cases:family_plans")).status_code == 200


# --- Answering ------------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_the_answer_goes_into_the_journal_and_the_school_is_told(
    client, cast, adopted, mailoutbox, django_capture_on_commit_callbacks
):
    case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    client.force_login(cast.guardian)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:family_respond", args=[copy.uuid]), {"text": "Vi er enige, men vil ha møte."}
        )
    assert response.status_code == 302
    entry = JournalEntry.objects.filter(case=case, kind=JournalKind.FAMILY_RESPONSE).get()
    assert entry.author == cast.guardian
    assert entry.text.endswith("Vi er enige, men vil ha møte.")
    assert "versjon 1" in entry.text
    assert case.verify_journal() is None
    # Shown back to them as sent.
    assert "Vi er enige, men vil ha møte." in client.get(response["Location"]).content.decode()
    # The handler and the principal, content-free.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.department_head.email, cast.principal.email])
    for mail in mailoutbox:
        assert "Du har en ny melding i Drømmeskolen" in mail.body
        assert "enige" not in mail.body
        assert case.number not in mail.body
        assert "Emma" not in mail.body


@pytest.mark.django_db
def test_an_empty_answer_is_refused_in_norwegian(client, cast, adopted):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.pupil_user)
    client.force_login(cast.pupil_user)
    response = client.post(reverse("cases:family_respond", args=[copy.uuid]), {"text": "  "})
    assert response.status_code == 200
    assert "Skriv hva du mener om planen." in response.content.decode()
    assert not JournalEntry.objects.filter(kind=JournalKind.FAMILY_RESPONSE).exists()


@pytest.mark.django_db
def test_an_answer_to_someone_elses_copy_is_404(client, cast, adopted):
    _case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    client.force_login(cast.pupil_user)
    response = client.post(reverse("cases:family_respond", args=[copy.uuid]), {"text": "Hei"})
    assert response.status_code == 404
    assert not JournalEntry.objects.filter(kind=JournalKind.FAMILY_RESPONSE).exists()


# --- Start page and the staff view -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_start_page_tells_the_reader_about_a_new_plan(client, cast, adopted):
    _case, version = adopted
    body = _get(client, cast.guardian, reverse("core:home")).content.decode()
    assert "Du har en ny plan å lese" in body
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    client.get(reverse("cases:family_plan", args=[copy.uuid]))
    body = client.get(reverse("core:home")).content.decode()
    assert "Du har en ny plan å lese" not in body
    assert reverse("cases:family_plans") in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["guardian_without_responsibility", "teacher", "principal"])
def test_no_panel_for_others(client, cast, adopted, role):
    body = _get(client, cast.user(role), reverse("core:home")).content.decode()
    assert reverse("cases:family_plans") not in body


@pytest.mark.django_db
def test_the_plan_page_shows_who_got_a_copy_when_they_read_it_and_the_answers(client, cast, adopted):
    case, version = adopted
    copy = PlanCopy.objects.get(version=version, reader=cast.guardian)
    _get(client, cast.guardian, reverse("cases:family_plan", args=[copy.uuid]))
    client.post(reverse("cases:family_respond", args=[copy.uuid]), {"text": "Takk for planen."})
    body = _get(client, cast.department_head, reverse("cases:plan_detail", args=[case.uuid])).content.decode()
    assert cast.guardian.guardianships.get().full_name in body
    assert cast.pupil.full_name in body
    assert "Ikke lest ennå" in body  # the pupil has not read theirs
    assert "Takk for planen." in body
