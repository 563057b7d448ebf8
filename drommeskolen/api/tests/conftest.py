"""Helpers for the API tests: a bearer header for any cast member, and the API's addresses."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from drommeskolen.accounts.models import ApiToken, User


@pytest.fixture
def bearer(db: Any) -> Callable[[User], dict[str, str]]:
    """`bearer(user)`: the headers of a request made with a fresh token of that user."""

    def make(user: User) -> dict[str, str]:
        _token, raw = ApiToken.issue(user=user, name="Test")
        return {"Authorization": f"Bearer {raw}"}

    return make


def url(name: str, *args: Any) -> str:
    return reverse(f"api-v1:{name}", args=args)
