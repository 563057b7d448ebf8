"""The vocabulary of the access matrix (tests/test_access_matrix.py), shared with the apps'
own rows in `<app>/tests/access_rows.py`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conftest import CAST_ROLES, Cast

ALL = frozenset(CAST_ROLES) - {"outsider"}
EVERYONE = frozenset(CAST_ROLES)  # pages about the user's own account
CASE_OPENERS = frozenset({"principal", "department_head"})


@dataclass(frozen=True)
class Route:
    """Who of school A gets the page (everyone else 404), and how it is asked for."""

    ok: frozenset[str]
    method: str = "get"
    ok_status: int = 200
    anonymous_status: int = 302  # redirect to log-in
    public: bool = False  # served to anyone (health check); no data
    data: dict[str, str] = field(default_factory=dict)


# How to fill a URL argument with an object of school A (own=True) or school B (own=False),
# given the cast and the user who asks.
Sample = Callable[[Cast, Any, bool], Any]
