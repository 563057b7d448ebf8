"""Page-number pagination with a bounded page size.

An endpoint returns a queryset (or a list); the page is sliced first and only then is each
item turned into its schema by `build`, so prefetches run for one page, not the whole set.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# Bounds the OFFSET sent to the database (a huge page number would overflow SQLite's integers).
MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Sidenummer, fra 1.")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Antall per side, høyst {MAX_PAGE_SIZE}."
        )

    def __init__(self, *, build: Callable[[Any], Schema], **kwargs: Any) -> None:
        super().__init__(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
        self.build = build

    def paginate_queryset(
        self, queryset: QuerySet[Any] | list[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page_size = min(pagination.page_size, self.max_page_size)
        offset = (pagination.page - 1) * page_size
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        items = [self.build(item) for item in queryset[offset : offset + page_size]]
        return {"items": items, "count": count}
