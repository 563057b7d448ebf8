"""The poster and its PDF, follow-ups and missed hours, meetings, the year page, stats."""

import datetime
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from drommeskolen.classyear import actions, rules, stats
from drommeskolen.classyear.models import Goal, Mission, MissionStatus
from drommeskolen.classyear.panels import missed_follow_ups
from drommeskolen.classyear.year import dk2_pulse
from drommeskolen.mentoring.models import Mentor, MentorClass
from drommeskolen.people.roles import context_for

from .helpers import follow_up, follow_up_hour, login, pulse_with

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S607
    return " ".join(result.stdout.decode().split())


def _poster(cast):
    today = timezone.localdate()
    actions.set_goals(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        term=cast.year.term_of(today) or 1,
        texts=["Alle blir sett hver dag", "Vi hjelper hverandre"],
    )
    actions.set_missions(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        starts_on=today,
        texts=["Spis lunsj med en ny person", "Si hei til alle om morgenen"],
    )
    mentor = Mentor.objects.create(school=cast.school, pupil=cast.pupil_b)
    MentorClass.objects.create(mentor=mentor, school_class=cast.class_a)


@needs_pdftotext
@pytest.mark.parametrize("size", ["A3", "A4"])
def test_the_poster_pdf_holds_class_goals_missions_and_mentors(client, cast, size):
    _poster(cast)
    login(client, cast, cast.pupil_user)
    response = client.get(reverse("classyear:poster_pdf", args=[cast.class_a.uuid]), {"storrelse": size})
    assert response["Content-Type"] == "application/pdf"
    assert cast.class_a.name not in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in [
        "Drømmeklasseplakaten",
        cast.class_a.name,
        "Alle blir sett hver dag",
        "Vi hjelper hverandre",
        "Spis lunsj med en ny person",
        cast.pupil_b.first_name,
    ]:
        assert expected in text
    assert cast.pupil_b.last_name not in text


def test_the_poster_page_for_pupils_has_no_editing(client, cast):
    _poster(cast)
    login(client, cast, cast.pupil_user)
    page = client.get(reverse("classyear:poster", args=[cast.class_a.uuid])).content.decode()
    assert "Vi hjelper hverandre" in page
    assert "Spis lunsj med en ny person" in page
    assert "Hent mål fra Drømmeklassen" not in page
    assert client.get(reverse("classyear:poster", args=[cast.class_b.uuid])).status_code == 404


def test_goals_come_from_the_dream_class_vote(client, cast, monkeypatch):
    monkeypatch.setattr(
        "drommeskolen.classyear.views.top_goals", lambda school_class, kind="dk1": ["Trygghet", "Samhold"]
    )
    login(client, cast, cast.contact_teacher)
    response = client.post(reverse("classyear:fetch_goals", args=[cast.class_a.uuid]), follow=True)
    assert "Trygghet" in response.content.decode()
    assert list(Goal.objects.filter(school_class=cast.class_a).values_list("text", "from_dream_class")) == [
        ("Trygghet", True),
        ("Samhold", True),
    ]


def test_fetching_goals_without_the_dream_class_app_says_so(client, cast, monkeypatch):
    from drommeskolen.classyear.year import DreamClassMissing

    def missing(school_class, kind="dk1"):
        raise DreamClassMissing

    monkeypatch.setattr("drommeskolen.classyear.views.top_goals", missing)
    login(client, cast, cast.contact_teacher)
    response = client.post(reverse("classyear:fetch_goals", args=[cast.class_a.uuid]), follow=True)
    assert "Drømmeklassen er ikke tatt i bruk ennå" in response.content.decode()


