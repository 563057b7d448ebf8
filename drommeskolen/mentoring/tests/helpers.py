"""Small builders for the mentoring tests: everything goes through the actions."""

import datetime

from django.utils import timezone

from drommeskolen.mentoring import actions
from drommeskolen.mentoring.models import Decision, Mentor, RecruitmentRound


def open_round(cast, *, days_left: int = 14) -> RecruitmentRound:
    today = timezone.localdate()
    return actions.open_recruitment_round(
        acting_user=cast.resource_group_coordinator,
        school_year=cast.year,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=days_left),
    )


def make_mentor(cast, pupil, round=None) -> Mentor:
    round = round or RecruitmentRound.objects.filter(school_year=cast.year).first() or open_round(cast)
    application = actions.apply_as_mentor(pupil=pupil, round=round, motivation="Jeg liker folk.", on_pupil_council=True)
    actions.decide_application(
        acting_user=cast.principal, application=application, decision=Decision.SELECTED, interview_notes=""
    )
    return Mentor.objects.get(round=round, pupil=pupil)
