"""The access matrix: every route × every role × own school / other school, in one table.

Routes are read from the URL configuration, so a new route without a row in MATRIX fails
`test_every_route_has_a_row`. For each route the table says which roles of school A get
the page (everyone else gets 404, never a hint that the object exists); objects of school B
give 404 to everyone at school A; anonymous requests never see data.
"""

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import (
    DIRECTORY_ROLES,
    PROFILE_OF_CLASS_A_ROLES,
    ROSTER_ADMIN_ROLES,
    STAFF_ROLES,
    Cast,
)
from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.accounts.models import ApiToken
from drommeskolen.cases.actions import open_case, report_concern
from drommeskolen.cases.models import Case, Concern
from drommeskolen.rosters.models import ImportStatus, RosterImport
from tests.factories import EnrolmentFactory
from tests.matrix import ALL, CASE_OPENERS, EVERYONE, Route, Sample

MATRIX: dict[str, Route] = {
    "core:home": Route(ok=ALL),
    "core:switch_school": Route(ok=ALL, method="post", ok_status=302),
    "core:access_log": Route(ok=frozenset({"principal"})),
    "people:class_list": Route(ok=DIRECTORY_ROLES),
    "people:class_detail": Route(ok=DIRECTORY_ROLES | {"pupil_user"}),
    "people:pupil_list": Route(ok=DIRECTORY_ROLES),
    "people:pupil_detail": Route(ok=PROFILE_OF_CLASS_A_ROLES),
    "people:staff_list": Route(ok=DIRECTORY_ROLES),
    "accounts:privacy_training": Route(ok=EVERYONE),
    "accounts:api_tokens": Route(ok=EVERYONE),
    "accounts:revoke_api_token": Route(ok=EVERYONE, method="post", ok_status=302),
    "rosters:upload": Route(ok=ROSTER_ADMIN_ROLES),
    "rosters:detail": Route(ok=ROSTER_ADMIN_ROLES),
    "rosters:confirm": Route(ok=ROSTER_ADMIN_ROLES, method="post", ok_status=302),
    "rosters:example": Route(ok=ROSTER_ADMIN_ROLES),
    "health": Route(ok=EVERYONE, public=True, anonymous_status=200),
    # The duty to act. Case samples: a case of school A handled by the department head.
    # The POSTs send an empty form: the case's circle gets the page back with errors (200).
    "cases:report": Route(ok=STAFF_ROLES),
    "cases:pupil_search": Route(ok=STAFF_ROLES),
    "cases:inbox": Route(ok=CASE_OPENERS),
    "cases:concern_detail": Route(ok=CASE_OPENERS | {"contact_teacher"}),  # reported by the contact teacher
    "cases:open_case": Route(ok=CASE_OPENERS, method="post", ok_status=302),
    "cases:case_detail": Route(ok=CASE_OPENERS),
    "cases:change_status": Route(ok=CASE_OPENERS, method="post"),
    "cases:assign_handler": Route(ok=CASE_OPENERS, method="post"),
    "cases:add_team_member": Route(ok=CASE_OPENERS, method="post"),
    "cases:add_journal_entry": Route(ok=CASE_OPENERS, method="post"),
    # The activity plan: the case's circle drafts, the principal and the handler adopt (the
    # same two here). The sample case has no plan yet: starting one redirects to it, and the
    # draft-only POSTs redirect back with a message.
    "cases:plan_detail": Route(ok=CASE_OPENERS),
    "cases:plan_versions": Route(ok=CASE_OPENERS),
    "cases:plan_start": Route(ok=CASE_OPENERS, method="post", ok_status=302),
    "cases:plan_save_draft": Route(ok=CASE_OPENERS, method="post", ok_status=302),
    "cases:plan_add_measure": Route(ok=CASE_OPENERS, method="post", ok_status=302),
    "cases:plan_remove_measure": Route(ok=CASE_OPENERS, method="post", ok_status=302),
    "cases:plan_adopt": Route(ok=CASE_OPENERS, method="post", ok_status=302),
}


def _app_rows() -> tuple[dict[str, Route], dict[str, Sample]]:
    """Apps keep their own rows and samples in `<app>/tests/access_rows*.py` (ROWS and
    SAMPLES), so that apps grow without all editing this file."""
    rows: dict[str, Route] = {}
    samples: dict[str, Sample] = {}
    for app in apps.get_app_configs():
        folder = Path(app.path) / "tests"
        if not app.name.startswith("drommeskolen.") or not folder.is_dir():
            continue
        for path in sorted(folder.glob("access_rows*.py")):
            module = importlib.import_module(f"{app.name}.tests.{path.stem}")
            duplicated = set(rows) & set(module.ROWS)
            assert not duplicated, f"Rows given twice: {duplicated}"
            rows.update(module.ROWS)
            samples.update(getattr(module, "SAMPLES", {}))
    return rows, samples


# Third-party routes, tested by their own projects and by our log-in tests.
EXEMPT_PREFIXES = ("admin:", "account_", "mfa_", "socialaccount_", "openid_connect_", "set_language")
# The API has its own matrix with tokens (the school is in its URLs):
# drommeskolen/api/tests/test_access_matrix.py, built from the same URL configuration.
EXEMPT_PREFIXES += ("api-v1:", "api_not_found")


def _walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def project_routes() -> dict[str, URLPattern]:
    return {name: p for name, p in _walk(get_resolver()) if not name.startswith(EXEMPT_PREFIXES)}


