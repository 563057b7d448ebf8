"""Django side of bench/dreamclass_load.py: make a class, its contact teacher and a running
round (`setup`), and count what the database holds afterwards (`verify`). Prints JSON."""

import argparse
import datetime
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from drommeskolen.accounts.models import PrivacyTraining, User  # noqa: E402
from drommeskolen.core.models import OwnerKind, School, SchoolLevel, SchoolOwner, SchoolYear  # noqa: E402
from drommeskolen.dreamclass import actions  # noqa: E402
from drommeskolen.dreamclass.models import Answer, Cluster, Participant, Round, SessionKind, Vote  # noqa: E402
from drommeskolen.people.models import (  # noqa: E402
    Enrolment,
    Grade,
    Pupil,
    Role,
    RoleKind,
    SchoolClass,
    StaffMember,
)

OWNER = "Benchmark Drømmeklassen kommune"
EMAIL = "dreamclass-leader@bench.invalid"


def setup(args: argparse.Namespace) -> dict[str, Any]:
    owner, _ = SchoolOwner.objects.get_or_create(
        organisation_number="999000111", defaults={"name": OWNER, "kind": OwnerKind.MUNICIPALITY}
    )
    school, _ = School.objects.get_or_create(
        organisation_number="999000112",
        defaults={"owner": owner, "name": "Drømmeklassen benchmark skole", "level": SchoolLevel.LOWER_SECONDARY},
    )
    today = datetime.date.today()
    starts_on = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 15)
    year, _ = SchoolYear.objects.get_or_create(
        school=school,
        starts_on=starts_on,
        defaults={
            "term2_starts_on": datetime.date(starts_on.year + 1, 1, 3),
            "ends_on": datetime.date(starts_on.year + 1, 6, 20),
        },
    )
    school_class, _ = SchoolClass.objects.get_or_create(
        school_year=year, name="8BENCH", defaults={"school": school, "grade": Grade.GRADE_8}
    )
    # The class's pupils: a round takes as many phones as the class has pupils (and a few more).
    for number in range(args.pupils):
        pupil, _ = Pupil.objects.get_or_create(
            school=school,
            external_id=f"DKBENCH{number:03d}",
            defaults={"first_name": "Elev", "last_name": f"{number:03d}", "birth_date": datetime.date(2013, 1, 1)},
        )
        Enrolment.objects.get_or_create(pupil=pupil, school_class=school_class)
    password = secrets.token_urlsafe(18)
    user, _ = User.objects.get_or_create(email=EMAIL, defaults={"first_name": "Bench", "last_name": "Leder"})
    user.set_password(password)
    user.save()
    StaffMember.objects.get_or_create(school=school, user=user, defaults={"external_id": "DKBENCH"})
    Role.objects.get_or_create(
        user=user, kind=RoleKind.CONTACT_TEACHER, school=school, school_year=year, school_class=school_class
    )
    if not user.privacy_trainings.exists():
        PrivacyTraining.objects.create(user=user, completed_on=today, course="Personvern i skolen", recorded_by=user)
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    session = actions.start_session(acting_user=user, school_class=school_class, kind=SessionKind.DK1)
    voice_round = actions.start_round(
        acting_user=user,
        session=session,
        question="Hva er viktig for et godt læringsmiljø i klassen vår?",
        answers_per_pupil=args.answers,
        votes_per_pupil=args.votes,
    )
    return {
        "email": EMAIL,
        "password": password,
        "totp_secret": secret,
        "round": str(voice_round.uuid),
        "code": voice_round.code,
        "database": connection.vendor,
    }


def verify(args: argparse.Namespace) -> dict[str, Any]:
    voice_round = Round.objects.get(uuid=args.round)
    texts = list(Answer.objects.filter(round=voice_round).values_list("text", flat=True))
    votes = {
        str(key): n
        for key, n in Cluster.objects.filter(round=voice_round).annotate(n=Count("votes")).values_list("uuid", "n")
    }
    return {
        "answers": texts,
        "votes_by_cluster": votes,
        "votes_total": Vote.objects.filter(round=voice_round).count(),
        "participants": Participant.objects.filter(round=voice_round).count(),
        "status": voice_round.status,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("setup")
    made.add_argument("--answers", type=int, default=3)
    made.add_argument("--votes", type=int, default=3)
    made.add_argument("--pupils", type=int, default=30)
    check = commands.add_parser("verify")
    check.add_argument("--round", required=True)
    args = parser.parse_args()
    print(json.dumps(setup(args) if args.command == "setup" else verify(args)))


if __name__ == "__main__":
    main()
