"""Example roster files, with made-up people, for an upper-secondary school.

The upload page serves these, and `manage.py write_roster_examples` writes them to
docs/examples/ (a test checks that the committed copies are current).
The four files fit together: import them in the order klasser, ansatte, elever, foresatte.
"""

import csv
import io
from pathlib import Path

from .columns import COLUMNS, EXAMPLE_FILE_NAMES
from .models import ImportKind

EXAMPLE_ROWS: dict[str, list[list[str]]] = {
    ImportKind.CLASSES: [
        ["1STA", "Vg1", "Studiespesialisering"],
        ["1STB", "Vg1", "Studiespesialisering"],
        ["2STA", "Vg2", "Studiespesialisering"],
        ["1ELA", "Vg1", "Elektro og datateknologi"],
    ],
    ImportKind.STAFF: [
        ["A1001", "Ingrid", "Haugen", "ingrid.haugen@drommetorp.example", "Rektor", "rektor", "", ""],
        [
            "A1002",
            "Ola",
            "Berg",
            "ola.berg@drommetorp.example",
            "Lektor",
            "kontaktlærer, lærer",
            "kontaktlærer:1STA, lærer:1STB, lærer:2STA",
            "ola.berg@drommetorp.example",
        ],
        ["A1003", "Fatima", "Ali", "fatima.ali@drommetorp.example", "Lektor", "kontaktlærer", "1STB", ""],
        [
            "A1004",
            "Per",
            "Johansen",
            "per.johansen@drommetorp.example",
            "Miljøarbeider",
            "miljøarbeider, ressursgruppe",
            "",
            "",
        ],
        [
            "A1005",
            "Siri",
            "Nilsen",
            "siri.nilsen@drommetorp.example",
            "Avdelingsleder",
            "avdelingsleder, lærer",
            "2STA",
            "",
        ],
    ],
    ImportKind.PUPILS: [
        ["E2001", "Nora", "Solberg", "14.03.2010", "jente", "1STA", "nei", "nora.solberg@drommetorp.example", ""],
        ["E2002", "Jonas", "Lie", "02.11.2009", "gutt", "1STA", "", "", ""],
        ["E2003", "Amir", "Hassan", "2010-06-21", "", "1STB", "nei", "", "amir.hassan@elev.drommetorp.example"],
        ["E2004", "Emma", "Dahl", "30.01.2010", "jente", "1STB", "ja", "", ""],
        ["E2005", "Liam", "Pettersen", "11.09.2008", "gutt", "2STA", "", "", ""],
    ],
    ImportKind.GUARDIANS: [
        ["F3001", "Kari", "Solberg", "kari.solberg@hjemme.example", "+47 912 34 567", "E2001", "ja"],
        ["F3002", "Trond", "Solberg", "trond.solberg@hjemme.example", "", "E2001", "ja"],
        ["F3003", "Hanne", "Lie", "hanne.lie@hjemme.example", "98765432", "E2002", "ja"],
        ["F3003", "Hanne", "Lie", "hanne.lie@hjemme.example", "98765432", "E2005", "ja"],
        ["F3004", "Morten", "Lie", "", "", "E2002", "nei"],
    ],
}
XLSX_EXAMPLE = "elever.xlsx"


def csv_bytes(kind: str) -> bytes:
    """The example as Norwegian Excel's "CSV UTF-8" would save it: semicolons, with a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS[kind]])
    writer.writerows(EXAMPLE_ROWS[kind])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_bytes(kind: str) -> bytes:
    import tablib

    dataset = tablib.Dataset(*EXAMPLE_ROWS[kind], headers=[column.header for column in COLUMNS[kind]])
    dataset.title = str(ImportKind(kind).label)
    data: bytes = dataset.export("xlsx")
    return data


def example_files() -> dict[str, bytes]:
    files = {EXAMPLE_FILE_NAMES[kind]: csv_bytes(kind) for kind in ImportKind}
    files[XLSX_EXAMPLE] = xlsx_bytes(ImportKind.PUPILS)
    return files


def write_examples(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in example_files().items():
        (folder / name).write_bytes(data)
