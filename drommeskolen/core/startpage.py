"""Panels on the start page from other apps, without core importing them.

An app registers a provider in its `AppConfig.ready()`; the start page asks each provider
for a panel for the person and school at hand. A provider returns None when it has nothing
to show, and must run a bounded number of queries (the start page's count is pinned).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str  # included with `panel` in its context
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50  # lower comes first


Provider = Callable[[HttpRequest, Any], Panel | None]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Decorator: add a panel provider (idempotent, so a repeated `ready()` is harmless)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels(request: HttpRequest, ctx: Any) -> list[Panel]:
    """The panels for this request, in order. `ctx` is the SchoolContext (or None)."""
    found = [panel for provider in _providers if (panel := provider(request, ctx)) is not None]
    return sorted(found, key=lambda panel: panel.order)