def test_every_route_has_a_row() -> None:
    missing = sorted(set(project_routes()) - set(MATRIX))
    assert not missing, f"Add these routes to MATRIX in {__file__}: {missing}"
    stale = sorted(set(MATRIX) - set(project_routes()))
    assert not stale, f"Remove routes that no longer exist from MATRIX: {stale}"


def _roster_import(cast: Cast, own: bool) -> RosterImport:
    return RosterImport.objects.create(
        school=cast.school if own else cast.other_school,
        school_year=cast.year if own else cast.other_year,
        uploaded_by=cast.principal,
        kind="classes",
        file_name="klasser.csv",
        status=ImportStatus.VALIDATED,
        content=b"klasse;trinn\n3STX;Vg3\n",
        total_rows=1,
    )


def _concern(cast: Cast, own: bool) -> Concern:
    """A concern reported by the contact teacher (school A) or by the outsider (school B)."""
    return report_concern(
        acting_user=cast.contact_teacher if own else cast.outsider,
        school=cast.school if own else cast.other_school,
        pupils=[cast.pupil if own else cast.other_pupil],
        what_happened="Ble holdt utenfor i friminuttet.",
        occurred_at=timezone.now(),
    )


def _case(cast: Cast, own: bool) -> Case:
    """A case of school A handled by the department head, or one of school B. A new pupil
    each time, since a pupil has at most one open case."""
    school_class = cast.class_a if own else cast.other_class
    pupil = EnrolmentFactory(school_class=school_class).pupil
    concern = report_concern(
        acting_user=cast.contact_teacher if own else cast.outsider,
        school=school_class.school,
        pupils=[pupil],
        what_happened="Gråt i garderoben.",
        occurred_at=timezone.now(),
    )
    return open_case(acting_user=cast.department_head if own else cast.outsider, concern=concern)[0]


# How to fill each URL argument with an object of school A (own) or school B (other).
SAMPLES: dict[str, Sample] = {
    "class_uuid": lambda cast, user, own: (cast.class_a if own else cast.other_class).uuid,
    "pupil_uuid": lambda cast, user, own: (cast.pupil if own else cast.other_pupil).uuid,
    "school_uuid": lambda cast, user, own: (cast.school if own else cast.other_school).uuid,
    # Own token: the user's own; "other": somebody else's.
    "import_uuid": lambda cast, user, own: _roster_import(cast, own).uuid,
    # Example files are the same for every school: "other" asks for one that does not exist.
    "file_name": lambda cast, user, own: "elever.csv" if own else "finnes-ikke.csv",
    "token_uuid": lambda cast, user, own: ApiToken.issue(user=user if own else cast.outsider, name="t")[0].uuid,
    "concern_uuid": lambda cast, user, own: _concern(cast, own).uuid,
    "case_uuid": lambda cast, user, own: _case(cast, own).uuid,
}


APP_ROWS, APP_SAMPLES = _app_rows()
assert not set(APP_ROWS) & set(MATRIX), "A route has a row both here and in an app's access_rows.py"
MATRIX.update(APP_ROWS)
SAMPLES.update(APP_SAMPLES)


def _url(name: str, cast: Cast, user: Any, *, own: bool) -> str:
    pattern = project_routes()[name].pattern
    kwargs = {}
    for arg in pattern.regex.groupindex:
        assert arg in SAMPLES, f"Add a sample for the URL argument {arg!r} to SAMPLES"
        kwargs[arg] = SAMPLES[arg](cast, user, own)
    return reverse(name, kwargs=kwargs)


def _request(client: Any, route: Route, url: str) -> Any:
    return getattr(client, route.method)(url, route.data)


def _login(client: Any, cast: Cast, role: str) -> Any:
    user = cast.user(role)
    client.force_login(user)
    session = client.session
    session[SESSION_SCHOOL_KEY] = str(cast.school.uuid)
    session.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_by_role_at_own_school(client: Any, cast: Cast, name: str) -> None:
    route = MATRIX[name]
    outcomes = {}
    for role in sorted(ALL | {"outsider"}):
        user = _login(client, cast, role)
        response = _request(client, route, _url(name, cast, user, own=True))
        outcomes[role] = response.status_code
        client.logout()
    expected = {role: (route.ok_status if role in route.ok else 404) for role in sorted(ALL | {"outsider"})}
    if not route.public and "outsider" not in route.ok and not _has_object(name):
        # Pages without an object answer the outsider about their own school.
        expected["outsider"] = outcomes["outsider"]
    assert outcomes == expected


def _has_object(name: str) -> bool:
    return bool(project_routes()[name].pattern.regex.groupindex)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in MATRIX if n in project_routes() and _has_object(n)))
def test_objects_of_another_school_are_404_for_everyone(client: Any, cast: Cast, name: str) -> None:
    route = MATRIX[name]
    outcomes = {}
    for role in sorted(ALL):
        user = _login(client, cast, role)
        outcomes[role] = _request(client, route, _url(name, cast, user, own=False)).status_code
        client.logout()
    assert outcomes == dict.fromkeys(sorted(ALL), 404)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_sees_no_data(client: Any, cast: Cast, name: str) -> None:
    route = MATRIX[name]
    response = _request(client, route, _url(name, cast, cast.principal, own=True))
    assert response.status_code == route.anonymous_status
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    body = response.content.decode()
    for pupil in (cast.pupil, cast.classmate, cast.other_pupil):
        assert pupil.last_name not in body
