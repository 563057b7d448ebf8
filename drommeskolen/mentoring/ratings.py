"""Anonymous pupil ratings of a life-skills session (1–5), shown only in aggregate.

Pure functions, no Django: the summary exists only when at least `threshold` pupils have
rated (settings.ANONYMITY_THRESHOLD), so that nobody can work out what one pupil said.
"""

from collections.abc import Iterable
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
    counted = [score for score in scores if score in SCORES]
    if not counted or len(counted) < max(threshold, 1):
        return None
    distribution = {score: 0 for score in SCORES}
    for score in counted:
        distribution[score] += 1
    return RatingSummary(count=len(counted), average=round(sum(counted) / len(counted), 1), distribution=distribution)
