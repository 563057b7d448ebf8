"""Small-number suppression for aggregate figures (no names, no small groups). Pure Python.

A count between 1 and `threshold - 1` could point at one pupil, so it is not shown. Zero is
shown: it names nobody. A median computed from fewer than `threshold` values is not shown
at all.

Secondary suppression: when the sum of a group of counts is known (shown elsewhere, or
worked out from another breakdown of the same cases), one hidden count in the group could
be recovered by subtraction. So a group with exactly one hidden count hides its next
smallest count too (LAW.md: "and so is any figure from which a suppressed one could be
worked out").

Every hidden count is shown the same way, as HIDDEN: a count hidden to protect another
may be large, so "<threshold" would be untrue for it, and a different mark would tell
which of the two is the small one.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

HIDDEN = "–"


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: `value` is None when it is suppressed."""

    value: int | None
    threshold: int

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return str(self.value) if self.value is not None else HIDDEN


def is_small(count: int, threshold: int) -> bool:
    """True for a count that must not be shown (1 … threshold - 1)."""
    return 0 < count < threshold


def cell(count: int, threshold: int) -> Cell:
    """One count on its own (primary suppression only)."""
    return Cell(None if is_small(count, threshold) else count, threshold)


def suppress_group(counts: Sequence[int], threshold: int) -> list[Cell]:
    """The counts of one breakdown whose sum is (or may become) known.

    Primary suppression of small counts, then — when exactly one count is hidden — the
    smallest other count is hidden too (a nonzero one when there is one), so no hidden
    count follows from the sum by subtraction."""
    hidden = {i for i, n in enumerate(counts) if is_small(n, threshold)}
    if len(hidden) == 1:
        others = [i for i in range(len(counts)) if i not in hidden]
        if others:
            # Prefer the smallest nonzero count; a zero only when nothing else is left.
            hidden.add(min(others, key=lambda i: (counts[i] == 0, counts[i], i)))
    return [Cell(None if i in hidden else n, threshold) for i, n in enumerate(counts)]


def suppressed_median(values: Sequence[float], threshold: int) -> float | None:
    """The median of `values`, or None when there are fewer than `threshold` of them."""
    if len(values) < threshold or not values:
        return None
    return float(statistics.median(values))
