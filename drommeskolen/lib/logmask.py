"""Mask the secrets some URLs carry in their path before a log line is written.

A calendar feed is addressed by a secret token in its path (Outlook and Google Calendar
fetch a plain URL and send no credentials), and allauth's password-reset and
e-mail-confirmation links carry their key the same way. Logs are read by more people than
the secrets are meant for, and kept longer, so the request logs (gunicorn's access log,
Django's "Not Found" warnings and the development server's lines) show these paths with
the secret replaced.

The round's join code in the paths of the pages where pupils answer and vote
anonymously is masked too; gunicorn's logger also leaves out the address and the size
for those pages (`lib.anonymous`). Pure Python, no Django.
"""

import logging
import re

MASK = "***"

_SECRET_PATHS = (
    # programme:feed_ics
    re.compile(r"(/kalender/)[^/\s?\"']+(\.ics)"),
    # allauth: account_reset_password_from_key (the "done" page after it carries no key)
    re.compile(r"(/password/reset/key/)(?!done/)[^/\s?\"']+()"),
    # allauth: account_confirm_email
    re.compile(r"(/confirm-email/)[^/\s?\"']+()"),
    # dreamclass: pupil, pupil_vote, pupil_state (the round's join code)
    re.compile(r"(/drommeklassen/svar/)[^/\s?\"']+()"),
)


def mask_secrets(text: str) -> str:
    """The text with the secret part of every secret-bearing path replaced by ***."""
    for pattern in _SECRET_PATHS:
        text = pattern.sub(rf"\g<1>{MASK}\g<2>", text)
    return text


class MaskSecretsFilter(logging.Filter):
    """A logging filter that masks secret paths in a record's message and arguments.

    The record is formatted once here, so a path passed as an argument ("Not Found: %s")
    is masked as well as one written into the message itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
