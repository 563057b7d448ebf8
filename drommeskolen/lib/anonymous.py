"""The pages where pupils answer and vote anonymously in a Drømmeklassen round.

No trace of a visit to them is kept that could be lined up with an answer or a vote: the
request logs keep no address or size for them (`lib.logmask`), and a logged-in pupil's
session is not saved (and so not time-stamped) by them (`core.middleware`). Pure Python.
"""

import re

_ANONYMOUS_PATHS = re.compile(r"^/drommeklassen/(svar/|bli-med/)")


def is_anonymous_path(path: str) -> bool:
    """A page where pupils answer or vote anonymously."""
    return bool(_ANONYMOUS_PATHS.match(path))
