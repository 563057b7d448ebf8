"""Cases under the duty to act (issue 3 point 11): the same access rules as the web.

Every look-up goes through `drommeskolen.cases.access` with the API request, which carries
the token's user and the school context like a web request: a case opens only for its
circle, every read of a case writes an access-log row (the API path as the page), and
missing and forbidden give the same 404. The journal is append-only here too: there is
no PUT, PATCH or DELETE anywhere; a correction is a new entry pointing at the one it
corrects (`corrects`).
"""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from drommeskolen.cases import access as case_access
from drommeskolen.cases import actions
from drommeskolen.cases.forms import CLOCK_SKEW
from drommeskolen.cases.models import (
    HAND_WRITTEN_KINDS,
    Case,
    CaseStatus,
    JournalEntry,
    JournalKind,
    PlanArea,
    PlanMeasure,
    PlanVersion,
)
from drommeskolen.people.access import PrivacyTrainingRequired, has_privacy_training
from drommeskolen.people.roles import SchoolContext, context_for, schools_of

from .auth import token_user
from .pagination import Pages
from .schemas import Error, PupilRef, ValidationErrorOut

router = Router(tags=["Saker"])

ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}

WRITABLE_KINDS = list(HAND_WRITTEN_KINDS)


def _context(request: HttpRequest, school_uuid: UUID) -> SchoolContext:
    """As `v1._school_context`: only a school of the token's user, set on the request where
    the access functions and the access log look for it."""
    user = token_user(request)
    school = next((s for s in schools_of(user) if s.uuid == school_uuid), None)
    if school is None:
        raise Http404
    ctx = context_for(user, school)
    request.school_context = ctx  # type: ignore[attr-defined]
    return ctx


def _case(request: HttpRequest, school_uuid: UUID, case_uuid: UUID) -> Case:
    _context(request, school_uuid)
    return case_access.access_case(request, case_uuid)


def _name(user: Any) -> str | None:
    return str(user.get_full_name() or user) if user is not None else None


# --- Shapes ------------------------------------------------------------------------------------


class CaseOut(Schema):
    uuid: UUID
    number: str = Field(description="Saksnummeret, for eksempel «2026-0007».")
    status: str = Field(description="reported, investigating, measures_in_place, evaluating, closed eller reopened.")
    status_label: str
    handler: str | None = Field(description="Saksbehandlerens navn.")
    enhanced_duty: bool = Field(description="Skjerpet aktivitetsplikt (§ 12-5): en ansatt kan være den som krenker.")
    created_at: datetime.datetime

    @classmethod
    def fields_of(cls, case: Case) -> dict[str, Any]:
        return {
            "uuid": case.uuid,
            "number": case.number,
            "status": case.status,
            "status_label": str(CaseStatus(case.status).label),
            "handler": _name(case.handler),
            "enhanced_duty": case.enhanced_duty,
            "created_at": case.created_at,
        }

    @classmethod
    def of(cls, case: Case) -> "CaseOut":
        return cls(**cls.fields_of(case))


class CaseDetailOut(CaseOut):
    pupil: PupilRef = Field(description="Eleven saken gjelder.")
    reached_principal_at: datetime.datetime = Field(description="Da saken kom til rektor (§ 12-6: en uke etter).")
    journal_length: int = Field(description="Antall oppføringer i journalen.")
    journal_intact: bool = Field(description="Om journalens hashkjede er hel (ingen oppføring endret eller fjernet).")

    @classmethod
    def of_case(cls, case: Case) -> "CaseDetailOut":
        return cls(
            **cls.fields_of(case),
            pupil=PupilRef.of(case.pupil),
            reached_principal_at=case.reached_principal_at,
            journal_length=case.journal_length,
            journal_intact=case.verify_journal() is None,
        )


class JournalEntryOut(Schema):
    uuid: UUID
    sequence: int = Field(description="Løpenummer i journalen, fra 1.")
    kind: str
    kind_label: str
    text: str
    occurred_at: datetime.datetime = Field(description="Når det som føres, skjedde.")
    recorded_at: datetime.datetime = Field(description="Når det ble ført.")
    author: str
    corrects: UUID | None = Field(description="Oppføringen denne retter, om den er en rettelse.")

    @classmethod
    def of(cls, entry: JournalEntry) -> "JournalEntryOut":
        return cls(
            uuid=entry.uuid,
            sequence=entry.sequence,
            kind=entry.kind,
            kind_label=str(JournalKind(entry.kind).label) if entry.kind in JournalKind else entry.kind,
            text=entry.text,
            occurred_at=entry.occurred_at,
            recorded_at=entry.recorded_at,
            author=_name(entry.author) or "",
            corrects=entry.corrects.uuid if entry.corrects is not None else None,
        )


