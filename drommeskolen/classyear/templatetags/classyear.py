"""`{% dk2_pulse school_class as moved %}`: how the class pulse moved since DK1, for the
DK2 page of the dreamclass app (classyear/_dk2_pulse.html)."""

from typing import Any

from django import template

from drommeskolen.people.models import SchoolClass

from ..year import dk2_pulse as _dk2_pulse

register = template.Library()


@register.simple_tag
def dk2_pulse(school_class: SchoolClass) -> dict[str, Any]:
    return _dk2_pulse(school_class)
