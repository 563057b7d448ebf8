"""The class poster (A3 or A4) and the year summary as PDFs, rendered by WeasyPrint with
the fonts embedded (DejaVu), in the school's written standard — as cases/record.py does."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .charts import year_chart
from .forms import QUESTION_LABELS
from .year import ClassYear

SIZES = ("A3", "A4")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which pages do not need

    pdf: bytes = HTML(string=html).write_pdf(presentational_hints=True)
    return pdf


def poster_html(year: ClassYear, size: str) -> str:
    with translation.override(year.school_class.school.written_standard):
        return render_to_string("classyear/print/poster.html", {"year": year, "size": size if size in SIZES else "A4"})


def poster_pdf(year: ClassYear, size: str) -> bytes:
    return _pdf(poster_html(year, size))


def summary_pdf(year: ClassYear) -> bytes:
    with translation.override(year.school_class.school.written_standard):
        html = render_to_string(
            "classyear/print/summary.html",
            {"year": year, "questions": QUESTION_LABELS, "printed_at": timezone.now(), "chart": year_chart(year)},
        )
    return _pdf(html)