def test_a_follow_up_reviews_the_missions_and_picks_new_ones(client, cast):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=14)
    actions.set_missions(
        acting_user=cast.contact_teacher, school_class=cast.class_a, starts_on=earlier, texts=["Rydd klasserommet"]
    )
    login(client, cast, cast.contact_teacher)
    response = client.post(reverse("classyear:open_follow_up", args=[cast.class_a.uuid]), {"held_on": today})
    hour = follow_up(cast, held_on=today)
    assert response.url == reverse("classyear:follow_up", args=[hour.uuid])
    mission = Mission.objects.get()
    page = client.get(response.url).content.decode()
    assert "Rydd klasserommet" in page
    client.post(response.url, {f"review-m_{mission.uuid}": "partly", "review-notes": "Godt i gang"})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PARTLY
    assert mission.reviewed_in == hour
    client.post(
        reverse("classyear:edit_missions", args=[cast.class_a.uuid]),
        {"starts_on": today, "missions": "Still et spørsmål i timen\nHjelp en medelev"},
    )
    assert [m.text for m in Mission.objects.filter(starts_on=today)] == [
        "Still et spørsmål i timen",
        "Hjelp en medelev",
    ]


def test_missed_hours_rule():
    day = datetime.date(2026, 9, 2)
    assert rules.missed_hours([day], [], today=day + datetime.timedelta(days=2)) == []  # not yet: two days' grace
    assert rules.missed_hours([day], [], today=day + datetime.timedelta(days=3)) == [day]
    assert rules.missed_hours([day], [day + datetime.timedelta(days=1)], today=day + datetime.timedelta(days=9)) == []
    assert rules.missed_hours([day], [day - datetime.timedelta(days=3)], today=day + datetime.timedelta(days=9)) == []
    assert rules.missed_hours([day], [day + datetime.timedelta(days=3)], today=day + datetime.timedelta(days=9)) == [
        day
    ]


def test_a_missed_follow_up_is_flagged_to_the_resource_group(client, cast):
    today = timezone.localdate()
    follow_up_hour(cast, today - datetime.timedelta(days=3))
    follow_up_hour(cast, today - datetime.timedelta(days=3), school_class=cast.class_b)
    follow_up(cast, school_class=cast.class_b, held_on=today - datetime.timedelta(days=2))
    follow_up_hour(cast, today - datetime.timedelta(days=1), school_class=cast.class_b)  # still in its grace days
    found = missed_follow_ups(context_for(cast.resource_group_member, cast.school), today)
    assert [school_class for school_class, _day in found] == [cast.class_a]
    login(client, cast, cast.resource_group_member)
    page = client.get(reverse("core:home")).content.decode()
    assert "Oppfølgingstime ikke registrert" in page
    assert cast.class_a.name in page
    login(client, cast, cast.teacher)
    assert "Oppfølgingstime ikke registrert" not in client.get(reverse("core:home")).content.decode()


def test_a_meeting_agenda_is_built_from_the_status_and_measures_are_decided(client, cast):
    _poster(cast)
    login(client, cast, cast.resource_group_coordinator)
    page = client.get(reverse("classyear:new_meeting", args=[cast.class_a.uuid])).content.decode()
    assert "Klassepulsen" in page
    assert "Spis lunsj med en ny person" in page
    response = client.post(
        reverse("classyear:new_meeting", args=[cast.class_a.uuid]),
        {"held_on": timezone.localdate(), "agenda": "Status", "notes": "Klassen er i gang."},
    )
    assert response.status_code == 302
    client.post(
        response.url,
        {
            "measure-title": "Faste grupper i friminuttet",
            "measure-responsible": "Kontaktlærer",
            "measure-due_on": "2027-01-15",
        },
    )
    year = client.get(reverse("classyear:year", args=[cast.class_a.uuid])).content.decode()
    assert "Faste grupper i friminuttet" in year


