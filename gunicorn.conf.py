"""gunicorn settings for production; `gunicorn` started in the repository root reads this file.

Every value can be changed from the environment (see docs/operations.md):

    GUNICORN_BIND        where to listen (default 127.0.0.1:8000, behind a reverse proxy)
    GUNICORN_WORKERS     worker processes (default: 2 per CPU core + 1, at most 8)
    GUNICORN_THREADS     threads per worker (default 1)
    GUNICORN_TIMEOUT     seconds before a silent worker is restarted (default 60)
    GUNICORN_FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1)

The access log carries method, path, status, size and time, and never the query string,
the referrer or the user agent: query strings and referrers may hold search terms such as
a pupil's name, and nothing sensitive may end up in logs. The secret in a calendar feed's
or a password-reset link's path is masked (drommeskolen/lib/logmask.py).
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

from drommeskolen.lib.anonymous import is_anonymous_path
from drommeskolen.lib.logmask import mask_secrets


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
# Uploads of roster files above IMPORT_INLINE_MAX_ROWS go to the task worker, so no
# request needs long; a stuck worker is restarted after this.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so that a slow leak can never build up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app before forking: a broken configuration fails at start, once.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# Refuse oversized request lines and headers early (a URL never needs more).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without the query string; %(M)s is the request time in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class MaskingLogger(Logger):  # type: ignore[misc]
    """The access log with the secrets of calendar-feed and password-reset paths masked,
    and no address or size on the pages where pupils answer anonymously."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        if is_anonymous_path(environ.get("PATH_INFO", "")):
            atoms["h"] = atoms["B"] = atoms["b"] = "-"
        for key in ("r", "U"):
            atoms[key] = mask_secrets(atoms[key])
        return atoms


logger_class = MaskingLogger
proc_name = "drommeskolen"
