"""The Django side of the benchmark, run by run_bench.py in its own process.

`setup`: generate the county data if the owner is missing, then (re)create the benchmark
staff users — principal and contact teacher at the largest school, with privacy training,
a password and a TOTP authenticator whose secret is handed back — and choose the classes,
pupils and search words the load will ask for. Prints one JSON object.

`queries`: count the SQL queries behind each page once, through Django's test client
(`force_login` needs no password or code), and print them as JSON. The load itself goes
over HTTP to gunicorn; this is only the explanation of what each request costs.
"""

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
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from drommeskolen.accounts.models import PrivacyTraining, User  # noqa: E402
from drommeskolen.core.models import AccessLogEntry, School, SchoolOwner  # noqa: E402
from drommeskolen.people.models import (  # noqa: E402
    Enrolment,
    Guardian,
    Pupil,
    Role,
    RoleKind,
    SchoolClass,
    StaffMember,
)

BENCH_DOMAIN = "bench.test"
# Words staff type into the pupil search: common surnames and first names, a class name,
# and a short fragment ("sen") that matches a large share of pupils and fills the page.
SEARCHES = ("Hansen", "Nora", "Berg", "Jakob", "sen", "1STA", "Emma Lie")


def bench_school(owner: SchoolOwner) -> School:
    school = (
        School.objects.filter(owner=owner).annotate(pupil_count=Count("pupils")).order_by("-pupil_count", "pk").first()
    )
    assert school is not None
    return school


def setup(args: argparse.Namespace) -> dict[str, Any]:
    owner = SchoolOwner.objects.filter(name=args.owner_name).first()
    generated = False
    if owner is None:
        call_command(
            "generate_county",
            schools=args.schools,
            pupils=args.pupils,
            owner_name=args.owner_name,
            skip_checks=True,
            stdout=sys.stderr,
        )
        owner = SchoolOwner.objects.get(name=args.owner_name)
        generated = True
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as a database that has lived with its data would have
        # (bulk-loaded tables are otherwise planned from stale estimates until autovacuum runs).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    school = bench_school(owner)
    year = school.current_year()
    assert year is not None
    classes = list(SchoolClass.objects.filter(school=school, school_year=year).order_by("grade", "name"))

    password = secrets.token_urlsafe(18)
    password_hash = make_password(password)  # Argon2 once, shared by the benchmark users
    users = []
    for index in range(args.users):
        email = f"bench{index + 1}@{BENCH_DOMAIN}"
        user, _created = User.objects.get_or_create(
            email=email, defaults={"first_name": "Bench", "last_name": str(index + 1)}
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        # Only this school: a second one would bring the school switcher and another context.
        Role.objects.filter(user=user).exclude(school=school, school_year=year).delete()
        StaffMember.objects.filter(user=user).exclude(school=school).delete()
        StaffMember.objects.get_or_create(
            school=school, user=user, defaults={"external_id": f"BENCH{index + 1}", "position": "Rektor"}
        )
        Role.objects.get_or_create(user=user, kind=RoleKind.PRINCIPAL, school=school, school_year=year)
        Role.objects.get_or_create(
            user=user,
            kind=RoleKind.CONTACT_TEACHER,
            school=school,
            school_year=year,
            school_class=classes[index % len(classes)],
        )
        if not user.privacy_trainings.exists():
            PrivacyTraining.objects.create(
                user=user, completed_on=datetime.date.today(), course="Personvern i skolen", recorded_by=user
            )
        Authenticator.objects.filter(user=user).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        users.append({"email": email, "password": password, "totp_secret": secret})

    pupils = Pupil.objects.filter(school=school, enrolments__school_class__school_year=year).order_by("uuid")
    return {
        "generated": generated,
        "owner": owner.name,
        "school": school.name,
        "users": users,
        "classes": [str(c.uuid) for c in classes[: args.targets]],
        "pupils": [str(uuid) for uuid in pupils.values_list("uuid", flat=True)[: args.targets]],
        "searches": list(SEARCHES),
        "data": {
            "schools": School.objects.count(),
            "classes": SchoolClass.objects.count(),
            "pupils": Pupil.objects.count(),
            "enrolments": Enrolment.objects.count(),
            "guardians": Guardian.objects.count(),
            "users": User.objects.count(),
            "roles": Role.objects.count(),
            "access_log_entries": AccessLogEntry.objects.count(),
            "bench_school_pupils": Pupil.objects.filter(school=school).count(),
            "bench_school_classes": len(classes),
            "bench_school_staff": StaffMember.objects.filter(school=school).count(),
        },
        "database": connection.vendor,
        "database_version": _database_version(),
    }


def _database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0])


def queries(args: argparse.Namespace) -> dict[str, Any]:
    """SQL queries per page for the first benchmark user, with the statements themselves."""
    paths: dict[str, str] = json.loads(args.paths)
    user = User.objects.get(email=f"bench1@{BENCH_DOMAIN}")
    logged_in, anonymous = Client(), Client()
    logged_in.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    result: dict[str, Any] = {}
    for name, path in paths.items():
        # The health check is probed without a session, as a load balancer does.
        client = anonymous if path == "/helse/" else logged_in
        client.get(path)  # warm caches (content types, sites) as a running server has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        result[name] = {
            "status": response.status_code,
            "count": len(captured.captured_queries),
            "sql": [{"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]} for q in captured.captured_queries],
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup")
    p_setup.add_argument("--owner-name", required=True)
    p_setup.add_argument("--schools", type=int, required=True)
    p_setup.add_argument("--pupils", type=int, required=True)
    p_setup.add_argument("--users", type=int, default=8)
    p_setup.add_argument("--targets", type=int, default=50)
    p_queries = sub.add_parser("queries")
    p_queries.add_argument("--paths", required=True, help="JSON object: page name → path")
    args = parser.parse_args()
    output = setup(args) if args.command == "setup" else queries(args)
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
