"""The class year's rules as plain Python (no Django): pulse summaries under the anonymity
threshold, pulse drops, mission periods and missed follow-up hours."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# A follow-up is "missed" when none was recorded within this many days after the hour the
# årshjul expected (the hour may have moved a day or two in the week).
GRACE_DAYS = 2
# A follow-up held up to this many days before the expected hour counts for it.
EARLY_DAYS = 7
QUESTIONS = ("safety", "belonging", "missions")


@dataclass(frozen=True)
class PulseSummary:
    count: int
    averages: dict[str, Decimal]  # question → average, 1–5, two decimals
    overall: Decimal


def _two(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summarise(responses: Sequence[dict[str, int]], *, threshold: int) -> PulseSummary | None:
    """Averages per question and overall, or None while fewer than `threshold` pupils
    (at least 1) have answered — then nothing about the answers may be shown."""
    if not responses or len(responses) < max(threshold, 1):
        return None
    averages = {q: _two(sum(r[q] for r in responses) / len(responses)) for q in QUESTIONS}
    overall = _two(sum(sum(r[q] for q in QUESTIONS) for r in responses) / (len(responses) * len(QUESTIONS)))
    return PulseSummary(count=len(responses), averages=averages, overall=overall)


def pulse_drop(previous: Decimal | None, current: Decimal | None, *, alert_at: Decimal) -> Decimal | None:
    """How far the pulse fell, when it fell by at least `alert_at`; else None. Pulses
    below the threshold have no average (None) and are never compared."""
    if previous is None or current is None:
        return None
    drop = previous - current
    return drop if drop >= alert_at else None


def missed_hours(
    expected: Iterable[datetime.date], held: Iterable[datetime.date], *, today: datetime.date
) -> list[datetime.date]:
    """Expected follow-up hours with no follow-up held from EARLY_DAYS before to GRACE_DAYS
    after, once those GRACE_DAYS have passed."""
    held_days = sorted(held)
    missed = []
    for day in sorted(expected):
        if today <= day + datetime.timedelta(days=GRACE_DAYS):
            continue
        first, last = day - datetime.timedelta(days=EARLY_DAYS), day + datetime.timedelta(days=GRACE_DAYS)
        if not any(first <= h <= last for h in held_days):
            missed.append(day)
    return missed


def current_period_start(starts: Iterable[datetime.date], today: datetime.date) -> datetime.date | None:
    """The start of the period running today: the latest start on or before today."""
    return max((day for day in starts if day <= today), default=None)


def next_swap(schedule: Iterable[datetime.date], today: datetime.date) -> datetime.date | None:
    """The next day missions are swapped (the next follow-up hour after today)."""
    return min((day for day in schedule if day > today), default=None)
