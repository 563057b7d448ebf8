"""The term report: the fidelity dashboard as an A4 PDF with page numbers, no names."""

from django.template.loader import render_to_string
from django.utils import timezone

from drommeskolen.cases.actions import record_language

from . import charts
from .dashboard import Dashboard


def render_html(board: Dashboard) -> str:
    with record_language(board.school):
        return render_to_string(
            "fidelity/report.html",
            {"board": board, "charts": charts.charts(board), "printed_at": timezone.localtime()},
        )


def render_pdf(board: Dashboard) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which pages do not need

    pdf: bytes = HTML(string=render_html(board)).write_pdf(presentational_hints=True)
    return pdf
