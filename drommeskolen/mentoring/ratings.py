"""Anonymous pupil ratings of a life-skills session (1–5), shown only in aggregate.

Pure functions, no Django. The database keeps no ratings, only how many gave each score
(mentoring.models.RatingTally), and the summary is worked out from those counters. It
exists only when at least `threshold` pupils have rated (settings.ANONYMITY_THRESHOLD), so
that nobody can work out what one pupil said.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float
    distribution: dict[int, int]  # score → how many gave it, every score present


def summarise(scores: Iterable[int], *, threshold: int) -> RatingSummary | None:
    """The average and distribution, or None while fewer than `threshold` have rated.

    A threshold below 1 is treated as 1: there is nothing to show without a rating."""
    distribution = dict.fromkeys(SCORES, 0)
    for score in scores:
        if score in SCORES:
            distribution[score] += 1
    return summarise_counts(distribution, threshold=threshold)


def summarise_counts(counts: Mapping[int, int], *, threshold: int) -> RatingSummary | None:
    """The same from the session's counters (score → how many gave it)."""
    distribution = {score: counts.get(score, 0) for score in SCORES}
    rated = sum(distribution.values())
    if not rated or rated < max(threshold, 1):
        return None
    total = sum(score * n for score, n in distribution.items())
    return RatingSummary(count=rated, average=round(total / rated, 1), distribution=distribution)
