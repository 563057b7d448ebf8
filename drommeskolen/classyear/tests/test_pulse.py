"""The class pulse: anonymous answers, the threshold, and the alert when it drops."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from drommeskolen.classyear import actions, rules
from drommeskolen.classyear.models import PulseAlert, PulseReceipt

from .helpers import follow_up, login, pulse_with, pupils

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_pupil_answers_once(cast):
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    scores = {"safety": 4, "belonging": 5, "missions": 3}
    actions.answer_pulse(pupil=cast.pupil, pulse=pulse, scores=scores)
    with pytest.raises(ValidationError):
        actions.answer_pulse(pupil=cast.pupil, pulse=pulse, scores=scores)
    assert actions.counts_of(pulse)["safety"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert actions.answered_count(pulse) == 1
    assert PulseReceipt.objects.filter(pulse=pulse, pupil=cast.pupil).count() == 1


def test_a_closed_pulse_takes_no_answers(cast):
    pulse = pulse_with(cast, [4, 4, 4])
    with pytest.raises(ValidationError):
        actions.answer_pulse(pupil=cast.pupil, pulse=pulse, scores={"safety": 1, "belonging": 1, "missions": 1})


def test_the_pupil_answers_on_the_phone_and_the_page_never_names_them(client, cast):
    cast.pupil.first_name, cast.pupil.last_name = "Unikfornavn", "Uniketternavn"
    cast.pupil.save()
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    login(client, cast, cast.pupil_user)
    url = reverse("classyear:answer_pulse", args=[pulse.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, {"safety": "2", "belonging": "3", "missions": "4"}, follow=True)
    assert "Du har svart" in response.content.decode()
    assert actions.counts_of(pulse)["safety"][2] == 1
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("classyear:follow_up", args=[pulse.follow_up.uuid])).content.decode()
    assert cast.pupil.first_name not in page
    assert cast.pupil.last_name not in page


def test_a_pupil_of_another_class_cannot_answer(client, cast):
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    other = pupils(cast.class_b, 1)[0]
    login(client, cast, other.user)
    assert client.get(reverse("classyear:answer_pulse", args=[pulse.uuid])).status_code == 404


def test_summary_needs_the_threshold():
    rows = [{"safety": 4, "belonging": 4, "missions": 4}] * 2
    assert rules.summarise(rules.tally(rows), threshold=3) is None
    summary = rules.summarise(rules.tally([*rows, {"safety": 1, "belonging": 1, "missions": 1}]), threshold=3)
    assert summary is not None
    assert summary.count == 3
    assert summary.overall == Decimal("3.00")
    assert rules.summarise(rules.tally([]), threshold=0) is None
    assert rules.summarise({}, threshold=0) is None


def test_summary_from_counters_matches_the_answers():
    answers = [
        {"safety": 5, "belonging": 2, "missions": 3},
        {"safety": 4, "belonging": 2, "missions": 1},
        {"safety": 4, "belonging": 5, "missions": 5},
    ]
    summary = rules.summarise(rules.tally(answers), threshold=3)
    assert summary is not None
    assert summary.averages == {"safety": Decimal("4.33"), "belonging": Decimal("3.00"), "missions": Decimal("3.00")}
    assert summary.overall == Decimal("3.44")


@override_settings(ANONYMITY_THRESHOLD=3)
def test_below_the_threshold_the_result_is_hidden(client, cast):
    hidden = pulse_with(cast, [5, 1])
    assert hidden.average is None
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("classyear:follow_up", args=[hidden.follow_up.uuid])).content.decode()
    assert "For få svar til å vise resultatet" in page
    assert "Samlet" not in page
    year = client.get(reverse("classyear:year", args=[cast.class_a.uuid])).content.decode()
    assert "For få svar til å vise resultatet" in year


@override_settings(ANONYMITY_THRESHOLD=3)
def test_at_the_threshold_the_averages_are_shown(client, cast):
    shown = pulse_with(cast, [5, 4, 3])
    assert shown.average == Decimal("4.00")
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("classyear:follow_up", args=[shown.follow_up.uuid])).content.decode()
    assert "For få svar" not in page
    assert "4.00" in page.replace(",", ".")


def test_pulse_drop_rule():
    assert rules.pulse_drop(Decimal("4.0"), Decimal("3.5"), alert_at=Decimal("0.5")) == Decimal("0.5")
    assert rules.pulse_drop(Decimal("4.0"), Decimal("3.6"), alert_at=Decimal("0.5")) is None
    assert rules.pulse_drop(None, Decimal("1"), alert_at=Decimal("0.5")) is None
    assert rules.pulse_drop(Decimal("4.0"), None, alert_at=Decimal("0.5")) is None


@override_settings(ANONYMITY_THRESHOLD=3, TASKS=IMMEDIATE_TASKS)
def test_a_drop_alerts_the_resource_group_without_content(cast, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    first = pulse_with(cast, [5, 5, 4], held_on=today - datetime.timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        second = pulse_with(cast, [4, 4, 3], held_on=today)
    alert = PulseAlert.objects.get()
    assert alert.pulse == second
    assert alert.previous == first
    assert first.average is not None
    assert second.average is not None
    assert alert.drop == first.average - second.average
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([cast.resource_group_member.email, cast.resource_group_coordinator.email])
    for message in mailoutbox:
        assert cast.class_a.name not in message.body
        assert cast.class_a.name not in message.subject
        assert "Du har en ny melding i Drømmeskolen" in message.body


@override_settings(ANONYMITY_THRESHOLD=3)
def test_no_alert_for_a_small_drop_or_a_pulse_below_the_threshold(cast):
    today = timezone.localdate()
    pulse_with(cast, [5, 5, 5], held_on=today - datetime.timedelta(days=28))
    pulse_with(cast, [1, 1], held_on=today - datetime.timedelta(days=14))  # hidden: not compared
    pulse_with(cast, [5, 5, 4], held_on=today)  # 4.67 after 5.00: less than 0.5
    assert not PulseAlert.objects.exists()


@override_settings(ANONYMITY_THRESHOLD=3)
def test_the_school_sets_the_amount(cast):
    actions.update_settings(acting_user=cast.principal, school=cast.school, pulse_drop_alert=Decimal("0.2"))
    today = timezone.localdate()
    pulse_with(cast, [5, 5, 5], held_on=today - datetime.timedelta(days=14))
    pulse_with(cast, [5, 5, 4], held_on=today)
    assert PulseAlert.objects.count() == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@override_settings(ANONYMITY_THRESHOLD=2)
def test_no_page_or_export_names_a_pupil_who_answered(client, cast):
    pulse_with(cast, [4, 4], held_on=timezone.localdate() - datetime.timedelta(days=14))
    pulse = pulse_with(cast, [5, 2])
    answered = list(PulseReceipt.objects.select_related("pupil"))
    names = [r.pupil.first_name for r in answered] + [r.pupil.last_name for r in answered]
    login(client, cast, cast.contact_teacher)
    pages = [
        client.get(reverse("classyear:year", args=[cast.class_a.uuid])).content.decode(),
        client.get(reverse("classyear:follow_up", args=[pulse.follow_up.uuid])).content.decode(),
        client.get(reverse("core:home")).content.decode(),
    ]
    summary = client.get(reverse("classyear:summary_pdf", args=[cast.class_a.uuid]))
    result = subprocess.run(["pdftotext", "-", "-"], input=summary.content, capture_output=True, check=True)  # noqa: S607
    pages.append(result.stdout.decode())
    assert "3.50" in pages[0].replace(",", ".")
    assert "<svg" in pages[0]
    assert "3.5" in pages[-1]  # the plot's point label (the table writes "3,50")
    for text in pages:
        for name in names:
            assert name not in text
