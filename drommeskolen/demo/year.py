"""The Drømmeskolen year at a demo school, so that the mentor, the resource group and the
fidelity dashboard have something real to show (issue 4).

Per school, from the people `builder.plan_school` made and the årshjul `generate_wheel`
laid out:

- a resource group of seven with a coordinator and two mentor leads (the demo log-in
  «ressursgruppe» is one of them), the readiness check passed and the preparatory roadmap
  steps done;
- last spring's recruitment round (in the school year before, where it ran) with the
  mentors and two applicants who were not chosen, two training days, and the mentors
  assigned two to each new class (8th grade / Vg1), the demo «elevmentor» to the first;
- what has happened so far this year, up to `today`: life-skills sessions delivered by the
  mentors on the årshjul's days (the next one planned), the mentors at their classes'
  parent meetings, activities and meeting places,
  resource-group meetings with minutes, follow-up hours recorded in the class year, and
  hours logged by the group and the mentors;
- Drømmeklassen 1 held in each new class on the årshjul's day, with its closed round
  (answers grouped and voted on, no trace of the phones), the goals on the class poster,
  missions swapped at the follow-up hours, and a class pulse at most hours (counters
  only, as a real pulse leaves them; the last hour's pulse had too few answers to show).

Mostly bulk inserts, so that `make run` stays quick. Everything here is fictional.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from drommeskolen.accounts.models import User
from drommeskolen.classyear import rules as classyear_rules
from drommeskolen.classyear.models import FollowUp, Goal, Mission, MissionStatus, Pulse, PulseReceipt, PulseTally
from drommeskolen.dreamclass import actions as dreamclass_actions
from drommeskolen.dreamclass.models import Answer, Cluster, DreamSession, Part, Round, RoundStatus, SessionKind, Vote
from drommeskolen.mentoring.catalogue import MENTOR_TOPICS, Leader
from drommeskolen.mentoring.models import (
    ActivityKind,
    ActivityLevel,
    Decision,
    LifeSkillsSession,
    Mentor,
    MentorActivity,
    MentorApplication,
    MentorClass,
    ParentMeeting,
    RecruitmentRound,
    SessionStatus,
    TimeEntry,
    TimeKind,
    TrainingDay,
)
from drommeskolen.people.models import Enrolment, Grade, Pupil, RoleKind, SchoolClass
from drommeskolen.programme import actions as programme_actions
from drommeskolen.programme.catalogue import ROADMAP
from drommeskolen.programme.models import (
    EventKind,
    Meeting,
    MeetingTask,
    Position,
    ResourceGroupMember,
    RoadmapStep,
    StepStatus,
    WheelEvent,
)

from . import builder

_DAY = datetime.timedelta(days=1)

MOTIVATIONS = (
    "Jeg husker hvordan det var å være ny, og vil at ingen skal gå alene i friminuttene.",
    "Jeg liker å planlegge aktiviteter og vil at nye elever skal bli kjent fort.",
    "Jeg vil være en trygg person for de nye og hjelpe klassen å bli et godt fellesskap.",
    "Jeg sitter i elevrådet og vil gjøre skolen til et sted der alle hører til.",
)
NOTES = (
    "Rolig og reflektert. Gode eksempler på å inkludere andre.",
    "Engasjert, har ideer til møteplasser. Vil gjerne ha en erfaren mentor med seg.",
    "Trygg og tydelig. Har erfaring som fadder fra idrettslaget.",
)
EVALUATIONS = (
    "Klassen var aktiv og alle fikk si noe. Vi brukte for lang tid på første øvelse.",
    "God stemning. Neste gang deler vi klassen i mindre grupper tidligere.",
    "Mange ville dele. Kontaktlæreren hjalp til med tiden.",
)
MINUTES = (
    "Gikk gjennom årshjulet for måneden og fordelte oppgaver.",
    "Status for Drømmeklassen i de nye klassene. Elevmentorene rapporterte fra samlingene.",
    "Planla neste livsmestringssamling og oppfølgingen av kontaktlærerne.",
)


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() > 4:
        day += _DAY
    return day


def add_demo_year(people: builder.SchoolPeople, today: datetime.date) -> None:
    year = people.year
    staff = people.staff
    coordinator = staff[RoleKind.RESOURCE_GROUP_COORDINATOR][0]
    leads = staff[RoleKind.RESOURCE_GROUP_MEMBER][:2]  # the first is the demo log-in
    transition = [
        (school_class, index)
        for index, school_class in enumerate(people.classes)
        if school_class.grade in (Grade.GRADE_8, Grade.VG1)
    ]
    contact_teacher = {school_class.pk: people.teachers[index] for school_class, index in transition}

    _resource_group(people, coordinator, leads)
    _roadmap(people, today)
    mentors = _recruitment(people, coordinator, leads[0])
    classes = [school_class for school_class, _index in transition]
    by_class = _assign(mentors, classes)
    events = list(WheelEvent.objects.shown().filter(school_year=year).order_by("starts_on", "pk"))
    sessions = _life_skills(events, by_class, today)
    _parent_meetings(events, by_class, today)
    _activities(people, mentors, classes, leads[1], today)
    _meetings(people, events, coordinator, leads, today)
    _follow_ups(events, contact_teacher, today)
    _dream_classes(events, contact_teacher, today)
    _hours(people, coordinator, leads, mentors, sessions, today)


def _resource_group(people: builder.SchoolPeople, coordinator: User, leads: Sequence[User]) -> None:
    staff = people.staff
    pupil_council = people.mentors[-1].user
    assert pupil_council is not None
    rows = [
        (coordinator, Position.TEACHER, "Lektor, koordinator", True, False),
        (staff[RoleKind.LEADERSHIP][0], Position.LEADERSHIP, "Assisterende rektor", False, False),
        (leads[0], Position.TEACHER, "Lektor, mentoransvarlig", False, True),
        (leads[1], Position.TEACHER, "Lektor, mentoransvarlig", False, True),
        (staff[RoleKind.COUNSELLOR][0], Position.COUNSELLOR, "Rådgiver", False, False),
        (staff[RoleKind.SOCIAL_WORKER][0], Position.SOCIAL_WORKER, "Miljøarbeider", False, False),
        (pupil_council, Position.PUPIL_COUNCIL, "Elevrådet", False, False),
    ]
    ResourceGroupMember.objects.bulk_create(
        ResourceGroupMember(
            school=people.school,
            user=user,
            position=position,
            title=title,
            is_coordinator=is_coordinator,
            mentor_lead=mentor_lead,
        )
        for user, position, title, is_coordinator, mentor_lead in rows
    )


def _roadmap(people: builder.SchoolPeople, today: datetime.date) -> None:
    """The half year before the start done (readiness passed), the first weeks under way."""
    programme_actions.ensure_roadmap(school=people.school)
    programme = programme_actions.programme_of(people.school)
    programme.anchored_leadership = programme.anchored_staff = programme.anchored_pupil_council = True
    programme.save()
    steps = {step.key: step for step in RoadmapStep.objects.filter(school=people.school)}
    start = people.year.starts_on
    changed = []
    for definition in ROADMAP:
        step = steps[definition.key]
        if definition.month_offset < 0:
            step.status, step.done_on = StepStatus.DONE, start + datetime.timedelta(days=30 * definition.month_offset)
        elif definition.month_offset == 0 and today >= start:
            step.status = StepStatus.IN_PROGRESS
        else:
            continue
        changed.append(step)
    RoadmapStep.objects.bulk_update(changed, ["status", "done_on"])


def _recruitment(people: builder.SchoolPeople, coordinator: User, lead: User) -> list[Mentor]:
    """Last spring's round, run in the school year before (created here), with the mentors
    who serve this year and two pupils who were not chosen."""
    school, year = people.school, people.year
    spring = year.starts_on.year
    before = builder.create_school_year(school, start_year=spring - 1)
    round = RecruitmentRound.objects.create(
        school=school,
        school_year=before,
        opens_on=datetime.date(spring, 2, 1),
        closes_on=datetime.date(spring, 3, 1),
        created_by=coordinator,
    )
    chosen = {p.pk for p in people.mentors}
    others = [
        p
        for school_class, members in zip(people.classes, people.pupils_by_class, strict=True)
        if school_class.grade in (Grade.GRADE_9, Grade.VG2)
        for p in members
        if p.pk not in chosen and not p.confidential_address
    ][:2]
    decided_at = timezone.make_aware(datetime.datetime(spring, 3, 20, 14))
    applicants: list[tuple[Pupil, str]] = [(p, Decision.SELECTED) for p in people.mentors]
    applicants += [(p, Decision.NOT_SELECTED) for p in others]
    MentorApplication.objects.bulk_create(
        MentorApplication(
            round=round,
            pupil=pupil,
            motivation=MOTIVATIONS[n % len(MOTIVATIONS)],
            on_pupil_council=n % 3 == 0,
            interview_notes=NOTES[n % len(NOTES)],
            decision=decision,
            decided_at=decided_at,
            decided_by=lead,
        )
        for n, (pupil, decision) in enumerate(applicants)
    )
    MentorApplication.objects.filter(round=round).update(
        submitted_at=timezone.make_aware(datetime.datetime(spring, 2, 20, 12))
    )
    mentors = Mentor.objects.bulk_create(Mentor(school=school, pupil=pupil, round=round) for pupil in people.mentors)
    for number, month_day in ((1, (5, 10)), (2, (5, 11))):
        day = TrainingDay.objects.create(
            round=round, number=number, held_on=_weekday_on_or_after(datetime.date(spring, *month_day))
        )
        # One mentor was ill on the second day.
        day.attendees.set(mentors if number == 1 else mentors[:-1])
    return mentors


def _assign(mentors: Sequence[Mentor], classes: Sequence[SchoolClass]) -> dict[int, list[Mentor]]:
    """Two mentors to each new class, in order: the demo mentor (the first) to the first."""
    by_class: dict[int, list[Mentor]] = {c.pk: [] for c in classes}
    if not classes:
        return by_class
    for n, mentor in enumerate(mentors):
        by_class[classes[(n // 2) % len(classes)].pk].append(mentor)
    MentorClass.objects.bulk_create(
        MentorClass(mentor=mentor, school_class_id=class_id) for class_id, found in by_class.items() for mentor in found
    )
    return by_class


def _life_skills(
    events: Sequence[WheelEvent], by_class: dict[int, list[Mentor]], today: datetime.date
) -> list[LifeSkillsSession]:
    """The mentor-led sessions delivered on the årshjul's days gone by (one class in three
    is a session behind) and the next one planned."""
    topic_of = {f"{n}": topic.key for n, topic in enumerate(MENTOR_TOPICS, start=1)}
    sessions: list[LifeSkillsSession] = []
    leaders: list[list[Mentor]] = []
    order = {class_id: n for n, class_id in enumerate(by_class)}
    for class_id, mentors in by_class.items():
        slots = [e for e in events if e.kind == EventKind.LIFE_SKILLS and e.school_class_id == class_id]
        past = [e for e in slots if e.starts_on < today]
        if order[class_id] % 3 == 2 and past:
            past = past[:-1]  # behind: the latest is still to be held
        for event in slots:
            topic = topic_of.get(event.model_key.rsplit(":", 1)[-1])
            if topic is None:
                continue
            user = mentors[0].pupil.user if mentors else None
            if event in past:
                sessions.append(
                    LifeSkillsSession(
                        school_id=event.school_id,
                        school_class_id=class_id,
                        topic=topic,
                        status=SessionStatus.DELIVERED,
                        planned_on=event.starts_on,
                        delivered_on=event.starts_on,
                        led_by=Leader.MENTORS,
                        evaluation=EVALUATIONS[len(sessions) % len(EVALUATIONS)],
                        logged_by=user,
                    )
                )
                leaders.append(list(mentors))
            else:
                sessions.append(
                    LifeSkillsSession(
                        school_id=event.school_id,
                        school_class_id=class_id,
                        topic=topic,
                        planned_on=max(event.starts_on, today),
                        led_by=Leader.MENTORS,
                        logged_by=user,
                    )
                )
                leaders.append([])
                break  # the next one is planned, the rest are in the årshjul
    created = LifeSkillsSession.objects.bulk_create(sessions)
    through = LifeSkillsSession.mentors.through
    through.objects.bulk_create(
        through(lifeskillssession_id=session.pk, mentor_id=mentor.pk)
        for session, found in zip(created, leaders, strict=True)
        for mentor in found
    )
    return [s for s in created if s.status == SessionStatus.DELIVERED]


def _parent_meetings(events: Sequence[WheelEvent], by_class: dict[int, list[Mentor]], today: datetime.date) -> None:
    """The mentors took part in their class's parent meeting once its day has passed."""
    ParentMeeting.objects.bulk_create(
        ParentMeeting(mentor=mentor, school_class_id=event.school_class_id, held_on=event.starts_on)
        for event in events
        if event.kind == EventKind.PARENT_MEETING and event.starts_on < today and event.school_class_id in by_class
        for mentor in by_class[event.school_class_id]
    )


