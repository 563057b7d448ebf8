"""Meld bekymring: the one-screen form, pupil search with and without JavaScript, the
receipt and its additions, and the e-mail to the principal."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from drommeskolen.cases.models import Concern, ConcernAddendum, JournalKind

from .helpers import make_case

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _now():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _form_html(html):
    return html.split('action="' + reverse("cases:report") + '"')[1].split("</form>")[0]


@pytest.mark.django_db
def test_the_form_is_one_screen_with_at_most_five_required_inputs(client, cast):
    client.force_login(cast.teacher)
    html = client.get(reverse("cases:report")).content.decode()
    form = _form_html(html)
    required = re.findall(r"<(?:input|textarea|select)\b[^>]*\brequired\b", form)
    assert 1 <= len(required) <= 5
    for name in ("what_happened", "occurred_at", "place", "outside_school_hours", "intervened"):
        assert f'name="{name}"' in form
    assert 'name="employee_may_be_offending"' in form
    assert "Kan en ansatt være den som krenker?" in form
    # "When" defaults to now.
    assert re.search(r'name="occurred_at"[^>]*value="\d{4}-\d\d-\d\dT\d\d:\d\d"', form)


@pytest.mark.django_db
def test_search_without_javascript_keeps_what_was_typed(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("cases:report"),
        {"q": cast.pupil.last_name, "search": "1", "what_happened": "Satt alene hele dagen.", "place": "Kantina"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Satt alene hele dagen." in html
    assert 'value="Kantina"' in html
    assert f'value="{cast.pupil.uuid}"' in html
    assert cast.other_pupil.full_name not in html
    assert "ds-validation-message" not in html  # a search is not a failed send
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_search_as_you_type_returns_names_and_classes_and_keeps_the_chosen(client, cast):
    client.force_login(cast.teacher)
    response = client.get(
        reverse("cases:pupil_search"),
        {"q": "1STA", "pupils": [str(cast.pupil_b.uuid)]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert re.search(rf'value="{cast.pupil_b.uuid}"[^>]*checked', html)  # chosen earlier, still chosen
    for pupil in (cast.pupil, cast.classmate):
        assert pupil.full_name in html
    assert "1STA" in html
    assert cast.other_pupil.full_name not in html
    assert str(cast.pupil.birth_date.year) not in html  # names and classes only


@pytest.mark.django_db
def test_another_schools_pupil_cannot_be_named(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("cases:report"),
        {"pupils": [str(cast.other_pupil.uuid)], "what_happened": "Noe skjedde.", "occurred_at": _now()},
    )
    assert response.status_code == 200
    assert "Velg minst én elev" in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_errors_are_norwegian_and_nothing_typed_is_lost(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("cases:report"), {"pupils": [str(cast.pupil.uuid)], "what_happened": "", "place": "Gymsalen"}
    )
    html = response.content.decode()
    assert "Skriv kort hva du så eller fikk høre." in html
    assert "Skriv når det skjedde." in html
    assert 'value="Gymsalen"' in html
    assert re.search(rf'value="{cast.pupil.uuid}"[^>]*checked', html)


@pytest.mark.django_db
def test_a_report_leads_to_a_receipt_the_reporter_can_add_to(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("cases:report"),
        {
            "pupils": [str(cast.pupil.uuid), str(cast.pupil_b.uuid)],
            "what_happened": "Hørte at de kalte ham stygge ting.",
            "occurred_at": _now(),
            "outside_school_hours": "on",
            "intervened": "on",
            "intervention": "Sa ifra at det ikke er greit.",
        },
    )
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:concern_detail", args=[concern.uuid])
    assert concern.reporter == cast.teacher
    assert set(concern.pupils.all()) == {cast.pupil, cast.pupil_b}
    assert concern.outside_school_hours
    assert concern.intervened
    receipt = client.get(response.url)
    html = receipt.content.decode()
    assert "Kvittering" in html
    assert "<title>Melding" in html
    assert cast.pupil.full_name not in html.split("</title>")[0]
    assert client.post(response.url, {"text": "Det skjedde igjen i dag."}).status_code == 302
    assert ConcernAddendum.objects.get().text == "Det skjedde igjen i dag."
    assert Concern.objects.get().what_happened == "Hørte at de kalte ham stygge ting."  # unchanged


@pytest.mark.django_db
def test_only_the_reporter_adds_to_a_concern(client, cast):
    client.force_login(cast.teacher)
    client.post(
        reverse("cases:report"),
        {"pupils": [str(cast.pupil.uuid)], "what_happened": "Gråt i timen.", "occurred_at": _now()},
    )
    concern = Concern.objects.get()
    client.force_login(cast.principal)
    assert client.post(reverse("cases:concern_detail", args=[concern.uuid]), {"text": "x"}).status_code == 404
    assert not ConcernAddendum.objects.exists()


@pytest.mark.django_db
def test_a_report_about_a_pupil_with_an_open_case_goes_into_its_journal(client, cast):
    case = make_case(cast)
    client.force_login(cast.teacher)
    client.post(
        reverse("cases:report"),
        {"pupils": [str(cast.pupil.uuid)], "what_happened": "Nytt: utestengt fra gruppa.", "occurred_at": _now()},
    )
    last = case.journal.order_by("sequence").last()
    assert last.kind == JournalKind.REPORT
    assert "utestengt fra gruppa" in last.text
    assert last.author == cast.teacher


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_the_principal_gets_an_email_without_pupil_data(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(cast.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cases:report"),
            {
                "pupils": [str(cast.pupil.uuid)],
                "what_happened": "Dyttet i trappa.",
                "place": "Trappa ved B-fløyen",
                "occurred_at": _now(),
            },
        )
    assert Concern.objects.exists()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [cast.principal.email]
    text = mail.subject + mail.body
    assert "Du har en ny melding i Drømmeskolen" in mail.body
    assert reverse("cases:inbox") in mail.body
    for secret in (cast.pupil.first_name, cast.pupil.last_name, "Dyttet", "B-fløyen", str(Concern.objects.get().uuid)):
        assert secret not in text


@pytest.mark.django_db
def test_the_email_waits_for_the_task_worker(client, cast):
    from django_tasks_db.models import DBTaskResult

    client.force_login(cast.teacher)
    client.post(
        reverse("cases:report"), {"pupils": [str(cast.pupil.uuid)], "what_happened": "x", "occurred_at": _now()}
    )
    # Without a commit (the test's transaction) nothing is queued: e-mail only on commit.
    assert not DBTaskResult.objects.exists()


# The worker runs in this process and commits, so the test needs real transactions
# (on PostgreSQL the worker otherwise closes the test's connection).
@pytest.mark.django_db(transaction=True)
def test_the_task_worker_sends_the_email(client, cast, mailoutbox):
    from django.core.management import call_command

    client.force_login(cast.teacher)
    client.post(
        reverse("cases:report"), {"pupils": [str(cast.pupil.uuid)], "what_happened": "Ertet.", "occurred_at": _now()}
    )
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.to for m in mailoutbox] == [[cast.principal.email]]
    assert cast.pupil.full_name not in mailoutbox[0].body


@pytest.mark.django_db
def test_how_someone_intervened_is_kept_even_if_the_box_was_not_ticked(client, cast):
    client.force_login(cast.teacher)
    client.post(
        reverse("cases:report"),
        {
            "pupils": [str(cast.pupil.uuid)],
            "what_happened": "Slåsskamp.",
            "occurred_at": _now(),
            "intervention": "Skilte dem.",
        },
    )
    concern = Concern.objects.get()
    assert concern.intervened
    assert concern.intervention == "Skilte dem."