class JournalEntryIn(Schema):
    kind: str = Field(
        JournalKind.OTHER.value,
        description="Hva oppføringen gjelder: " + ", ".join(kind.value for kind in WRITABLE_KINDS) + ".",
    )
    text: str = Field(min_length=1, max_length=20000)
    occurred_at: datetime.datetime = Field(description="Når det skjedde (ikke fram i tid), med tidssone.")
    corrects: UUID | None = Field(
        None, description="En rettelse: oppføringen i samme sak som rettes. Den gamle blir stående."
    )


class AreaOut(Schema):
    code: str
    label: str


class MeasureOut(Schema):
    uuid: UUID
    description: str = Field(description="Tiltaket (b).")
    starts_on: datetime.date | None = Field(description="Når (c): fra dato.")
    ends_on: datetime.date | None = Field(description="Når (c): til dato.")
    timing: str = Field(description="Når (c), i ord.")
    responsible: list[str] = Field(description="Hvem gjennomfører (d): navngitte ansatte.")
    areas: list[AreaOut] = Field(description="Områdene tiltaket gjelder.")

    @classmethod
    def of(cls, measure: PlanMeasure) -> "MeasureOut":
        return cls(
            uuid=measure.uuid,
            description=measure.description,
            starts_on=measure.starts_on,
            ends_on=measure.ends_on,
            timing=measure.timing,
            responsible=sorted(_name(user) or "" for user in measure.responsible.all()),
            areas=[AreaOut(code=area.value, label=str(area.label)) for area in PlanArea if area.value in measure.areas],
        )


class PlanVersionOut(Schema):
    uuid: UUID
    number: int
    status: str = Field(description="draft (utkast) eller adopted (vedtatt; endres aldri).")
    problem: str = Field(description="Problemet tiltakene skal løse (a).")
    pupil_view: str
    guardians_view: str
    evaluation_date: datetime.date | None = Field(description="Når tiltakene skal evalueres (e).")
    created_at: datetime.datetime
    adopted_at: datetime.datetime | None
    adopted_by: str | None
    measures: list[MeasureOut]

    @classmethod
    def of(cls, version: PlanVersion) -> "PlanVersionOut":
        return cls(
            uuid=version.uuid,
            number=version.number,
            status=version.status,
            problem=version.problem,
            pupil_view=version.pupil_view,
            guardians_view=version.guardians_view,
            evaluation_date=version.evaluation_date,
            created_at=version.created_at,
            adopted_at=version.adopted_at,
            adopted_by=_name(version.adopted_by),
            measures=[MeasureOut.of(measure) for measure in version.measures.all()],
        )


class PlanOut(Schema):
    versions: list[PlanVersionOut] = Field(description="Alle versjoner, eldste først. Tom liste: ingen plan ennå.")


# --- Endpoints ---------------------------------------------------------------------------------


@router.get(
    "/schools/{school_uuid}/cases",
    response={200: list[CaseOut], **ERRORS},
    url_name="case_list",
    operation_id="list_cases",
    summary="Sakene du kan åpne ved skolen",
    description=(
        "Rektor ser skolens saker; andre ansatte bare sakene de er saksbehandler for eller med i saksteamet "
        "til. Saker etter § 12-5 har en trangere krets. Krever registrert personvernopplæring."
    ),
)
@paginate(Pages, build=CaseOut.of)
def list_cases(request: HttpRequest, school_uuid: UUID) -> QuerySet[Case]:
    ctx = _context(request, school_uuid)
    if not case_access.enters_cases(ctx):
        raise Http404
    if not has_privacy_training(request.user):
        raise PrivacyTrainingRequired
    return case_access.visible_cases(ctx, request.user).select_related("handler").order_by("-year", "-sequence")


