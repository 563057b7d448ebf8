"""allauth adapters: no self sign-up; Feide log-ins attach to the account the roster made."""

from datetime import timedelta
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.utils import timezone

from .models import User

# A log-in this recent counts as having just typed the password.
RECENT_LOGIN_SECONDS = 300


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from the school's roster, never from a public sign-up form.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up the first second factor right after logging in (as every staff member
        must), and seeing its recovery codes straight after, should not ask for the password
        a second time. Everything else — changing or removing a second factor later — asks."""
        from allauth.mfa.models import Authenticator

        user = getattr(self.request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated and user.last_login is not None:
            recent = timezone.now() - timedelta(seconds=RECENT_LOGIN_SECONDS)
            factors = Authenticator.objects.filter(user=user)
            first_set_up = not factors.exists() or not factors.filter(created_at__lt=user.last_login).exists()
            if user.last_login >= recent and first_set_up:
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Attach a first Feide log-in to the user whose roster Feide ID matches."""
        if sociallogin.is_existing:
            return
        claims = sociallogin.account.extra_data or {}
        feide_id = claims.get("https://n.feide.no/claims/eduPersonPrincipalName") or claims.get(
            "eduPersonPrincipalName"
        )
        if not feide_id:
            return
        user = User.objects.filter(feide_id=feide_id, is_active=True).first()
        if user is not None:
            sociallogin.connect(request, user)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account name axes counts failures against: allauth passes it as `email`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or request.POST.get("login")
    return str(value).strip().lower() if value else None
