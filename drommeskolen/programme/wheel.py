"""The year wheel (årshjul) drawn as an SVG, the way schools draw it on paper: twelve
month sectors from August at the top, clockwise, and the events as marks on rings.

Everything is computed here and drawn by the template; each mark has a <title>, and the
page gives the same content as month lists for those who do not see the drawing.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import formats

from .catalogue import SCHOOL_MONTHS
from .models import EventKind, WheelEvent

SIZE = 420
CENTRE = SIZE // 2
OUTER, INNER = 200.0, 70.0
LABEL_RADIUS = 186.0

# Rings from the outside in: the classes, the resource group, staff and mentors, the network.
RINGS: dict[str, tuple[float, str]] = {
    EventKind.DK1: (160, "#1e5aa8"),
    EventKind.DK2: (160, "#1e5aa8"),
    EventKind.LIFE_SKILLS: (145, "#0b6e4f"),
    EventKind.FOLLOW_UP_HOUR: (145, "#0b6e4f"),
    EventKind.PARENT_MEETING: (145, "#0b6e4f"),
    EventKind.RESOURCE_GROUP_MEETING: (125, "#8a3b12"),
    EventKind.RESOURCE_GROUP_WORKSHOP: (125, "#8a3b12"),
    EventKind.FOLLOW_UP_WORKSHOP: (125, "#8a3b12"),
    EventKind.STAFF_WORKSHOP: (105, "#6b2c91"),
    EventKind.CONTACT_TEACHER_TRAINING: (105, "#6b2c91"),
    EventKind.MENTOR_RECRUITMENT: (105, "#6b2c91"),
    EventKind.MENTOR_TRAINING: (105, "#6b2c91"),
    EventKind.NETWORK_GATHERING: (88, "#333333"),
    EventKind.PUPIL_SURVEY: (88, "#333333"),
    EventKind.OTHER: (88, "#333333"),
}


def _n(value: float) -> str:
    return f"{value:.2f}"


def _point(angle: float, radius: float) -> tuple[float, float]:
    return round(CENTRE + radius * math.sin(angle), 2), round(CENTRE - radius * math.cos(angle), 2)


def month_index(day: datetime.date) -> int:
    return SCHOOL_MONTHS.index(day.month)


def _angle(day: datetime.date) -> float:
    """August 1st at the top, each month a twelfth of the circle."""
    days_in_month = (datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1) - day.replace(day=1)).days
    position = month_index(day) + (day.day - 0.5) / days_in_month
    return 2 * math.pi * position / 12


@dataclass(frozen=True)
class Sector:
    path: str
    label: str
    label_x: str  # numbers as text: the template must not localise them ("12,5")
    label_y: str
    shaded: bool


@dataclass(frozen=True)
class Mark:
    x: str
    y: str
    radius: str
    colour: str
    title: str


def sectors(month_names: Sequence[str]) -> list[Sector]:
    result = []
    for index, name in enumerate(month_names):
        start, end = 2 * math.pi * index / 12, 2 * math.pi * (index + 1) / 12
        (ox1, oy1), (ox2, oy2) = _point(start, OUTER - 22), _point(end, OUTER - 22)
        (ix1, iy1), (ix2, iy2) = _point(end, INNER), _point(start, INNER)
        path = (
            f"M {ox1} {oy1} A {OUTER - 22} {OUTER - 22} 0 0 1 {ox2} {oy2} "
            f"L {ix1} {iy1} A {INNER} {INNER} 0 0 0 {ix2} {iy2} Z"
        )
        lx, ly = _point((start + end) / 2, LABEL_RADIUS)
        result.append(Sector(path, name, _n(lx), _n(ly), index % 2 == 0))
    return result


@dataclass
class Group:
    kind: str
    kind_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    titles: list[str]

    @property
    def count(self) -> int:
        return len(self.titles)


def groups(events: Iterable[WheelEvent]) -> list[Group]:
    """Events of the same kind on the same day drawn and listed as one (e.g. the follow-up
    hours of every class in a week)."""
    by_key: dict[tuple[str, datetime.date], Group] = {}
    for event in events:
        key = (event.kind, event.starts_on)
        if key not in by_key:
            by_key[key] = Group(event.kind, event.get_kind_display(), event.starts_on, event.ends_on, [])
        by_key[key].titles.append(event.title)
        by_key[key].ends_on = max(by_key[key].ends_on, event.ends_on)
    return sorted(by_key.values(), key=lambda g: (g.starts_on, g.kind))


def marks(found: Iterable[Group]) -> list[Mark]:
    result = []
    for group in found:
        radius, colour = RINGS.get(group.kind, RINGS[EventKind.OTHER])
        x, y = _point(_angle(group.starts_on), radius)
        when = formats.date_format(group.starts_on, "j. F")
        extra = f" ({group.count})" if group.count > 1 else ""
        result.append(Mark(_n(x), _n(y), "6" if group.count > 1 else "5", colour, f"{group.kind_label}{extra}: {when}"))
    return result


def by_month(found: Iterable[Group]) -> dict[int, list[Group]]:
    months: dict[int, list[Group]] = defaultdict(list)
    for group in found:
        months[group.starts_on.month].append(group)
    return months
