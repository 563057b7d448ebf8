"""Reading an uploaded roster file into rows of text, whatever program saved it.

Accepts CSV in UTF-8 (with or without a byte-order mark) or Windows-1252 (what Excel
in Norwegian saves as "CSV (semikolonseparert)"), separated by semicolons, commas or
tabs, and Excel workbooks (.xlsx, first sheet). Line numbers are the row numbers the
user sees in Excel: the header is line 1, and blank rows still count.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
# An .xlsx is a zip archive; refuse archives that unpack to far more than an honest
# roster could, before openpyxl inflates them in memory.
XLSX_MAX_UNPACKED_RATIO = 40


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing in it is imported."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]  # normalised header → trimmed cell text


@dataclass(frozen=True)
class Table:
    headers: dict[str, str]  # normalised header → the header as written in the file
    rows: list[Row]
    header_line: int = 1


def normalise_header(text: str) -> str:
    """'E-post', 'e post', 'E_POST' and 'epost' are the same column."""
    return re.sub(r"[\s_\-]+", "", text.replace("\ufeff", "")).casefold()


def max_rows() -> int:
    return int(settings.IMPORT_MAX_ROWS)


def read_table(data: bytes, file_name: str) -> Table:
    """Parse `data` into a Table, or raise FileRejected with a message in Norwegian."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileRejected(
            _(
                "Filen er for stor ({size} MB). Største tillatte størrelse er {limit} MB. Del den opp i flere filer."
            ).format(size=_megabytes(len(data)), limit=_megabytes(settings.IMPORT_MAX_BYTES))
        )
    if not data.strip():
        raise FileRejected(_("Filen er tom."))
    if data.startswith(OLE_MAGIC) or file_name.lower().endswith(".xls"):
        raise FileRejected(_("Gamle Excel-filer (.xls) kan ikke leses. Lagre filen som .xlsx eller CSV og prøv igjen."))
    grid = _xlsx_grid(data) if data.startswith(ZIP_MAGIC) else _csv_grid(_decode(data))
    return _table(grid)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _decode(data: bytes) -> str:
    if data.startswith(UTF8_BOM):
        encoding = "utf-8-sig"
    else:
        try:
            return _text(data.decode("utf-8"))
        except UnicodeDecodeError:
            # Not UTF-8: Norwegian Excel saves CSV as Windows-1252. Letters like æøå in
            # Windows-1252 are never valid UTF-8, so trying UTF-8 first is safe.
            encoding = "cp1252"
    try:
        return _text(data.decode(encoding))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            _(
                "Filen har tegn som ikke kan leses (verken UTF-8 eller Windows-1252). "
                "Lagre den som «CSV UTF-8» fra Excel og prøv igjen."
            ),
            line=line,
        ) from None


def _text(text: str) -> str:
    if "\x00" in text:
        # UTF-16 ("Unicode-tekst" in Excel) and other binary files end up here.
        raise FileRejected(
            _("Filen er ikke en CSV- eller Excel-fil. Lagre den som «CSV UTF-8» eller .xlsx og prøv igjen.")
        )
    return text


def _csv_grid(text: str) -> list[list[str]]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Headers never contain separators, so the one the header line uses most is the one.
    delimiter = max([";", ",", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(record) for record in reader]
    except csv.Error:
        raise FileRejected(
            _("Filen kunne ikke leses som CSV (et anførselstegn er ikke lukket?)."), line=reader.line_num
        ) from None


def _xlsx_grid(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > XLSX_MAX_UNPACKED_RATIO * settings.IMPORT_MAX_BYTES:
            raise FileRejected(_("Excel-filen er for stor når den pakkes ut. Del den opp i flere filer."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileRejected:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip file
        raise FileRejected(
            _("Filen kunne ikke leses som Excel-fil (.xlsx). Lagre den på nytt og prøv igjen.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 8.0 in a number cell is the grade 8, E-numbers lose nothing
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    return str(value)


def _table(grid: list[list[str]]) -> Table:
    # Skip leading blank rows: the header is the first row with any content.
    start = next((i for i, cells in enumerate(grid) if any(c.strip() for c in cells)), None)
    if start is None:
        raise FileRejected(_("Filen er tom."))
    header_line = start + 1
    headers: dict[str, str] = {}
    positions: list[str] = []
    for cell in grid[start]:
        written = cell.replace("\ufeff", "").strip()
        key = normalise_header(written)
        if key and key in headers:
            raise FileRejected(_("Kolonnen «{header}» står to ganger.").format(header=written), line=header_line)
        if key:
            headers[key] = written
        positions.append(key)
    rows: list[Row] = []
    limit = max_rows()
    for index in range(start + 1, len(grid)):
        cells = grid[index]
        if not any(c.strip() for c in cells):
            continue
        line = index + 1
        if len(rows) == limit:
            raise FileRejected(
                ngettext(
                    "Filen har for mange rader. Største tillatte antall er {limit} rad. Del den opp i flere filer.",
                    "Filen har for mange rader. Største tillatte antall er {limit} rader. Del den opp i flere filer.",
                    limit,
                ).format(limit=limit),
                line=line,
            )
        values = {key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(positions) if key}
        rows.append(Row(line=line, values=values))
    if not rows:
        raise FileRejected(_("Filen har bare overskriftsraden og ingen rader med data."))
    return Table(headers=headers, rows=rows, header_line=header_line)
