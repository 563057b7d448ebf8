"""Access-matrix rows for the investigation, the evaluation and the deadline targets.

The sample case is handled by the department head; the POSTs send an empty form, so the
case's circle gets the page back with errors (200) and everyone else 404."""

from tests.matrix import CASE_OPENERS, Route

ROWS: dict[str, Route] = {
    "cases:investigation": Route(ok=CASE_OPENERS),
    "cases:investigation_step": Route(ok=CASE_OPENERS, method="post"),
    "cases:record_finding": Route(ok=CASE_OPENERS, method="post"),
    "cases:record_experience": Route(ok=CASE_OPENERS, method="post"),
    "cases:record_best_interests": Route(ok=CASE_OPENERS, method="post"),
    "cases:record_factors": Route(ok=CASE_OPENERS, method="post"),
    "cases:add_involved_pupil": Route(ok=CASE_OPENERS, method="post"),
    "cases:evaluation": Route(ok=CASE_OPENERS),
    "cases:duty_settings": Route(ok=frozenset({"principal"})),
}
