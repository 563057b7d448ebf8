"""Reading files into rows (no database): encodings, separators, line numbers, refusals."""

import pytest

from drommeskolen.rosters.files import FileRejected, read_table


def lines_and_values(table):
    return [(row.line, row.values) for row in table.rows]


def test_utf8_with_bom_and_commas():
    table = read_table("\ufeffKlasse,Trinn\n1STA,Vg1\n".encode(), "k.csv")
    assert table.headers == {"klasse": "Klasse", "trinn": "Trinn"}
    assert lines_and_values(table) == [(2, {"klasse": "1STA", "trinn": "Vg1"})]


def test_cp1252_semicolons_and_tabs():
    cp1252 = "fødselsdato;navn\n01.02.2010;Åse\n".encode("cp1252")
    assert lines_and_values(read_table(cp1252, "e.csv")) == [(2, {"fødselsdato": "01.02.2010", "navn": "Åse"})]
    assert read_table(b"a\tb\n1\t2\n", "t.txt").rows[0].values == {"a": "1", "b": "2"}


def test_line_numbers_are_excel_rows():
    # Blank rows and leading blank lines count; a quoted value over two lines is one row.
    data = b'\n\nid;navn\n1;"To\nlinjer"\n\n2;B\n'
    table = read_table(data, "f.csv")
    assert table.header_line == 3
    assert [row.line for row in table.rows] == [4, 6]
    assert table.rows[0].values["navn"] == "To\nlinjer"


def test_short_rows_are_padded_and_extra_cells_ignored():
    table = read_table(b"a;b\n1\n2;3;4\n", "f.csv")
    assert [row.values for row in table.rows] == [{"a": "1", "b": ""}, {"a": "2", "b": "3"}]


@pytest.mark.parametrize(
    ("data", "name", "message", "line"),
    [
        ("a;b\n".encode("utf-16"), "f.csv", "Filen er ikke en CSV- eller Excel-fil.", None),
        (b"\xd0\xcf\x11\xe0rest", "f.xls", "Gamle Excel-filer (.xls) kan ikke leses.", None),
        (b"PK\x03\x04broken", "f.xlsx", "Filen kunne ikke leses som Excel-fil (.xlsx).", None),
        (b"a;A;b\n1;2;3\n", "f.csv", "Kolonnen «A» står to ganger.", 1),
        (b"   \n\n", "f.csv", "Filen er tom.", None),
    ],
)
def test_files_refused_as_a_whole(data, name, message, line, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileRejected) as refused:
        read_table(data, name)
    assert refused.value.message.startswith(message)
    assert refused.value.line == line
