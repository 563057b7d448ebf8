"""Personal API tokens: `Authorization: Bearer <token>`.

A token acts exactly as its user. Session cookies are not accepted, so the API needs no
CSRF protection and a browser tab that is logged in cannot be used against it. The user
is set on the request, so the access functions and the access log see the token's user
and never a session user who happens to share the browser.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from drommeskolen.accounts.middleware import lacks_second_factor
from drommeskolen.accounts.models import ApiToken, User

# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# Issued tokens are about 46 characters; anything far longer is not one of ours.
MAX_TOKEN_LENGTH = 200


class SecondFactorMissing(AuthorizationError):
    def __init__(self) -> None:
        super().__init__(
            403,
            _("Du må sette opp tofaktorinnlogging på nettsiden før API-nøkkelen din kan brukes."),
        )


class BearerToken(HttpBearer):
    openapi_description = (
        "Personlig API-nøkkel, laget under «Min konto → API-nøkler». Den gir de samme tilgangene som brukeren har."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        api_token = (
            ApiToken.objects.usable()  # 1: the token and its user
            .select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        user = api_token.user
        # The web sends a user with a role that opens sensitive data to set up a second
        # factor before anything else; a token made before that role came is refused too.
        if lacks_second_factor(user):  # 2: TOTP? and, without one, 3: roles that need it
            raise SecondFactorMissing
        _mark_used(api_token)
        request.user = user
        request.api_token = api_token  # type: ignore[attr-defined]
        return user


def _mark_used(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        # An UPDATE of the one column, so a revocation saved meanwhile is never overwritten.
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


def token_user(request: Any) -> User:
    """The user the request's token belongs to (set by `BearerToken`)."""
    user: User = request.auth
    return user
