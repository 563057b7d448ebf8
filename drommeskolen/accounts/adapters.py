"""allauth adapters: no self sign-up; Feide log-ins attach to the account the roster made."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from the school's roster, never from a public sign-up form.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
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
