"""Helpers for the roster-import tests: a principal at a fresh school, and file builders."""

import csv
import html
import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School, SchoolLevel, SchoolYear
from drommeskolen.people.models import (
    Enrolment,
    Grade,
    Guardian,
    GuardianRelation,
    Pupil,
    Role,
    RoleKind,
    SchoolClass,
    StaffMember,
)
from drommeskolen.rosters.models import RosterImport
from tests.factories import (
    RoleFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
    make_ready_for_sensitive_data,
)

PUPIL_HEADER = [
    "elev_id",
    "fornavn",
    "etternavn",
    "fødselsdato",
    "kjønn",
    "klasse",
    "fortrolig_adresse",
    "feide_id",
    "e-post",
]


@dataclass
class Admin:
    school: School
    year: SchoolYear
    user: User


@pytest.fixture
def admin(db: Any) -> Admin:
    """The principal of a fresh upper-secondary school with two Vg1 classes, 1STA and 1STB."""
    school = SchoolFactory(level=SchoolLevel.UPPER_SECONDARY)
    year = SchoolYearFactory(school=school)
    user = make_ready_for_sensitive_data(UserFactory())
    StaffMemberFactory(school=school, user=user)
    RoleFactory(user=user, kind=RoleKind.PRINCIPAL, school=school, school_year=year)
    SchoolClassFactory(school_year=year, name="1STA", grade=Grade.VG1)
    SchoolClassFactory(school_year=year, name="1STB", grade=Grade.VG1)
    return Admin(school=school, year=year, user=user)


@pytest.fixture
def admin_client(client: Any, admin: Admin) -> Any:
    client.force_login(admin.user)
    return client


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def pupil_rows(count: int, *, klasse: str = "1STA", start: int = 1) -> list[list[str]]:
    return [
        [f"E{n}", f"Elev{n}", "Nordmann", "14.03.2010", "", klasse, "", "", ""] for n in range(start, start + count)
    ]


def upload(client: Any, kind: str, data: bytes, name: str = "fil.csv") -> Any:
    return client.post(reverse("rosters:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)})


def upload_and_confirm(client: Any, kind: str, data: bytes, name: str = "fil.csv") -> RosterImport:
    response = upload(client, kind, data, name)
    assert response.status_code == 302, errors_shown(response)
    roster_import = RosterImport.objects.get(uuid=response.url.rstrip("/").rsplit("/", 1)[-1])
    client.post(reverse("rosters:confirm", args=[roster_import.uuid]))
    roster_import.refresh_from_db()
    return roster_import


def errors_shown(response: Any) -> list[tuple[str, str]]:
    """(line, message) for each row of the error table on the page."""
    page = response.content.decode()
    table = re.search(r'<table[^>]*id="import-errors".*?</table>', page, re.S)
    if table is None:
        return []
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", table.group(0), re.S)
    return [(html.unescape(line), html.unescape(message)) for line, message in rows]


def people_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, SchoolClass, Pupil, Enrolment, Guardian, GuardianRelation, StaffMember, Role)
    }