def _activities(
    people: builder.SchoolPeople,
    mentors: Sequence[Mentor],
    classes: Sequence[SchoolClass],
    logged_by: User,
    today: datetime.date,
) -> None:
    start = people.year.starts_on
    grade = classes[0].grade if classes else None
    plans = [
        (start, ActivityKind.ACTIVITY, "Velkomstdag for nye elever", ActivityLevel.SCHOOL, None, None, 180),
        (
            start + datetime.timedelta(days=23),
            ActivityKind.MEETING_PLACE,
            "Spillkveld i kantina",
            ActivityLevel.GRADE,
            None,
            grade,
            46,
        ),
        (
            start + datetime.timedelta(days=45),
            ActivityKind.MEETING_PLACE,
            "Lunsjtreff",
            ActivityLevel.CLASS,
            classes[0] if classes else None,
            None,
            19,
        ),
        (
            start + datetime.timedelta(days=80),
            ActivityKind.ACTIVITY,
            "Aktivitetsdag ute",
            ActivityLevel.GRADE,
            None,
            grade,
            52,
        ),
    ]
    done = [p for p in plans if p[0] <= today]
    activities = MentorActivity.objects.bulk_create(
        MentorActivity(
            school=people.school,
            held_on=held_on,
            kind=kind,
            title=title,
            level=level,
            school_class=school_class,
            grade=activity_grade,
            participants=participants,
            logged_by=logged_by,
        )
        for held_on, kind, title, level, school_class, activity_grade, participants in done
    )
    through = MentorActivity.mentors.through
    through.objects.bulk_create(
        through(mentoractivity_id=activity.pk, mentor_id=mentor.pk)
        for n, activity in enumerate(activities)
        for mentor in mentors[2 * n : 2 * n + 3]
    )


