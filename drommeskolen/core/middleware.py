from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from drommeskolen.lib.anonymous import is_anonymous_path


class NorwegianFirstLocaleMiddleware:
    """Norwegian bokmål unless the user has chosen another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show a
    Norwegian school's staff English pages on an English-language phone. Here only the
    language cookie set by the language switch (`/i18n/setlang/`) changes the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class SessionMiddlewareSkippingAnonymousPages(SessionMiddleware):
    """Django's session middleware, except on the pages where pupils answer anonymously.

    With SESSION_SAVE_EVERY_REQUEST every request of a logged-in user re-saves the session
    and so time-stamps it; on the answer and vote pages that stamp could be lined up with
    the moment an answer arrived. There the session is saved only if something changed it.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if is_anonymous_path(request.path_info) and not request.session.modified:
            return response
        return super().process_response(request, response)
