"""The time the Drømmeskolen model takes, against the model's own estimate (seed 000).

Seed: surveys at participating schools show the work "totalt tilsvarer circa 20–25
prosent stilling på en skole med 500 elever". We scale that linearly by the school's
pupil count. Pure functions, no Django.
"""

from dataclasses import dataclass
from decimal import Decimal

# One full position's working hours in a school year. Assumption: the common Norwegian
# yearly working time of 1687.5 hours (37.5 h/week over 45 weeks after holidays). The
# seed gives a share of "one position", not hours; change this constant if a school
# counts differently (teachers' annual working time, årsverk, is the same figure).
POSITION_HOURS_PER_YEAR = Decimal("1687.5")
REFERENCE_PUPILS = 500
SHARE_LOW = Decimal("0.20")
SHARE_HIGH = Decimal("0.25")


@dataclass(frozen=True)
class Estimate:
    low: Decimal
    high: Decimal


def estimate_hours(pupils: int) -> Estimate:
    """20–25 % of one position per 500 pupils, scaled to `pupils`, in hours per year."""
    scale = Decimal(max(pupils, 0)) / REFERENCE_PUPILS
    return Estimate(
        low=(POSITION_HOURS_PER_YEAR * SHARE_LOW * scale).quantize(Decimal("0.1")),
        high=(POSITION_HOURS_PER_YEAR * SHARE_HIGH * scale).quantize(Decimal("0.1")),
    )


@dataclass(frozen=True)
class Bar:
    """Widths in percent of the drawing for the used hours and the estimate's band."""

    used: float
    low: float
    high: float
    over: bool  # more hours used than the high estimate

    @property
    def band(self) -> float:
        """Width of the estimate's band, from low to high."""
        return round(self.high - self.low, 1)


def bar(used: Decimal, estimate: Estimate) -> Bar:
    """Scale so that the larger of `used` and the high estimate fills 100 %."""
    top = max(used, estimate.high)
    if top <= 0:
        return Bar(used=0.0, low=0.0, high=0.0, over=False)

    def pct(value: Decimal) -> float:
        return round(float(value / top * 100), 1)

    return Bar(used=pct(used), low=pct(estimate.low), high=pct(estimate.high), over=used > estimate.high)