def _meetings(
    people: builder.SchoolPeople,
    events: Sequence[WheelEvent],
    coordinator: User,
    leads: Sequence[User],
    today: datetime.date,
) -> None:
    """The monthly meetings of the årshjul held so far, with minutes (the latest with a task
    still open)."""
    held = [e.starts_on for e in events if e.kind == EventKind.RESOURCE_GROUP_MEETING and e.starts_on <= today]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            school=people.school,
            held_on=day,
            agenda="Årshjulet denne måneden\nDrømmeklassen og livsmestring\nElevmentorene",
            minutes=MINUTES[n % len(MINUTES)],
            decisions="Koordinator sender oppsummering til personalet.",
            created_by=coordinator,
        )
        for n, day in enumerate(held)
    )
    if meetings:
        MeetingTask.objects.create(
            meeting=meetings[-1],
            school=people.school,
            title="Avtale tid for neste samling med kontaktlærerne",
            assignee=leads[0],
            due_on=meetings[-1].held_on + datetime.timedelta(days=14),
        )


def _follow_ups(events: Sequence[WheelEvent], contact_teacher: dict[int, User], today: datetime.date) -> None:
    """The contact teachers' follow-up hours on the årshjul's days gone by (one in four
    missed, so the dashboard has something to point at)."""
    hours = [
        (e.school_class_id, e.starts_on)
        for e in events
        if e.kind == EventKind.FOLLOW_UP_HOUR and e.starts_on < today and e.school_class_id is not None
    ]
    FollowUp.objects.bulk_create(
        FollowUp(school_class_id=class_id, held_on=day, led_by=contact_teacher[class_id])
        for n, (class_id, day) in enumerate(hours)
        if n % 4 != 3 and class_id in contact_teacher
    )


