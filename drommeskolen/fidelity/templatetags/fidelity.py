from typing import Any

from django import template

from drommeskolen.fidelity.access import is_network_viewer

register = template.Library()


@register.filter
def network_viewer(user: Any) -> bool:
    """For the main menu: only asked when the user has no school to work in (one query)."""
    return is_network_viewer(user)
