"""Every write for mentors, life-skills sessions and time use: keyword-only, one transaction."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Pupil, Role, RoleKind, SchoolClass

from . import ratings
from .catalogue import BY_KEY, Leader, topics_for_grade
from .models import (
    Decision,
    LifeSkillsSession,
    Material,
    Mentor,
    MentorActivity,
    MentorApplication,
    MentorClass,
    ParentMeeting,
    RatingReceipt,
    RatingTally,
    RecruitmentRound,
    SessionStatus,
    TimeEntry,
    TrainingDay,
)


@transaction.atomic
def open_recruitment_round(
    *, acting_user: Any, school_year: SchoolYear, opens_on: datetime.date, closes_on: datetime.date
) -> RecruitmentRound:
    if closes_on < opens_on:
        raise ValidationError(_("Søknadsfristen må være etter at søknaden åpner."))
    if RecruitmentRound.objects.filter(school_year=school_year).exists():
        raise ValidationError(_("Det finnes allerede en rekrutteringsrunde dette skoleåret."))
    return RecruitmentRound.objects.create(
        school=school_year.school,
        school_year=school_year,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=acting_user,
    )


@transaction.atomic
def apply_as_mentor(
    *, pupil: Pupil, round: RecruitmentRound, motivation: str, on_pupil_council: bool
) -> MentorApplication:
    today = timezone.localdate()
    if not round.opens_on <= today <= round.closes_on:
        raise ValidationError(_("Søknaden er ikke åpen nå."))
    if MentorApplication.objects.filter(round=round, pupil=pupil).exists():
        raise ValidationError(_("Du har allerede søkt."))
    return MentorApplication.objects.create(
        round=round, pupil=pupil, motivation=motivation, on_pupil_council=on_pupil_council
    )


@transaction.atomic
def decide_application(
    *, acting_user: Any, application: MentorApplication, decision: str, interview_notes: str | None = None
) -> MentorApplication:
    """Record the decision and, from a mentor lead, the interview notes (None leaves them as
    they are: the principal and the coordinator decide without seeing them). Selecting makes
    the pupil a mentor; undoing a selection removes the mentor again unless they already
    have classes."""
    if interview_notes is not None:
        application.interview_notes = interview_notes
    if decision != application.decision:
        application.decision = decision
        application.decided_at = timezone.now() if decision != Decision.PENDING else None
        application.decided_by = acting_user if decision != Decision.PENDING else None
    application.save()
    mentor = Mentor.objects.filter(round=application.round, pupil=application.pupil).first()
    if decision == Decision.SELECTED and mentor is None:
        Mentor.objects.create(school=application.round.school, pupil=application.pupil, round=application.round)
    elif decision != Decision.SELECTED and mentor is not None:
        if mentor.assignments.exists():
            raise ValidationError(_("Eleven er allerede tildelt mentorklasser. Fjern dem først."))
        mentor.delete()
    return application


@transaction.atomic
def record_training_day(
    *, round: RecruitmentRound, number: int, held_on: datetime.date, attendees: Sequence[Mentor]
) -> TrainingDay:
    if any(mentor.round_id != round.pk for mentor in attendees):
        raise ValidationError(_("Bare mentorer fra denne runden kan krysses av."))
    day, _created = TrainingDay.objects.update_or_create(round=round, number=number, defaults={"held_on": held_on})
    day.attendees.set(attendees)
    return day


@transaction.atomic
def assign_mentor_class(*, mentor: Mentor, school_class: SchoolClass) -> MentorClass:
    """Give the mentor a class. A pupil with an account gets the mentor role for the class's
    school year, so the mentor page follows them into the year they serve."""
    if school_class.school_id != mentor.school_id:
        raise ValidationError(_("Klassen hører til en annen skole."))
    assignment, _created = MentorClass.objects.get_or_create(mentor=mentor, school_class=school_class)
    user_id = Pupil.objects.filter(pk=mentor.pupil_id).values_list("user_id", flat=True).first()
    if user_id is not None:
        Role.objects.get_or_create(
            user_id=user_id,
            kind=RoleKind.PUPIL_MENTOR,
            school_id=mentor.school_id,
            school_year_id=school_class.school_year_id,
        )
    return assignment


@transaction.atomic
def unassign_mentor_class(*, mentor: Mentor, school_class: SchoolClass) -> None:
    MentorClass.objects.filter(mentor=mentor, school_class=school_class).delete()


@transaction.atomic
def record_parent_meeting(*, mentor: Mentor, school_class: SchoolClass, held_on: datetime.date) -> ParentMeeting:
    if not mentor.assignments.filter(school_class=school_class).exists():
        raise ValidationError(_("Velg en av mentorens egne klasser."))
    meeting, _created = ParentMeeting.objects.get_or_create(mentor=mentor, school_class=school_class, held_on=held_on)
    return meeting


@transaction.atomic
def log_mentor_activity(
    *,
    acting_user: Any,
    school: School,
    held_on: datetime.date,
    kind: str,
    title: str,
    level: str,
    participants: int,
    mentors: Sequence[Mentor],
    school_class: SchoolClass | None = None,
    grade: int | None = None,
) -> MentorActivity:
    activity = MentorActivity.objects.create(
        school=school,
        held_on=held_on,
        kind=kind,
        title=title,
        level=level,
        school_class=school_class if level == "class" else None,
        grade=grade if level == "grade" else None,
        participants=participants,
        logged_by=acting_user,
    )
    activity.mentors.set(mentors)
    return activity


def _check_topic(school_class: SchoolClass, topic: str) -> None:
    if BY_KEY.get(topic) not in topics_for_grade(school_class.grade):
        raise ValidationError(_("Denne samlingen hører ikke til klassens trinn."))


@transaction.atomic
def plan_session(
    *, acting_user: Any, school_class: SchoolClass, topic: str, planned_on: datetime.date | None
) -> LifeSkillsSession:
    _check_topic(school_class, topic)
    session, created = LifeSkillsSession.objects.get_or_create(
        school_class=school_class,
        topic=topic,
        defaults={
            "school_id": school_class.school_id,
            "planned_on": planned_on,
            "led_by": BY_KEY[topic].led_by,
            "logged_by": acting_user,
        },
    )
    if not created and session.status == SessionStatus.PLANNED:
        session.planned_on = planned_on
        session.logged_by = acting_user
        session.save(update_fields=["planned_on", "logged_by", "updated_at"])
    return session


@transaction.atomic
def log_session_delivery(
    *,
    acting_user: Any,
    school_class: SchoolClass,
    topic: str,
    delivered_on: datetime.date,
    led_by: str,
    evaluation: str = "",
    mentors: Sequence[Mentor] = (),
) -> LifeSkillsSession:
    """The delivery log: the session took place (planned or not). A teacher-led session
    records the logging staff member as its teacher; a mentor-led one the mentors who led
    it, all of them assigned to the class."""
    _check_topic(school_class, topic)
    if delivered_on > timezone.localdate():
        raise ValidationError(_("Datoen kan ikke være fram i tid."))
    if led_by == Leader.MENTORS and mentors:
        assigned = set(
            MentorClass.objects.filter(school_class=school_class, mentor__in=mentors).values_list(
                "mentor_id", flat=True
            )
        )
        if any(mentor.pk not in assigned for mentor in mentors):
            raise ValidationError(_("Bare klassens egne elevmentorer kan føres opp."))
    session, _created = LifeSkillsSession.objects.get_or_create(
        school_class=school_class,
        topic=topic,
        defaults={"school_id": school_class.school_id, "led_by": led_by},
    )
    session.status = SessionStatus.DELIVERED
    session.delivered_on = delivered_on
    session.led_by = led_by
    session.evaluation = evaluation
    session.logged_by = acting_user
    session.teacher = acting_user if led_by == Leader.TEACHER else None
    session.save()
    session.mentors.set(mentors if led_by == Leader.MENTORS else [])
    return session


@transaction.atomic
def rate_session(*, pupil: Pupil, session: LifeSkillsSession, score: int) -> None:
    """One anonymous rating per pupil: the receipt says who has rated, and the rating only
    adds one to a counter (see RatingTally), in the same transaction. No rating row is
    ever written."""
    if session.status != SessionStatus.DELIVERED:
        raise ValidationError(_("Samlingen er ikke gjennomført ennå."))
    if score not in range(1, 6):
        raise ValidationError(_("Velg et tall fra 1 til 5."))
    try:
        with transaction.atomic():
            RatingReceipt.objects.create(session=session, pupil=pupil)
    except IntegrityError:
        raise ValidationError(_("Du har allerede vurdert denne samlingen.")) from None
    # One statement rewrites all five counters (adding 0 to the others), so every row
    # carries the same transaction; F() queues concurrent ratings on the row locks.
    increment = F("count") + Case(When(score=score, then=Value(1)), default=Value(0))
    if not RatingTally.objects.filter(session=session).update(count=increment):
        RatingTally.objects.bulk_create(
            [RatingTally(session=session, score=s) for s in ratings.SCORES], ignore_conflicts=True
        )
        RatingTally.objects.filter(session=session).update(count=increment)


def rating_counts(session: LifeSkillsSession) -> dict[int, int]:
    """The session's counters: score → how many gave it (one query)."""
    counts = dict.fromkeys(ratings.SCORES, 0)
    counts.update(RatingTally.objects.filter(session=session).values_list("score", "count"))
    return counts


@transaction.atomic
def add_material(
    *,
    acting_user: Any,
    school: School,
    topic: str,
    title: str,
    url: str = "",
    file_name: str = "",
    content_type: str = "",
    content: bytes | None = None,
) -> Material:
    if bool(url) == (content is not None):
        raise ValidationError(_("Legg ved enten en fil eller en lenke."))
    return Material.objects.create(
        school=school,
        topic=topic,
        title=title,
        url=url,
        file_name=file_name,
        content_type=content_type,
        content=content,
        added_by=acting_user,
    )


@transaction.atomic
def log_time(
    *,
    acting_user: Any,
    school: School,
    worked_on: datetime.date,
    kind: str,
    hours: Decimal,
    note: str = "",
    mentor: Mentor | None = None,
) -> TimeEntry:
    return TimeEntry.objects.create(
        school=school, worked_on=worked_on, kind=kind, hours=hours, note=note, mentor=mentor, logged_by=acting_user
    )
