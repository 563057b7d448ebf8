from typing import Any

from django.http import HttpRequest


def school_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "school_context": getattr(request, "school_context", None),
        "user_schools": getattr(request, "user_schools", []),
    }
