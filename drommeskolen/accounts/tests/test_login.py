import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.urls import reverse

from drommeskolen.accounts.models import PrivacyTraining
from drommeskolen.people.models import RoleKind
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, RoleFactory, UserFactory


def totp_now(secret: str = TEST_TOTP_SECRET) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.django_db
def test_staff_without_a_second_factor_is_sent_to_set_it_up(client, cast):
    Authenticator.objects.filter(user=cast.teacher).delete()
    response = client.post(reverse("account_login"), {"login": cast.teacher.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("people:class_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up page itself opens, and so does nothing else.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("accounts:api_tokens"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_pupils_and_guardians_need_no_second_factor(client, cast):
    client.force_login(cast.guardian)
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_password_then_totp_log_in(client, cast):
    response = client.post(reverse("account_login"), {"login": cast.principal.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in before the code is given.
    assert client.get(reverse("core:home")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_login_page_is_norwegian(client):
    body = client.get(reverse("account_login")).content.decode()
    assert 'lang="nb"' in body
    assert "Logg inn" in body


@pytest.mark.django_db
def test_lock_out_after_repeated_failures(client, cast):
    url = reverse("account_login")
    statuses = [
        client.post(url, {"login": cast.principal.email, "password": "feil-passord-123"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    # Now even the right password does not log in, from this address or any other.
    response = client.post(url, {"login": cast.principal.email, "password": TEST_PASSWORD})
    assert "For mange innloggingsforsøk" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302
    other = client_class_from(client)(REMOTE_ADDR="10.1.2.3")
    other.post(url, {"login": cast.principal.email, "password": TEST_PASSWORD})
    assert other.get(reverse("core:home")).status_code == 302


def client_class_from(client):
    return type(client)


def test_passwords_are_hashed_with_argon2_outside_tests():
    # Under pytest a fast hasher is swapped in; the production list is read from settings.py.
    import ast
    from pathlib import Path

    source = Path(settings.BASE_DIR, "config", "settings.py").read_text()
    tree = ast.parse(source)
    first = next(
        node.value.elts[0].value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PASSWORD_HASHERS"
    )
    assert first == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sessions_end_after_an_idle_hour():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.django_db
def test_sensitive_data_needs_privacy_training(client, cast):
    PrivacyTraining.objects.filter(user=cast.contact_teacher).delete()
    client.force_login(cast.contact_teacher)
    response = client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid]))
    assert response.status_code == 403
    assert "personvernopplæring" in response.content.decode().lower()
    # Confirming the training opens it.
    response = client.post(
        reverse("accounts:privacy_training"),
        {"course": "Personvern i skolen", "completed_on": "2026-09-01", "confirm": "on"},
    )
    assert response.status_code == 302
    assert client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid])).status_code == 200


@pytest.mark.django_db
def test_training_in_the_future_is_refused(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("accounts:privacy_training"),
        {"course": "Personvern", "completed_on": "2999-01-01", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "fram i tid" in response.content.decode()


@pytest.mark.django_db
def test_nobody_can_sign_up(client):
    response = client.post(
        reverse("account_signup"), {"email": "ny@x.test", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    )
    assert response.status_code in (200, 302)
    from drommeskolen.accounts.models import User

    assert not User.objects.filter(email="ny@x.test").exists()


@pytest.mark.django_db
def test_feide_login_attaches_to_the_roster_account(rf, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "feide",
                    "name": "Feide",
                    "client_id": "x",
                    "secret": "y",
                    "settings": {"server_url": "https://auth.dataporten.no"},
                }
            ]
        }
    }
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    from drommeskolen.accounts.adapters import SocialAccountAdapter

    user = UserFactory(feide_id="ola@drommetorp.no")
    RoleFactory(user=user, kind=RoleKind.NETWORK_VIEWER)
    account = SocialAccount(
        provider="feide",
        uid="sub-123",
        extra_data={"https://n.feide.no/claims/eduPersonPrincipalName": "ola@drommetorp.no"},
    )
    sociallogin = SocialLogin(account=account)
    request = rf.get("/")
    request.user = user
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    SocialAccountAdapter().pre_social_login(request, sociallogin)
    assert SocialAccount.objects.get(uid="sub-123").user == user


@pytest.mark.django_db
def test_first_set_up_asks_for_the_password_once(client, cast):
    import re

    Authenticator.objects.filter(user=cast.teacher).delete()
    client.post(reverse("account_login"), {"login": cast.teacher.email, "password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret">([A-Z2-7]+)<', page).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=cast.teacher, type=Authenticator.Type.TOTP).exists()
    # Straight on to the recovery codes, without typing the password again.
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    assert client.get(reverse("people:class_list")).status_code == 200


@pytest.mark.django_db
def test_removing_the_second_factor_later_asks_for_the_password(client, cast):
    response = client.post(reverse("account_login"), {"login": cast.teacher.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