# DK1's goal round: (cluster title, its answers, its votes).
DK1_ROUND = (
    (
        "Alle blir inkludert",
        ("Ingen skal gå alene i friminuttet", "Inkludere alle i leken", "Spør om andre vil være med"),
        31,
    ),
    ("Ro i timene", ("Arbeidsro når vi jobber", "Ikke snakke i munnen på hverandre"), 22),
    ("Vi hilser på hverandre", ("Si hei om morgenen", "Smile til de nye"), 17),
    ("Vi hjelper hverandre", ("Hjelpe hverandre med lekser", "Forklare når noen ikke skjønner"), 12),
)
MISSIONS = (
    ("Spis lunsj med en du ikke kjenner så godt", "Si hei til alle i klassen om morgenen"),
    ("Inviter noen nye med i friminuttet", "Rekk opp hånda og vent på tur"),
    ("Gi en medelev et kompliment", "Hjelp noen som står fast"),
)
PULSE_MEANS = (3.6, 3.9, 4.1, 3.8, 4.2, 4.0)


def _dream_classes(events: Sequence[WheelEvent], contact_teacher: dict[int, User], today: datetime.date) -> None:
    """DK1 held in each new class whose årshjul day has passed, its goals on the poster,
    missions per follow-up period and a class pulse at the hours held."""
    dk1_days = {
        e.school_class_id: e.starts_on
        for e in events
        if e.kind == EventKind.DK1 and e.starts_on < today and e.school_class_id in contact_teacher
    }
    classes = SchoolClass.objects.in_bulk(dk1_days)
    for class_id, day in dk1_days.items():
        teacher = contact_teacher[class_id]
        session = DreamSession.objects.create(
            school=classes[class_id].school,
            school_class_id=class_id,
            kind=SessionKind.DK1,
            held_on=day,
            created_by=teacher,
        )
        voice_round = Round.objects.create(
            session=session,
            part=Part.GOALS,
            question="Hva er viktig for at alle skal ha det bra i klassen vår?",
            status=RoundStatus.CLOSED,
            code=dreamclass_actions.new_code(),
            code_expires_at=timezone.now() - datetime.timedelta(days=1),
            salt="",
            created_by=teacher,
        )
        for position, (title, texts, votes) in enumerate(DK1_ROUND, start=1):
            cluster = Cluster.objects.create(round=voice_round, title=title, position=position)
            Answer.objects.bulk_create(Answer(round=voice_round, text=t, cluster=cluster) for t in texts)
            Vote.objects.bulk_create(Vote(round=voice_round, cluster=cluster) for _ in range(votes))
        Goal.objects.bulk_create(
            Goal(school_class_id=class_id, term=1, text=title, position=n, from_dream_class=True, created_by=teacher)
            for n, (title, _texts, _votes) in enumerate(DK1_ROUND[:3], start=1)
        )
        hours = list(
            FollowUp.objects.filter(school_class_id=class_id, held_on__gte=day)
            .order_by("held_on")
            .values_list("pk", "held_on")
        )
        _missions(class_id, teacher, [day, *[held for _pk, held in hours]])
        _pulses(classes[class_id], hours)


