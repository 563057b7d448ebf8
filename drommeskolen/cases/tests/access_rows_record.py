"""Access-matrix rows for the case record (saksmappe), the archive package and the overview
without names (tests/test_access_matrix.py).

The record and the package are the case page in another form: the case's circle only (the
sample case is handled by the department head). The overview shows aggregates to the
school's leadership and to the school owner's representative.
"""

from tests.matrix import CASE_OPENERS, Route

ROWS: dict[str, Route] = {
    "cases:record_pdf": Route(ok=CASE_OPENERS),
    "cases:record_archive": Route(ok=CASE_OPENERS),
    "cases:overview": Route(ok=frozenset({"principal", "leadership", "owner_representative"})),
}