@router.get(
    "/schools/{school_uuid}/cases/{case_uuid}",
    response={200: CaseDetailOut, **ERRORS},
    url_name="case_detail",
    operation_id="get_case",
    summary="Én sak: status, nummer, saksbehandler og elev",
    description="Hvert oppslag registreres i skolens innsynslogg, og vises på sakens side.",
)
def get_case(request: HttpRequest, school_uuid: UUID, case_uuid: UUID) -> CaseDetailOut:
    return CaseDetailOut.of_case(_case(request, school_uuid, case_uuid))


def _journal(case: Case) -> QuerySet[JournalEntry]:
    return (
        JournalEntry.objects.filter(case=case)
        .select_related("author")
        .prefetch_related(Prefetch("corrects", queryset=JournalEntry.objects.only("uuid")))
        .order_by("sequence")
    )


@router.get(
    "/schools/{school_uuid}/cases/{case_uuid}/journal",
    response={200: list[JournalEntryOut], **ERRORS},
    url_name="case_journal",
    operation_id="list_journal_entries",
    summary="Sakens journal, i rekkefølge",
    description="Oppslaget registreres i innsynsloggen.",
)
@paginate(Pages, build=JournalEntryOut.of)
def list_journal(request: HttpRequest, school_uuid: UUID, case_uuid: UUID) -> QuerySet[JournalEntry]:
    return _journal(_case(request, school_uuid, case_uuid))


def _refused(field: str, message: str) -> tuple[int, dict[str, Any]]:
    return 422, {"detail": message, "errors": [{"loc": ["body", "payload", field], "msg": message}]}


@router.post(
    "/schools/{school_uuid}/cases/{case_uuid}/journal",
    response={201: JournalEntryOut, **ERRORS},
    url_name="case_journal_add",
    operation_id="add_journal_entry",
    summary="Før en ny oppføring i journalen (eller en rettelse)",
    description=(
        "Journalen kan bare utvides: ingen oppføring endres eller slettes. En rettelse er en ny oppføring "
        "med `corrects` satt til oppføringen den retter (typen arves fra den). Oppføringen skrives i navnet "
        "til brukeren nøkkelen tilhører."
    ),
)
def add_journal_entry(
    request: HttpRequest, school_uuid: UUID, case_uuid: UUID, payload: JournalEntryIn
) -> tuple[int, Any]:
    case = _case(request, school_uuid, case_uuid)
    user = token_user(request)
    if payload.occurred_at > timezone.now() + CLOCK_SKEW:
        return _refused("occurred_at", _("Tidspunktet kan ikke være fram i tid."))
    try:
        if payload.corrects is not None:
            corrected = JournalEntry.objects.filter(case=case, uuid=payload.corrects).first()
            if corrected is None:
                return _refused("corrects", _("Velg en oppføring i denne saken."))
            entry = actions.correct_journal_entry(
                acting_user=user, case=case, entry=corrected, text=payload.text, occurred_at=payload.occurred_at
            )
        else:
            if payload.kind not in WRITABLE_KINDS:
                return _refused("kind", _("Ukjent type oppføring."))
            entry = actions.add_journal_entry(
                acting_user=user, case=case, kind=payload.kind, text=payload.text, occurred_at=payload.occurred_at
            )
    except DjangoValidationError as error:
        return _refused("text", " ".join(error.messages))
    return 201, JournalEntryOut.of(_journal(case).get(pk=entry.pk))


@router.get(
    "/schools/{school_uuid}/cases/{case_uuid}/plan",
    response={200: PlanOut, **ERRORS},
    url_name="case_plan",
    operation_id="get_case_plan",
    summary="Aktivitetsplanen: alle versjoner med tiltak",
    description="Vedtatte versjoner endres aldri; en revisjon er en ny versjon. Oppslaget registreres i innsynsloggen.",
)
def get_plan(request: HttpRequest, school_uuid: UUID, case_uuid: UUID) -> PlanOut:
    case = _case(request, school_uuid, case_uuid)
    versions = (
        PlanVersion.objects.filter(plan__case=case)
        .select_related("adopted_by")
        .prefetch_related(
            Prefetch("measures", queryset=PlanMeasure.objects.order_by("position", "pk")), "measures__responsible"
        )
        .order_by("number")
    )
    return PlanOut(versions=[PlanVersionOut.of(version) for version in versions])
