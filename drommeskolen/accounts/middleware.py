"""Request context: which school the user is working in, and the second-factor rule."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from drommeskolen.core.models import School
from drommeskolen.people.roles import SchoolContext, context_for, needs_second_factor, schools_of

SESSION_SCHOOL_KEY = "current_school"


def _school_context(request: HttpRequest, schools: list[School]) -> SchoolContext | None:
    if not schools:
        return None
    wanted = request.session.get(SESSION_SCHOOL_KEY)
    school: School = next((s for s in schools if str(s.uuid) == wanted), schools[0])
    return context_for(request.user, school)


class SchoolContextMiddleware:
    """Sets `request.school_context` and `request.user_schools` (for the school switcher)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Worked out eagerly: the context may be None, which a lazy proxy cannot stand for.
        # Static files never get here (WhiteNoise answers first) and anonymous requests cost nothing.
        schools = schools_of(request.user)
        request.user_schools = schools  # type: ignore[attr-defined]
        request.school_context = _school_context(request, schools)  # type: ignore[attr-defined]
        return self.get_response(request)


# Paths a user who must set up a second factor can still reach: logging in and out,
# password reset, the second-factor pages themselves, Feide, language, health, static.
_OPEN_PREFIXES = (
    "/konto/login/",
    "/konto/logout/",
    "/konto/reauthenticate/",
    "/konto/password/reset/",
    "/konto/2fa/",
    "/konto/3rdparty/",
    "/konto/oidc/",
    "/i18n/",
    "/helse/",
    "/static/",
)


class SecondFactorRequiredMiddleware:
    """Every role that can open sensitive pupil data must log in with a second factor.

    A user holding such a role without an activated TOTP authenticator is sent to set one
    up before anything else opens; the API refuses them (tokens are made only after it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES) and lacks_second_factor(user):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def lacks_second_factor(user: Any) -> bool:
    """True for a user whose roles need a second factor and who has none (web and API)."""
    return not has_totp(user) and needs_second_factor(user)


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


class PrivacyTrainingMiddleware:
    """Turns `PrivacyTrainingRequired` from an access function into an explaining page (403)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from drommeskolen.people.access import PrivacyTrainingRequired

        if isinstance(exception, PrivacyTrainingRequired):
            return render(request, "accounts/training_required.html", status=403)
        return None
