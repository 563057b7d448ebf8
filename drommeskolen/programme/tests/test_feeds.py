"""Calendar feeds (iCal) and e-mail reminders."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from drommeskolen.programme import actions, ical
from drommeskolen.programme.audience import participants
from drommeskolen.programme.models import CalendarFeed, EventKind, Position, ResourceGroupMember, WheelEvent

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _feed(client, cast, user, *, personal=True):
    _feed, token = actions.issue_feed(acting_user=user, school=cast.school, personal=personal)
    return reverse("programme:feed_ics", kwargs={"feed_token": token})


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _summaries(calendar):
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def _uuid_of(vevent) -> str:
    """The WheelEvent's UUID in a VEVENT's UID (`<uuid>@…` or `<uuid>-<YYYYMMDD>@…`)."""
    return str(vevent["UID"]).split("@")[0][:36]


@pytest.mark.django_db
def test_the_school_feed_parses_and_every_timed_event_is_in_oslo_time(client, cast):
    actions.generate_wheel(school_year=cast.year)
    calendar = _parse(client.get(_feed(client, cast, cast.resource_group_coordinator, personal=False)))
    events = calendar.walk("VEVENT")
    stored = {str(e.uuid): e for e in WheelEvent.objects.filter(school_year=cast.year)}
    assert {_uuid_of(v) for v in events} == set(stored)
    assert len({str(v["UID"]) for v in events}) == len(events)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    all_day = 0
    for event in events:
        source = stored[_uuid_of(event)]
        for name in ("DTSTART", "DTEND"):
            value = event[name]
            if source.all_day:
                # DATE values for all-day events only: no time, no zone.
                assert value.params.get("VALUE") == "DATE"
                assert type(value.dt) is datetime.date
            else:
                assert value.params["TZID"] == "Europe/Oslo"
                assert value.dt.tzinfo is not None
        all_day += source.all_day
        assert event["UID"]
        assert event["DTSTAMP"]
    assert all_day == 2  # Elevundersøkelsen and the recruitment of pupil mentors
    body = client.get(_feed(client, cast, cast.principal, personal=False)).content.decode()
    for pupil in (cast.pupil, cast.classmate, cast.pupil_b):
        assert pupil.first_name not in body
        assert pupil.last_name not in body


def _event(cast, **fields):
    values = {
        "school": cast.school,
        "school_year": cast.year,
        "kind": EventKind.OTHER,
        "title": "Hendelse",
        "audience": "resource_group_member",
    } | fields
    return WheelEvent.objects.create(**values)


def _vevents_of(client, cast, event):
    calendar = _parse(client.get(_feed(client, cast, cast.resource_group_coordinator, personal=False)))
    return sorted((v for v in calendar.walk("VEVENT") if _uuid_of(v) == str(event.uuid)), key=lambda v: v["DTSTART"].dt)


@pytest.mark.django_db
def test_an_all_day_event_is_dates_with_an_exclusive_end(client, cast):
    survey = _event(
        cast,
        kind=EventKind.PUPIL_SURVEY,
        title="Elevundersøkelsen",
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 12, 15),
        all_day=True,
    )
    [vevent] = _vevents_of(client, cast, survey)
    assert vevent["DTSTART"].dt == datetime.date(2026, 11, 2)
    assert vevent["DTEND"].dt == datetime.date(2026, 12, 16)  # the day after the last
    assert str(vevent["UID"]) == f"{survey.uuid}@drommeskolen"
    assert str(vevent["TRANSP"]) == "TRANSPARENT"


@pytest.mark.django_db
def test_a_timed_event_over_several_days_is_one_event_per_weekday(client, cast):
    # Thursday to Tuesday, 9–15: Thursday, Friday, Monday and Tuesday, never overnight.
    workshop = _event(
        cast,
        title="Workshop",
        starts_on=datetime.date(2027, 3, 18),
        ends_on=datetime.date(2027, 3, 23),
        start_time=datetime.time(9),
        end_time=datetime.time(15),
    )
    vevents = _vevents_of(client, cast, workshop)
    days = [datetime.date(2027, 3, d) for d in (18, 19, 22, 23)]
    assert [v["DTSTART"].dt.date() for v in vevents] == days
    for vevent, day in zip(vevents, days, strict=True):
        assert str(vevent["UID"]) == f"{workshop.uuid}-{day:%Y%m%d}@drommeskolen"
        assert vevent["DTSTART"].dt == datetime.datetime.combine(day, datetime.time(9), tzinfo=ical.OSLO)
        assert vevent["DTEND"].dt == datetime.datetime.combine(day, datetime.time(15), tzinfo=ical.OSLO)
        assert vevent["DTSTART"].params["TZID"] == "Europe/Oslo"
    # The UIDs are stable from one fetch to the next.
    assert [str(v["UID"]) for v in _vevents_of(client, cast, workshop)] == [str(v["UID"]) for v in vevents]


@pytest.mark.django_db
def test_a_one_day_timed_event_keeps_its_plain_uid(client, cast):
    day = datetime.date(2027, 3, 18)
    meeting = _event(cast, starts_on=day, ends_on=day, start_time=datetime.time(14), end_time=datetime.time(15))
    [vevent] = _vevents_of(client, cast, meeting)
    assert str(vevent["UID"]) == f"{meeting.uuid}@drommeskolen"


@pytest.mark.django_db
def test_a_persons_feed_holds_only_their_events(client, cast):
    actions.generate_wheel(school_year=cast.year)
    teacher = _summaries(_parse(client.get(_feed(client, cast, cast.contact_teacher))))
    assert any("1STA" in s for s in teacher)
    assert not any("1STB" in s for s in teacher)  # the other class's DK1, follow-up hours ...
    assert not any("ressursgruppen" in s.lower() and "Møte" in s for s in teacher)
    coordinator = _summaries(_parse(client.get(_feed(client, cast, cast.resource_group_coordinator))))
    assert any(s == "Møte i ressursgruppen" for s in coordinator)
    assert not any(s.startswith("Oppfølgingstime") for s in coordinator)
    nurse = _summaries(_parse(client.get(_feed(client, cast, cast.school_nurse))))
    assert all(s.startswith("Workshop for alle ansatte") for s in nurse)
    # Joining the resource group by membership brings the group's events.
    ResourceGroupMember.objects.create(school=cast.school, user=cast.school_nurse, position="school_nurse")
    nurse = _summaries(_parse(client.get(_feed(client, cast, cast.school_nurse))))
    assert "Møte i ressursgruppen" in nurse


@pytest.mark.django_db
def test_a_revoked_or_unknown_feed_is_404(client, cast):
    feed, token = actions.issue_feed(acting_user=cast.teacher, school=cast.school, personal=True)
    url = reverse("programme:feed_ics", kwargs={"feed_token": token})
    assert client.get(url).status_code == 200
    actions.revoke_feed(acting_user=cast.teacher, feed=feed)
    assert client.get(url).status_code == 404
    assert client.get(reverse("programme:feed_ics", kwargs={"feed_token": "x" * 43})).status_code == 404
    assert not CalendarFeed.objects.filter(token_digest=token).exists()  # only the hash is stored


@pytest.mark.django_db
def test_feeds_page_shows_a_new_address_once_and_revokes(client, cast):
    client.force_login(cast.teacher)
    html = client.post(reverse("programme:feeds"), {"scope": "personal"}).content.decode()
    url = html.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert client.get(url).status_code == 200
    assert url not in client.get(reverse("programme:feeds")).content.decode()
    # A teacher cannot make a feed of the whole school.
    assert client.post(reverse("programme:feeds"), {"scope": "school"}).status_code == 404
    feed = CalendarFeed.objects.get(user=cast.teacher)
    assert client.post(reverse("programme:feed_revoke", args=[feed.uuid])).status_code == 302
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_reminders_are_content_free_and_sent_once(cast, mailoutbox, django_capture_on_commit_callbacks):
    actions.programme_of(cast.school)
    today = timezone.localdate()
    event = WheelEvent.objects.create(
        school=cast.school,
        school_year=cast.year,
        kind=EventKind.RESOURCE_GROUP_MEETING,
        model_key="rg-meeting:test",
        title="Møte om 1STA",
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=3),
        start_time=datetime.time(14),
        end_time=datetime.time(15),
        audience="resource_group_member,resource_group_coordinator",
    )
    WheelEvent.objects.create(
        school=cast.school,
        school_year=cast.year,
        kind=EventKind.OTHER,
        title="Langt fram",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        start_time=datetime.time(14),
        end_time=datetime.time(15),
        audience="resource_group_member",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_programme_reminders")
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == sorted([cast.resource_group_member.email, cast.resource_group_coordinator.email])
    for mail in mailoutbox:
        assert "Du har en ny melding i Drømmeskolen" in mail.body
        assert "1STA" not in mail.subject + mail.body
        assert "Møte" not in mail.body
    event.refresh_from_db()
    assert event.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_programme_reminders")
    assert len(mailoutbox) == 2


def _add_event(client, cast, title, audience, school_class=None):
    client.force_login(cast.resource_group_coordinator)
    day = cast.year.starts_on + datetime.timedelta(days=30)
    data = {
        "title": title,
        "kind": EventKind.OTHER,
        "starts_on": day.isoformat(),
        "start_time": "14:00",
        "end_time": "15:00",
        "audience": audience,
        "school_class": str(school_class.uuid) if school_class else "",
    }
    response = client.post(reverse("programme:event_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return WheelEvent.objects.get(title=title)


@pytest.mark.django_db
def test_a_hand_added_event_goes_to_the_audience_chosen(client, cast):
    _add_event(client, cast, "Planlegge mentorsamling", "resource_group")
    _add_event(client, cast, "Planleggingsdag", "all_staff")
    _add_event(client, cast, "Klassemøte 1STA", "contact_teacher", cast.class_a)

    def feed_of(user):
        return _summaries(_parse(client.get(_feed(client, cast, user))))

    teacher, coordinator = feed_of(cast.teacher), feed_of(cast.resource_group_coordinator)
    assert "Planlegge mentorsamling" not in teacher
    assert "Planlegge mentorsamling" in coordinator
    assert "Planleggingsdag" in teacher
    assert "Planleggingsdag" in coordinator
    assert "Klassemøte 1STA" in feed_of(cast.contact_teacher)
    assert "Klassemøte 1STA" not in teacher
    assert "Klassemøte 1STA" not in coordinator


@pytest.mark.django_db
def test_an_audience_for_a_class_needs_a_class(client, cast):
    client.force_login(cast.resource_group_coordinator)
    day = cast.year.starts_on + datetime.timedelta(days=30)
    data = {"title": "Uten klasse", "kind": EventKind.OTHER, "starts_on": day.isoformat()}
    data |= {"start_time": "14:00", "end_time": "15:00", "audience": "contact_teacher"}
    page = client.post(reverse("programme:event_add"), data).content.decode()
    assert "Velg klassen" in page
    assert not WheelEvent.objects.filter(title="Uten klasse").exists()


@pytest.mark.django_db
def test_editing_a_generated_event_keeps_an_audience_the_form_has_no_choice_for(client, cast):
    actions.generate_wheel(school_year=cast.year)
    survey = WheelEvent.objects.get(model_key="pupil-survey")  # the group, leadership and contact teachers
    before = survey.audience
    client.force_login(cast.resource_group_coordinator)
    url = reverse("programme:event_detail", args=[survey.uuid])
    form = client.get(url).context["form"]
    assert form["audience"].value() == ""  # "as now"
    data = {"title": "Elevundersøkelsen 2026", "kind": survey.kind, "starts_on": survey.starts_on.isoformat()}
    data |= {"ends_on": survey.ends_on.isoformat(), "all_day": "on", "audience": ""}
    assert client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.audience) == ("Elevundersøkelsen 2026", before)


@pytest.mark.django_db
def test_a_pupil_in_the_resource_group_gets_its_events_but_not_the_mentors_events(cast):
    """Pupil mentors as such get no reminder e-mails (their page is in the mentoring app);
    a pupil who holds the pupil council's seat in the resource group is a member like the
    others and is reminded of the group's events."""
    ResourceGroupMember.objects.create(school=cast.school, user=cast.mentor, position=Position.PUPIL_COUNCIL)
    day = timezone.localdate() + datetime.timedelta(days=3)
    common = {"starts_on": day, "ends_on": day, "start_time": datetime.time(14), "end_time": datetime.time(15)}
    group = _event(cast, title="Møte", audience="resource_group_member,resource_group_coordinator", **common)
    mentors = _event(cast, title="Mentortreff", audience="pupil_mentor", **common)
    assert cast.mentor in set(participants(group))
    assert cast.mentor not in set(participants(mentors))
    assert set(participants(mentors)) == set()


