"""A brake on guessing join codes: a round is open to anyone who has its code, so an
address that has tried many wrong or expired codes gets a pause.

Counted per address for `WINDOW` seconds in the shared (database) cache, under a keyed
hash of the address, never the address itself. The limit is generous because a whole
school shares one address behind its router: a class of thirty mistyping now and then
stays far below it, while guessing a code among 22⁶ takes millions of tries."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

FAILURES_ALLOWED = 100
WINDOW = 10 * 60


def _address(request: HttpRequest) -> str:
    """The client's address, from the same headers as the log-in limits (AXES_IP_HEADERS)."""
    for header in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        value = request.META.get(header, "")
        if value:
            return str(value).split(",")[0].strip()
    return ""


def _key(request: HttpRequest) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), _address(request).encode(), hashlib.sha256).hexdigest()
    return f"dk-join-failures:{digest[:32]}"


def blocked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= FAILURES_ALLOWED


def failed(request: HttpRequest) -> None:
    """Count one wrong or expired code from the request's address."""
    key = _key(request)
    if cache.add(key, 1, WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