@override_settings(ANONYMITY_THRESHOLD=2)
def test_the_year_page_runs_the_same_queries_however_many_follow_ups(client, cast, django_assert_max_num_queries):
    _poster(cast)
    today = timezone.localdate()
    login(client, cast, cast.contact_teacher)
    url = reverse("classyear:year", args=[cast.class_a.uuid])

    def add(weeks):
        for n in weeks:
            day = today - datetime.timedelta(days=14 * n)
            follow_up_hour(cast, day)
            pulse_with(cast, [4, 3], held_on=day)

    add([1, 2])
    # Session, user, school context (4), second factor, the circle check (2), the class, the
    # year (9: goals, årshjul, missions, follow-ups, pulses with counts, meetings, measures,
    # alerts, mentors' first names) and the dreamclass links (none: reverse only).
    with django_assert_max_num_queries(22) as few:
        assert client.get(url).status_code == 200
    add([3, 4, 5, 6])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "<svg" in page
    assert "pulse-chart-title" in page


def test_stats_count_held_expected_and_missions_without_names(cast):
    today = timezone.localdate()
    for weeks in (1, 3, 5):
        follow_up_hour(cast, today - datetime.timedelta(days=14 * weeks))
    follow_up(cast, held_on=today - datetime.timedelta(days=14))
    actions.set_missions(acting_user=cast.contact_teacher, school_class=cast.class_a, starts_on=today, texts=["A", "B"])
    Mission.objects.filter(text="A").update(status=MissionStatus.DONE)
    rows = stats.follow_ups_per_class(cast.school, cast.year, today)
    assert [(r.class_name, r.held, r.expected, r.missed, r.missions, r.missions_done) for r in rows] == [
        (cast.class_a.name, 1, 3, 2, 2, 1)
    ]
    summary = stats.year_summary(cast.school, cast.year, today)
    assert (summary.classes, summary.held, summary.expected, summary.missed) == (1, 1, 3, 2)


@override_settings(ANONYMITY_THRESHOLD=2)
def test_the_dk2_include_shows_how_the_pulse_moved(cast):
    today = timezone.localdate()
    pulse_with(cast, [3, 3], held_on=today - datetime.timedelta(days=14))
    pulse_with(cast, [4, 5], held_on=today)
    html = render_to_string("classyear/_dk2_pulse.html", {"school_class": cast.class_a})
    assert "Pulsen har gått opp" in html
    assert "3.00" in html.replace(",", ".")
    assert "4.50" in html.replace(",", ".")


@override_settings(ANONYMITY_THRESHOLD=2)
def test_the_dk2_include_counts_from_the_day_dk1_was_held(cast):
    from drommeskolen.dreamclass import actions as dreamclass_actions

    today = timezone.localdate()
    pulse_with(cast, [1, 1], held_on=today - datetime.timedelta(days=28))  # before DK1: not counted
    pulse_with(cast, [3, 3], held_on=today - datetime.timedelta(days=14))
    pulse_with(cast, [4, 4], held_on=today)
    session = dreamclass_actions.start_session(acting_user=cast.contact_teacher, school_class=cast.class_a, kind="dk1")
    session.held_on = today - datetime.timedelta(days=20)
    session.save(update_fields=["held_on"])
    moved = dk2_pulse(cast.class_a)
    assert [average for _day, average in moved["points"]] == [3, 4]
    assert moved["change"] == 1


@override_settings(ANONYMITY_THRESHOLD=2)
def test_the_poster_and_follow_up_pages_run_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    _poster(cast)
    today = timezone.localdate()
    for n in range(1, 4):
        follow_up_hour(cast, today - datetime.timedelta(days=14 * n))
        pulse_with(cast, [4, 3], held_on=today - datetime.timedelta(days=14 * n))
    hour = follow_up(cast, held_on=today)
    login(client, cast, cast.contact_teacher)
    # Both: session, user, school context (4), second factor, the class (or the hour) and the
    # circle check (2). The poster then gathers the year (9: goals, årshjul, missions,
    # follow-ups, pulses, meetings, measures, alerts, mentors) and messages; the follow-up
    # hour its missions to review (2), the pulse, its count and the next missions.
    for url, expected in [
        (reverse("classyear:poster", args=[cast.class_a.uuid]), 23),
        (reverse("classyear:follow_up", args=[hour.uuid]), 18),
    ]:
        client.get(url)
        with django_assert_num_queries(expected):
            client.get(url)
