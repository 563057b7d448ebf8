"""The API's access matrix: every operation × every role in the cast, with a token each.

Operations are read from the URL configuration (`test_auth.api_operation_paths`), so a new
endpoint without a row here fails `test_every_operation_has_a_row`. The school is in the
URL, so each operation is tried three ways: school A with its objects (the table below),
school A with school B's objects (404 for everyone), and school B with its objects (404
for everyone at school A but the system administrator, whose role spans every school).
"""

from typing import Any

import pytest
from django.urls import reverse

from conftest import CAST_ROLES, DIRECTORY_ROLES, PROFILE_OF_CLASS_A_ROLES, STAFF_ROLES, Cast
from drommeskolen.accounts.models import ApiToken

from .test_auth import api_operations
from .test_cases_api import CASE_CIRCLE, sample_case

EVERYONE = frozenset(CAST_ROLES)
# Everyone with a role, enrolment or guardianship at school A (network viewers have none).
AT_SCHOOL_A = EVERYONE - {"outsider", "network_viewer"}

# Operation name → roles that get 200 at school A; everyone else gets 404.
MATRIX: dict[str, frozenset[str]] = {
    "me": EVERYONE,
    "school_list": EVERYONE,
    "class_list": AT_SCHOOL_A,  # a guardian gets an empty list
    "class_detail": DIRECTORY_ROLES | {"pupil_user"},
    "pupil_list": DIRECTORY_ROLES,
    "pupil_detail": PROFILE_OF_CLASS_A_ROLES,
    # Cases (api/cases.py): the list for everyone who enters cases (an empty list for most);
    # a case, its journal and plan for its circle. The sample case is handled by the
    # department head. "case_journal_add" is the POST on the journal's path (GET here).
    "case_list": STAFF_ROLES | {"owner_representative"},
    "case_detail": CASE_CIRCLE,
    "case_journal": CASE_CIRCLE,
    "case_journal_add": CASE_CIRCLE,
    "case_plan": CASE_CIRCLE,
}
# At school B, the system administrator sees what the directory shows (no profiles).
SYSTEM_ADMIN_AT_B = {"class_list", "class_detail", "pupil_list"}


def _args(name: str, cast: Cast, *, school: Any, own_objects: bool) -> list[Any]:
    if name in {"me", "school_list"}:
        return []
    args: list[Any] = [school.uuid]
    if name == "class_detail":
        args.append((cast.class_a if own_objects else cast.other_class).uuid)
    if name == "pupil_detail":
        args.append((cast.pupil if own_objects else cast.other_pupil).uuid)
    if name.startswith("case_") and name != "case_list":
        args.append(sample_case(cast, own=own_objects).uuid)
    return args


def _outcomes(client: Any, cast: Cast, name: str, roles: frozenset[str], **where: Any) -> dict[str, int]:
    path = reverse(f"api-v1:{name}", args=_args(name, cast, **where))
    outcomes = {}
    for role in sorted(roles):
        _token, raw = ApiToken.issue(user=cast.user(role), name="matrix")
        outcomes[role] = client.get(path, headers={"Authorization": f"Bearer {raw}"}).status_code
    return outcomes


def test_every_operation_has_a_row():
    assert set(MATRIX) == set(api_operations())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_operation_by_role_at_school_a(client, cast, name):
    outcomes = _outcomes(client, cast, name, EVERYONE, school=cast.school, own_objects=True)
    assert outcomes == {role: (200 if role in MATRIX[name] else 404) for role in sorted(EVERYONE)}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["class_detail", "pupil_detail"])
def test_objects_of_school_b_under_school_a_are_404_for_everyone(client, cast, name):
    outcomes = _outcomes(client, cast, name, EVERYONE, school=cast.school, own_objects=False)
    assert outcomes == dict.fromkeys(sorted(EVERYONE), 404)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["class_list", "class_detail", "pupil_list", "pupil_detail"])
def test_school_b_is_404_for_everyone_at_school_a(client, cast, name):
    roles = EVERYONE - {"outsider"}
    outcomes = _outcomes(client, cast, name, roles, school=cast.other_school, own_objects=False)
    expected = dict.fromkeys(sorted(roles), 404)
    if name in SYSTEM_ADMIN_AT_B:
        expected["system_admin"] = 200
    assert outcomes == expected