def _reminder_event(cast, days_ahead, *, school=None, year=None, title="Møte om 1STA"):
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return _event(
        cast,
        school=school or cast.school,
        school_year=year or cast.year,
        kind=EventKind.RESOURCE_GROUP_MEETING,
        title=title,
        starts_on=day,
        ends_on=day,
        start_time=datetime.time(14),
        end_time=datetime.time(15),
        audience="resource_group_member,resource_group_coordinator",
    )


def _reminded(*events):
    return [e.title for e in WheelEvent.objects.filter(pk__in=[e.pk for e in events], reminder_sent_at__isnull=False)]


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_reminders_follow_the_schools_number_of_days(cast, mailoutbox, django_capture_on_commit_callbacks):
    programme = actions.programme_of(cast.school)
    programme.reminder_days = 3
    programme.save()
    events = [_reminder_event(cast, days, title=f"Om {days} dager") for days in (0, 2, 3, 4, 7)]
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.queue_reminders() == 3
    assert sorted(_reminded(*events)) == ["Om 0 dager", "Om 2 dager", "Om 3 dager"]
    assert len(mailoutbox) == 3 * 2  # the member and the coordinator, each event


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_zero_days_means_no_reminders(cast, mailoutbox, django_capture_on_commit_callbacks):
    programme = actions.programme_of(cast.school)
    programme.reminder_days = 0
    programme.save()
    today, tomorrow = _reminder_event(cast, 0, title="I dag"), _reminder_event(cast, 1, title="I morgen")
    # Another school keeps the default of 7 days at the same time.
    elsewhere = _reminder_event(cast, 1, school=cast.other_school, year=cast.other_year, title="Annen skole")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.queue_reminders() == 1
    assert _reminded(today, tomorrow, elsewhere) == ["Annen skole"]
    assert mailoutbox == []  # nobody at the other school takes part in its resource group


