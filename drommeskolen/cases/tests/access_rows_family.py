"""Access-matrix rows for the family's copies of the activity plan (tests/test_access_matrix.py).

The sample copy belongs to an adopted plan for `cast.pupil`: the guardian with parental
responsibility and the pupil (16) each have one; everyone else is given the guardian's copy
to try. "Other": a copy at school B addressed to the asking user — still 404 at school A.
"""

import datetime
from typing import Any

from django.utils import timezone

from conftest import Cast
from drommeskolen.cases.actions import (
    add_measure,
    adopt_plan_version,
    open_case,
    report_concern,
    save_plan_draft,
    start_plan_version,
)
from drommeskolen.cases.models import Case, CaseStatus, PlanArea, PlanCopy, PlanVersion
from tests.matrix import Route, Sample

FAMILY_READERS = frozenset({"guardian", "pupil_user"})

ROWS: dict[str, Route] = {
    # Guardians with parental responsibility and pupils aged 15 or more (the mentor is a
    # 16-year-old pupil too): an empty list until the school sends a plan.
    "cases:family_plans": Route(ok=FAMILY_READERS | {"mentor"}),
    "cases:family_plan": Route(ok=FAMILY_READERS),
    # An empty answer: the reader gets the page back with the error (200).
    "cases:family_respond": Route(ok=FAMILY_READERS, method="post"),
}


def adopt_plan(
    case: Case,
    *,
    by: Any,
    staff: Any,
    problem: str = "Eleven holdes utenfor i friminuttene.",
    description: str = "Voksen ute i alle friminutt",
    pupil_view: str = "«Jeg har ingen å være med.»",
    guardians_view: str = "",
) -> PlanVersion:
    """Draft, fill in (a)–(e) and adopt the next version of the case's plan."""
    version = start_plan_version(acting_user=by, case=case)
    save_plan_draft(
        acting_user=by,
        version=version,
        problem=problem,
        pupil_view=pupil_view,
        guardians_view=guardians_view,
        evaluation_date=timezone.localdate() + datetime.timedelta(days=21),
    )
    for measure in list(version.measures.all()):
        measure.delete()
    add_measure(
        acting_user=by,
        version=version,
        description=description,
        starts_on=timezone.localdate(),
        responsible=[staff],
        areas=[PlanArea.ADULT_ROLE],
    )
    return adopt_plan_version(acting_user=by, version=version)


def open_case_for(pupil: Any, *, reporter: Any, opener: Any) -> Case:
    existing = Case.objects.filter(pupil=pupil).exclude(status=CaseStatus.CLOSED).first()
    if existing is not None:
        return existing
    concern = report_concern(
        acting_user=reporter,
        school=pupil.school,
        pupils=[pupil],
        what_happened="Ble holdt utenfor i friminuttet.",
        occurred_at=timezone.now(),
    )
    return open_case(acting_user=opener, concern=concern)[0]


def _copy(cast: Cast, user: Any, own: bool) -> Any:
    if own:
        case = open_case_for(cast.pupil, reporter=cast.contact_teacher, opener=cast.department_head)
        if not PlanCopy.objects.filter(version__plan__case=case).exists():
            adopt_plan(case, by=cast.department_head, staff=cast.contact_teacher)
        copies = PlanCopy.objects.filter(version__plan__case=case)
        mine = copies.filter(reader=user).first()
        return (mine or copies.get(reader=cast.guardian)).uuid
    case = open_case_for(cast.other_pupil, reporter=cast.outsider, opener=cast.outsider)
    version = PlanVersion.objects.filter(plan__case=case, status="adopted").first()
    if version is None:
        version = adopt_plan(case, by=cast.outsider, staff=cast.outsider)
    copy, _created = PlanCopy.objects.get_or_create(version=version, reader=user, defaults={"content": {}})
    return copy.uuid


SAMPLES: dict[str, Sample] = {"copy_uuid": _copy}
