"""The pulse trend as a server-rendered matplotlib SVG, inline under the page's CSP (no
<style>, no inline style attributes — as cases/overview.py does it)."""

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .year import ClassYear

LINE_COLOUR = "#1e5a96"  # contrast against white > 3:1 (WCAG 1.4.11)
_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _presentation_attributes(match: re.Match[str]) -> str:
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def _inline_svg(svg: str, name: str, title: str, desc: str) -> SafeString:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _STYLE.sub(_presentation_attributes, svg)
    svg = re.sub(r'\swidth="[^"]*pt"\s+height="[^"]*pt"', ' width="100%"', svg, count=1)
    labelled = (
        f' role="img" aria-labelledby="{name}-title {name}-desc" class="chart">'
        f'<title id="{name}-title">{escape(title)}</title><desc id="{name}-desc">{escape(desc)}</desc>'
    )
    svg = re.sub(r"<svg([^>]*)>", lambda m: f"<svg{m.group(1)}{labelled}", svg, count=1)
    return mark_safe(svg)  # noqa: S308 -- made by matplotlib from numbers and escaped labels


def pulse_chart(labels: Sequence[str], averages: Sequence[Decimal], *, title: str, desc: str) -> SafeString:
    """A line of the class's shown pulses (averages 1–5), one point per follow-up."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "pulse", "font.size": 10}):
        figure = Figure(figsize=(8, 3.2), layout="constrained")
        axes = figure.add_subplot()
        xs = list(range(len(labels)))
        ys = [float(a) for a in averages]
        axes.plot(xs, ys, marker="o", color=LINE_COLOUR, linewidth=2)
        for x, y in zip(xs, ys, strict=True):
            axes.annotate(f"{y:.1f}", (x, y), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
        axes.set_xticks(
            xs, labels, rotation=0 if len(labels) <= 8 else 45, ha="center" if len(labels) <= 8 else "right"
        )
        axes.set_ylim(1, 5.4)
        axes.set_yticks([1, 2, 3, 4, 5])
        axes.grid(axis="y", color="#cccccc", linewidth=0.5)
        axes.spines[["top", "right"]].set_visible(False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline_svg(buffer.getvalue(), "pulse-chart", title, desc)


def year_chart(year: "ClassYear") -> SafeString | None:
    """The class's shown pulses over the year, or None with fewer than two."""
    shown = year.shown_pulses
    if len(shown) < 2:
        return None
    return pulse_chart(
        [formats.date_format(p.held_on, "j.n.") for p in shown],
        [p.average for p in shown if p.average is not None],
        title=_("Klassepulsen gjennom året"),
        desc=_("Linjediagram med snittet (1–5) for hver puls med nok svar. Tallene står i tabellen under."),
    )