# The task worker runs in this process and commits, so this test needs real transactions.
@pytest.mark.django_db(transaction=True)
def test_reminder_e_mails_go_through_the_task_queue_and_say_nothing_sensitive(cast, mailoutbox):
    from django_tasks_db.models import DBTaskResult

    actions.programme_of(cast.school)
    event = _reminder_event(cast, 2, title="Bekymring for 1STA etter foreldremøtet")
    call_command("send_programme_reminders")
    task = DBTaskResult.objects.get()
    assert task.task_path == "drommeskolen.programme.tasks.send_event_reminder"
    assert task.args_kwargs == {"args": [str(event.uuid)], "kwargs": {}}
    assert mailoutbox == []  # nothing is sent in the request or command, only by the worker
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(
        [cast.resource_group_member.email, cast.resource_group_coordinator.email]
    )
    day = event.starts_on
    for mail in mailoutbox:
        assert len(mail.to) == 1  # recipients never see each other
        assert (mail.cc, mail.bcc) == ([], [])
        text = mail.subject + "\n" + mail.body
        assert mail.subject == "Ny melding i Drømmeskolen"
        for secret in ("1STA", "Bekymring", "foreldremøte", "Møte", "ressursgruppe", cast.school.name):
            assert secret.lower() not in text.lower(), secret
        for date in (day.isoformat(), f"{day:%d.%m}", f"{day.day}. "):
            assert date not in text, date
        for person in (cast.resource_group_member, cast.resource_group_coordinator):
            assert person.first_name not in text
            assert person.last_name not in text
        assert reverse("programme:wheel") in mail.body  # a link to log in, nothing else