def _missions(class_id: int, teacher: User, starts: Sequence[datetime.date]) -> None:
    """Two missions per period; every period but the current one reviewed."""
    statuses = (MissionStatus.DONE, MissionStatus.PARTLY, MissionStatus.DONE, MissionStatus.NOT_YET)
    Mission.objects.bulk_create(
        Mission(
            school_class_id=class_id,
            starts_on=start,
            text=text,
            position=position,
            status=MissionStatus.OPEN if n == len(starts) - 1 else statuses[(n + position) % len(statuses)],
            created_by=teacher,
        )
        for n, start in enumerate(starts)
        for position, text in enumerate(MISSIONS[n % len(MISSIONS)], start=1)
    )


def _pulses(school_class: SchoolClass, hours: Sequence[tuple[int, datetime.date]]) -> None:
    """A pulse at every hour held: most of the class answers; the last one had too few."""
    pupils = list(Enrolment.objects.filter(school_class=school_class).values_list("pupil_id", flat=True))
    for n, (follow_up_id, _held_on) in enumerate(hours):
        last = n == len(hours) - 1
        answering = pupils[: max(settings.ANONYMITY_THRESHOLD - 1, 1)] if last else pupils[: len(pupils) - n % 3]
        mean = PULSE_MEANS[n % len(PULSE_MEANS)]
        counts = {q: dict.fromkeys(classyear_rules.SCORES, 0) for q in classyear_rules.QUESTIONS}
        for i, _pupil in enumerate(answering):
            for q_index, question in enumerate(classyear_rules.QUESTIONS):
                # Spread around the mean: -1, 0, 0, +1, ... (deterministic).
                score = round(mean + (-1, 0, 0, 1, 0)[(i + q_index) % 5] * 0.9)
                counts[question][min(5, max(1, score))] += 1
        summary = classyear_rules.summarise(counts, threshold=settings.ANONYMITY_THRESHOLD)
        pulse = Pulse.objects.create(
            follow_up_id=follow_up_id,
            school_class=school_class,
            closed_at=timezone.now(),
            average=summary.overall if summary else None,
        )
        PulseTally.objects.bulk_create(
            PulseTally(pulse=pulse, question=q, score=score, count=counts[q][score])
            for q in classyear_rules.QUESTIONS
            for score in classyear_rules.SCORES
        )
        PulseReceipt.objects.bulk_create(PulseReceipt(pulse=pulse, pupil_id=pupil) for pupil in answering)


