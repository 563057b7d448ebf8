"""The dashboard's plots: matplotlib SVG drawn on the server and put inline (lib/svg.py).
Every plot has a table with the same figures on the page."""

import io
from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from drommeskolen.lib.svg import inline_svg

from .dashboard import Dashboard

DONE_COLOUR = "#1e5a96"  # contrast against white > 3:1 (WCAG 1.4.11)
SECOND_COLOUR = "#8a4b00"


def _bars(
    name: str, labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]], title: str, desc: str
) -> SafeString:
    """Horizontal bars in percent of what the model expects, one group per label."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name, "font.size": 10}):
        height = max(2.4, 0.5 * len(labels) * max(len(series), 1) + 1)
        figure = Figure(figsize=(8, height), layout="constrained")
        axes = figure.add_subplot()
        width = 0.8 / max(len(series), 1)
        for index, (label, colour, values) in enumerate(series):
            ys = [i + (index - (len(series) - 1) / 2) * width for i in range(len(labels))]
            axes.barh(ys, values, width, label=label, color=colour, hatch="//" if index else None, edgecolor="white")
            for y, value in zip(ys, values, strict=True):
                axes.annotate(f"{value} %", (value, y), xytext=(3, 0), textcoords="offset points", va="center")
        axes.set_yticks(range(len(labels)), labels)
        axes.invert_yaxis()
        axes.set_xlim(0, max([100, *[v for _l, _c, values in series for v in values]]) * 1.15)
        axes.axvline(100, color="#333333", linewidth=0.8, linestyle="--")
        axes.set_xlabel(_("Prosent av det modellen forventer"))
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(frameon=False, loc="lower right")
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return inline_svg(buffer.getvalue(), name, title, desc)


def charts(dashboard: Dashboard) -> dict[str, SafeString]:
    """One plot for the headline measures and, when there are classes, one per class."""
    measures = dashboard.measures
    plots = {
        "measures": _bars(
            "chart-measures",
            [str(m.label) for m in measures],
            [(_("Gjennomført"), DONE_COLOUR, [m.percent for m in measures])],
            _("Planlagt mot gjennomført i år"),
            _("Liggende stolper: prosent gjennomført av det som er planlagt. Tallene står i tabellen under."),
        )
    }
    transition = [row for row in dashboard.classes if row.transition]
    if transition:
        plots["classes"] = _bars(
            "chart-classes",
            [row.name for row in transition],
            [
                (_("Oppfølgingstimer"), DONE_COLOUR, [row.follow_up.percent for row in transition]),
                (_("Livsmestringssamlinger"), SECOND_COLOUR, [row.life_skills.percent for row in transition]),
            ],
            _("Oppfølgingstimer og livsmestringssamlinger per klasse"),
            _("Liggende stolper per klasse, i prosent. Tallene står i tabellen «Per klasse»."),
        )
    return plots
