import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from drommeskolen.accounts.models import ApiToken
from drommeskolen.people.models import RoleKind
from tests.factories import TEST_TOTP_SECRET, RoleFactory, StaffMemberFactory, UserFactory

from .conftest import url

NOT_OPERATIONS = {"openapi-json", "openapi-view", "api-root", "docs_asset"}


def api_operations() -> dict[str, str]:
    """Every operation the API serves, read from the URL configuration: name → path with made-up UUIDs."""
    prefix, v1 = get_resolver().namespace_dict["api-v1"]
    operations = {}
    for pattern in v1.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name is None or pattern.name in NOT_OPERATIONS:
            continue
        # A fixed UUID: test ids must be the same in every xdist worker.
        route = re.sub(r"<[^>]+>", "00000000-0000-4000-8000-000000000000", str(pattern.pattern))
        operations[pattern.name] = f"/{prefix}{route}"
    return operations


def api_operation_paths() -> list[str]:
    return list(api_operations().values())


def test_the_matrix_covers_every_endpoint():
    assert len(api_operation_paths()) == 11


@pytest.mark.django_db
@pytest.mark.parametrize("path", api_operation_paths())
def test_every_endpoint_refuses_a_request_without_token(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"].startswith("Mangler gyldig API-nøkkel")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Bearer ds_ukjent", "Token ds_x", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500],
)
def test_malformed_or_unknown_tokens_get_401(client, cast, header):
    response = client.get(url("me"), headers={"Authorization": header})
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_valid_token_gets_in(client, cast, bearer):
    assert client.get(url("me"), headers=bearer(cast.teacher)).status_code == 200


@pytest.mark.django_db
def test_revoked_token_gets_401(client, cast):
    token, raw = ApiToken.issue(user=cast.teacher, name="Gammel")
    token.revoked_at = timezone.now()
    token.save()
    assert client.get(url("me"), headers={"Authorization": f"Bearer {raw}"}).status_code == 401


@pytest.mark.django_db
def test_expired_token_gets_401_and_a_live_one_does_not(client, cast):
    now = timezone.now()
    _old, expired = ApiToken.issue(user=cast.teacher, name="Utløpt", expires_at=now - datetime.timedelta(seconds=1))
    _new, live = ApiToken.issue(user=cast.teacher, name="Gyldig", expires_at=now + datetime.timedelta(days=1))
    assert client.get(url("me"), headers={"Authorization": f"Bearer {expired}"}).status_code == 401
    assert client.get(url("me"), headers={"Authorization": f"Bearer {live}"}).status_code == 200


@pytest.mark.django_db
def test_inactive_user_gets_401(client, cast, bearer):
    headers = bearer(cast.teacher)
    cast.teacher.is_active = False
    cast.teacher.save()
    assert client.get(url("me"), headers=headers).status_code == 401


@pytest.mark.django_db
def test_a_session_log_in_is_not_accepted(client, cast):
    client.force_login(cast.principal)
    assert client.get(url("me")).status_code == 401
    assert client.get(url("class_list", cast.school.uuid)).status_code == 401


@pytest.mark.django_db
def test_the_token_user_is_used_even_when_another_user_is_logged_in(client, cast, bearer):
    client.force_login(cast.principal)
    response = client.get(url("pupil_list", cast.school.uuid), headers=bearer(cast.pupil_user))
    assert response.status_code == 404
    assert client.get(url("me"), headers=bearer(cast.pupil_user)).json()["uuid"] == str(cast.pupil_user.uuid)


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(client, cast, bearer):
    headers = bearer(cast.teacher)
    token = ApiToken.objects.get(user=cast.teacher)
    assert token.last_used_at is None

    client.get(url("me"), headers=headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    client.get(url("me"), headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(url("me"), headers=headers)
    token.refresh_from_db()
    assert token.last_used_at > first


@pytest.mark.django_db
def test_a_revocation_saved_meanwhile_is_not_undone_by_the_last_used_update(client, cast):
    token, raw = ApiToken.issue(user=cast.teacher, name="Test")
    client.get(url("me"), headers={"Authorization": f"Bearer {raw}"})
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get(url("me"), headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_refused_like_on_the_web(client, cast, bearer):
    """A token made while the user was, say, only a guardian stops working when they get a
    staff role, until they set up a second factor."""
    user = UserFactory()
    StaffMemberFactory(school=cast.school, user=user)
    RoleFactory(user=user, kind=RoleKind.TEACHER, school=cast.school, school_year=cast.year, school_class=cast.class_a)
    headers = bearer(user)

    response = client.get(url("me"), headers=headers)
    assert response.status_code == 403
    assert "tofaktorinnlogging" in response.json()["detail"]

    TOTP.activate(user, TEST_TOTP_SECRET)
    assert client.get(url("me"), headers=headers).status_code == 200


@pytest.mark.django_db
def test_pupils_and_guardians_need_no_second_factor(client, cast, bearer):
    assert client.get(url("me"), headers=bearer(cast.pupil_user)).status_code == 200
    assert client.get(url("me"), headers=bearer(cast.guardian)).status_code == 200
