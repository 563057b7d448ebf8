"""The class year's rules as plain Python (no Django): pulse summaries under the anonymity
threshold, pulse drops, mission periods and missed follow-up hours."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# A follow-up is "missed" when none was recorded within this many days after the hour the
# årshjul expected (the hour may have moved a day or two in the week).
GRACE_DAYS = 2
# A follow-up held up to this many days before the expected hour counts for it.
EARLY_DAYS = 7
QUESTIONS = ("safety", "belonging", "missions")
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class PulseSummary:
    count: int
    averages: dict[str, Decimal]  # question → average, 1–5, two decimals
    overall: Decimal


def _two(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summarise(counts: Mapping[str, Mapping[int, int]], *, threshold: int) -> PulseSummary | None:
    """Averages per question and overall from the pulse's counters (question → score →
    how many gave it), or None while fewer than `threshold` pupils (at least 1) have
    answered — then nothing about the answers may be shown."""
    answered = answered_count(counts)
    if not answered or answered < max(threshold, 1):
        return None
    totals = {q: sum(score * n for score, n in counts.get(q, {}).items() if score in SCORES) for q in QUESTIONS}
    averages = {q: _two(totals[q] / answered) for q in QUESTIONS}
    overall = _two(sum(totals.values()) / (answered * len(QUESTIONS)))
    return PulseSummary(count=answered, averages=averages, overall=overall)


def answered_count(counts: Mapping[str, Mapping[int, int]]) -> int:
    """How many pupils have answered: every answer counts once on each question."""
    return sum(n for score, n in counts.get(QUESTIONS[0], {}).items() if score in SCORES)


def tally(answers: Iterable[Mapping[str, int]]) -> dict[str, dict[int, int]]:
    """Counters from answers (question → score → how many), every score present."""
    counts = {q: dict.fromkeys(SCORES, 0) for q in QUESTIONS}
    for answer in answers:
        for q in QUESTIONS:
            if answer[q] in SCORES:
                counts[q][answer[q]] += 1
    return counts


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