def _hours(
    people: builder.SchoolPeople,
    coordinator: User,
    leads: Sequence[User],
    mentors: Sequence[Mentor],
    sessions: Sequence[LifeSkillsSession],
    today: datetime.date,
) -> None:
    """Hours logged: the coordinator and the mentor leads every other week so far, and two
    hours per mentor for each session they led."""
    entries = []
    day = people.year.starts_on
    while day <= min(today, people.year.ends_on):
        entries.append(
            TimeEntry(
                school=people.school,
                worked_on=day,
                kind=TimeKind.RESOURCE_GROUP,
                hours=Decimal(3),
                logged_by=coordinator,
            )
        )
        entries.append(
            TimeEntry(
                school=people.school,
                worked_on=day,
                kind=TimeKind.MENTOR_FOLLOW_UP,
                hours=Decimal("1.5"),
                logged_by=leads[0],
            )
        )
        day += datetime.timedelta(days=14)
    by_class: dict[int, list[Mentor]] = {}
    for assignment in MentorClass.objects.filter(mentor__in=mentors):
        by_class.setdefault(assignment.school_class_id, []).append(
            next(m for m in mentors if m.pk == assignment.mentor_id)
        )
    for session in sessions:
        assert session.delivered_on is not None
        for mentor in by_class.get(session.school_class_id, []):
            entries.append(
                TimeEntry(
                    school=people.school,
                    worked_on=session.delivered_on,
                    kind=TimeKind.LIFE_SKILLS,
                    hours=Decimal(2),
                    note="Forberedelse og samling",
                    mentor=mentor,
                    logged_by=leads[1],
                )
            )
    TimeEntry.objects.bulk_create(entries)
