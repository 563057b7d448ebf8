from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def anonymity_threshold_check(**kwargs: Any) -> list[Error]:
    """LAW.md: results are never shown for groups under the threshold, which is never below 5."""
    if settings.ANONYMITY_THRESHOLD < 5:
        return [
            Error(
                "ANONYMITY_THRESHOLD must be at least 5.",
                hint="Set ANONYMITY_THRESHOLD to 5 or more (the default is 10).",
                id="drommeskolen.E001",
            )
        ]
    return []
