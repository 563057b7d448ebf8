"""The case record (saksmappe): the whole case as one PDF, and as an archive package.

Issue 3 point 9, opplæringslova § 12-4 seventh paragraph and § 12-6: the school must be
able to hand the county governor (statsforvaltaren) everything it did, and the plan is a
case document for the records system (arkivlova). The PDF is rendered by WeasyPrint from
`cases/record/record.html` in the school's written standard; the archive package is a ZIP
with the same PDF, a JSON file and a small Noark-5-inspired XML file (docs/archive.md).

Both are opened through `access.access_case`, so only the case's circle gets them and each
download is a row in the access log (its page is the download's own path).
"""

import datetime
import hashlib
import io
import json
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min, Prefetch
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from drommeskolen.core.models import AccessLogEntry
from drommeskolen.lib import hashchain
from drommeskolen.people.models import Enrolment, SchoolClass

from . import access, actions
from .models import (
    Case,
    CaseInvolvedPupil,
    CaseStatusEvent,
    CaseTeamMember,
    EnhancedDutyDecision,
    Evaluation,
    HeardParty,
    InvestigationStep,
    JournalEntry,
    PlanCopy,
    PlanMeasure,
    PlanVersion,
)
from .plandiff import PlanDiff, diff_versions

JSON_SCHEMA = "drommeskolen.saksmappe/1"
XML_NAMESPACE = "urn:drommeskolen:arkivstruktur:1"


@dataclass(frozen=True)
class HeardRow:
    """One line of the heard-checklist: a party and the journal entries where they were heard."""

    party: str
    label: str
    entries: tuple[JournalEntry, ...]


@dataclass(frozen=True)
class JournalRow:
    """A journal entry with the sequence numbers of later entries that correct it."""

    entry: JournalEntry
    corrected_in: tuple[int, ...]


@dataclass(frozen=True)
class AccessRow:
    """Who opened the case: a person, how often, first and last time."""

    person: str
    count: int
    first: datetime.datetime
    last: datetime.datetime


@dataclass
class Record:
    case: Case
    pupil_class: SchoolClass | None
    journal: list[JournalEntry]
    rows: list[JournalRow]
    broken: hashchain.Break | None
    events: list[CaseStatusEvent]
    team: list[CaseTeamMember]
    versions: list[tuple[PlanVersion, PlanDiff | None]]
    evaluations: list[Evaluation]
    heard: list[HeardRow]
    steps: list[InvestigationStep]
    involved: list[CaseInvolvedPupil]
    decisions: list[EnhancedDutyDecision]
    copies: list[PlanCopy]
    access: list[AccessRow]
    printed_at: datetime.datetime = field(default_factory=timezone.now)


def _person(first_name: str, last_name: str, email: str) -> str:
    return f"{first_name} {last_name}".strip() or email


def _pupil_class(case: Case) -> SchoolClass | None:
    """The pupil's class at the case's school: the one of the latest school year."""
    enrolment = (
        Enrolment.objects.filter(pupil_id=case.pupil_id, school_class__school_id=case.school_id)
        .select_related("school_class")
        .order_by("-school_class__school_year__starts_on")
        .first()
    )
    return enrolment.school_class if enrolment else None


def _access_summary(case: Case) -> list[AccessRow]:
    """Per person: how many times the case (or a download of it) was opened, first and last."""
    rows = (
        AccessLogEntry.objects.filter(school_id=case.school_id, object_uuid=case.uuid)
        .values("actor_id", "actor__first_name", "actor__last_name", "actor__email")
        .annotate(count=Count("pk"), first=Min("at"), last=Max("at"))
        .order_by("first", "actor_id")
    )
    return [
        AccessRow(
            _person(row["actor__first_name"], row["actor__last_name"], row["actor__email"]),
            row["count"],
            row["first"],
            row["last"],
        )
        for row in rows
    ]


def _versions(case: Case) -> list[tuple[PlanVersion, PlanDiff | None]]:
    versions = list(
        PlanVersion.objects.filter(plan__case=case)
        .select_related("created_by", "adopted_by")
        .prefetch_related(
            Prefetch("measures", queryset=PlanMeasure.objects.order_by("position", "pk")), "measures__responsible"
        )
        .order_by("number")
    )
    return [
        (version, diff_versions(versions[i - 1].snapshot(), version.snapshot()) if i else None)
        for i, version in enumerate(versions)
    ]


def _heard(journal: list[JournalEntry]) -> list[HeardRow]:
    by_party: dict[str, list[JournalEntry]] = defaultdict(list)
    for entry in journal:
        if entry.heard_party:
            by_party[entry.heard_party].append(entry)
    return [HeardRow(party.value, str(party.label), tuple(by_party[party.value])) for party in HeardParty]


def collect(case: Case) -> Record:
    """Everything the record shows, in a fixed number of queries however long the case."""
    journal = list(JournalEntry.objects.filter(case=case).select_related("author", "corrects").order_by("sequence"))
    corrected_by: dict[int, list[int]] = defaultdict(list)
    for entry in journal:
        if entry.corrects_id is not None:
            corrected_by[entry.corrects_id].append(entry.sequence)
    return Record(
        case=case,
        pupil_class=_pupil_class(case),
        journal=journal,
        rows=[JournalRow(entry, tuple(corrected_by.get(entry.pk, ()))) for entry in journal],
        broken=case.verify_journal(journal),
        events=list(case.status_events.select_related("actor").order_by("at", "pk")),
        team=list(case.team_members.select_related("user", "added_by").order_by("added_at")),
        versions=_versions(case),
        evaluations=list(
            Evaluation.objects.filter(case=case)
            .select_related("recorded_by", "plan_version", "journal_entry")
            .order_by("held_on", "pk")
        ),
        heard=_heard(journal),
        steps=list(
            InvestigationStep.objects.filter(case=case)
            .select_related("responsible", "done_entry")
            .order_by("planned_for", "pk")
        ),
        involved=list(CaseInvolvedPupil.objects.filter(case=case).select_related("pupil").order_by("added_at")),
        decisions=list(
            EnhancedDutyDecision.objects.filter(case=case).select_related("decided_by").order_by("decided_at", "pk")
        ),
        copies=list(
            PlanCopy.objects.filter(version__plan__case=case)
            .select_related("reader", "version")
            .order_by("version__number", "created_at", "pk")
        ),
        access=_access_summary(case),
    )


def render_html(record: Record) -> str:
    """The record as HTML for print, in the school's written standard."""
    with actions.record_language(record.case.school):
        return render_to_string("cases/record/record.html", {"record": record, "case": record.case})


def render_pdf(record: Record) -> bytes:
    """The record as an A4 PDF with its fonts embedded (DejaVu, installed with WeasyPrint)."""
    from weasyprint import HTML  # imported here: it loads Pango, which pages do not need

    pdf: bytes = HTML(string=render_html(record)).write_pdf(presentational_hints=True)
    return pdf


# --- The archive package -------------------------------------------------------------------


def _iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).isoformat()
    return moment.isoformat()


def _name(user: Any) -> str | None:
    return str(user) if user is not None else None


def record_json(record: Record, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The machine-readable record (schema `drommeskolen.saksmappe/1`, docs/archive.md)."""
    case = record.case
    sequence_of = {entry.pk: entry.sequence for entry in record.journal}
    return {
        "schema": JSON_SCHEMA,
        "generated_at": _iso(record.printed_at),
        "journal_verified": record.broken is None,
        "journal_break": None
        if record.broken is None
        else {"position": record.broken.position, "reason": record.broken.reason},
        "case": {
            "uuid": str(case.uuid),
            "number": case.number,
            "school": {
                "name": case.school.name,
                "organisation_number": case.school.organisation_number,
            },
            "pupil": {
                "uuid": str(case.pupil.uuid),
                "name": case.pupil.full_name,
                "birth_date": _iso(case.pupil.birth_date),
                "class": record.pupil_class.name if record.pupil_class else None,
            },
            "status": case.status,
            "handler": _name(case.handler),
            "enhanced_duty": case.enhanced_duty,
            "reached_principal_at": _iso(case.reached_principal_at),
            "county_governor_from": _iso(case.county_governor_from),
            "created_at": _iso(case.created_at),
            "journal_length": case.journal_length,
            "journal_digest": case.journal_digest,
        },
        "journal": [
            {
                "sequence": entry.sequence,
                "uuid": str(entry.uuid),
                "kind": entry.kind,
                "occurred_at": _iso(entry.occurred_at),
                "recorded_at": _iso(entry.recorded_at),
                "author": _name(entry.author),
                "text": entry.text,
                "heard_party": entry.heard_party or None,
                "factors": list(entry.factors),
                "corrects": sequence_of.get(entry.corrects_id) if entry.corrects_id else None,
                "previous_digest": entry.previous_digest,
                "digest": entry.digest,
            }
            for entry in record.journal
        ],
        "status_history": [
            {
                "from": event.from_status or None,
                "to": event.to_status,
                "actor": _name(event.actor),
                "reason": event.reason,
                "at": _iso(event.at),
            }
            for event in record.events
        ],
        "plan_versions": [
            {
                "number": version.number,
                "status": version.status,
                "problem": version.problem,
                "pupil_view": version.pupil_view,
                "guardians_view": version.guardians_view,
                "evaluation_date": _iso(version.evaluation_date),
                "created_by": _name(version.created_by),
                "created_at": _iso(version.created_at),
                "adopted_by": _name(version.adopted_by),
                "adopted_at": _iso(version.adopted_at),
                "measures": [
                    {
                        "lineage": str(measure.lineage),
                        "description": measure.description,
                        "starts_on": _iso(measure.starts_on),
                        "ends_on": _iso(measure.ends_on),
                        "timing": measure.timing,
                        "responsible": sorted(str(user) for user in measure.responsible.all()),
                        "areas": list(measure.areas),
                    }
                    for measure in version.measures.all()
                ],
            }
            for version, _diff in record.versions
        ],
        "evaluations": [
            {
                "held_on": _iso(evaluation.held_on),
                "plan_version": evaluation.plan_version.number if evaluation.plan_version else None,
                "measures_worked": evaluation.measures_worked,
                "pupil_experience": evaluation.pupil_experience,
                "pupil_words": evaluation.pupil_words,
                "decision": evaluation.decision,
                "notes": evaluation.notes,
                "recorded_by": _name(evaluation.recorded_by),
                "recorded_at": _iso(evaluation.recorded_at),
                "journal_sequence": evaluation.journal_entry.sequence,
            }
            for evaluation in record.evaluations
        ],
        "heard": [
            {
                "party": row.party,
                "journal_sequences": [entry.sequence for entry in row.entries],
                "heard_at": [_iso(entry.occurred_at) for entry in row.entries],
            }
            for row in record.heard
        ],
        "enhanced_duty_decisions": [
            {
                "outcome": decision.outcome,
                "reasons": decision.reasons,
                "decided_by": _name(decision.decided_by),
                "decided_at": _iso(decision.decided_at),
            }
            for decision in record.decisions
        ],
        "family_copies": [
            {
                "plan_version": copy.version.number,
                "reader": _name(copy.reader),
                "sent_at": _iso(copy.created_at),
                "first_read_at": _iso(copy.first_read_at),
            }
            for copy in record.copies
        ],
        "access_summary": [
            {"person": row.person, "count": row.count, "first": _iso(row.first), "last": _iso(row.last)}
            for row in record.access
        ],
        "documents": documents,
    }


def _sub(parent: ET.Element, tag: str, text: Any = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{XML_NAMESPACE}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def record_xml(record: Record, documents: list[dict[str, Any]]) -> bytes:
    """arkivstruktur-like metadata: one mappe (the case), one registrering (the record) and a
    dokumentbeskrivelse per file with its dokumentobjekt and SHA-256 checksum."""
    ET.register_namespace("", XML_NAMESPACE)
    case = record.case
    with actions.record_language(case.school):
        title = f"Saksmappe {case.number} – aktivitetsplikt (opplæringslova § 12-4)"
    root = ET.Element(f"{{{XML_NAMESPACE}}}arkiv")
    mappe = _sub(root, "mappe")
    _sub(mappe, "systemID", case.uuid)
    _sub(mappe, "mappeID", case.number)
    _sub(mappe, "tittel", title)
    _sub(mappe, "opprettetDato", _iso(case.created_at))
    _sub(mappe, "opprettetAv", _name(case.opened_by))
    closed = [event.at for event in record.events if event.to_status == "closed"]
    if not case.is_open and closed:
        _sub(mappe, "avsluttetDato", _iso(closed[-1]))
    skjerming = _sub(mappe, "skjerming")
    _sub(skjerming, "tilgangsrestriksjon", "13")
    _sub(skjerming, "skjermingshjemmel", "Offl. § 13, jf. fvl. § 13 og opplæringslova § 24-2")
    _sub(mappe, "administrativEnhet", case.school.name)
    registrering = _sub(mappe, "registrering")
    _sub(registrering, "systemID", uuid.uuid5(case.uuid, f"saksmappe/{_iso(record.printed_at)}"))
    _sub(registrering, "opprettetDato", _iso(record.printed_at))
    _sub(registrering, "tittel", title)
    for number, document in enumerate(documents, start=1):
        beskrivelse = _sub(registrering, "dokumentbeskrivelse")
        _sub(beskrivelse, "dokumenttype", document["type"])
        _sub(beskrivelse, "dokumentstatus", "Dokumentet er ferdigstilt")
        _sub(beskrivelse, "tittel", document["title"])
        _sub(beskrivelse, "opprettetDato", _iso(record.printed_at))
        _sub(beskrivelse, "tilknyttetRegistreringSom", "Hoveddokument" if number == 1 else "Vedlegg")
        _sub(beskrivelse, "dokumentnummer", number)
        objekt = _sub(beskrivelse, "dokumentobjekt")
        _sub(objekt, "versjonsnummer", 1)
        _sub(objekt, "variantformat", "Produksjonsformat")  # not PDF/A yet: docs/archive.md
        _sub(objekt, "format", document["format"])
        _sub(objekt, "referanseDokumentfil", document["file"])
        _sub(objekt, "sjekksum", document["sha256"])
        _sub(objekt, "sjekksumAlgoritme", "SHA-256")
        _sub(objekt, "filstoerrelse", document["bytes"])
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml


def _document(file_name: str, content: bytes, *, kind: str, title: str, file_format: str) -> dict[str, Any]:
    return {
        "file": file_name,
        "type": kind,
        "title": title,
        "format": file_format,
        "sha256": hashlib.sha256(content).hexdigest(),
        "bytes": len(content),
    }


def archive_package(record: Record) -> bytes:
    """The ZIP: the PDF, the JSON (whose `documents` lists the PDF's checksum) and the XML
    (which lists both files' checksums)."""
    number = record.case.number
    pdf = render_pdf(record)
    pdf_name, json_name = f"saksmappe-{number}.pdf", f"saksmappe-{number}.json"
    with actions.record_language(record.case.school):
        pdf_doc = _document(pdf_name, pdf, kind="Saksmappe", title=f"Saksmappe {number}", file_format="PDF")
    data = json.dumps(record_json(record, [pdf_doc]), ensure_ascii=False, indent=2).encode()
    json_doc = _document(
        json_name, data, kind="Saksmappe (maskinlesbar)", title=f"Saksmappe {number} (JSON)", file_format="JSON"
    )
    xml = record_xml(record, [pdf_doc, json_doc])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(pdf_name, pdf)
        package.writestr(json_name, data)
        package.writestr("arkivstruktur.xml", xml)
    return buffer.getvalue()


# --- Views -----------------------------------------------------------------------------------


def _download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # The file name carries the case number only, never the pupil's name.
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


def _record(request: HttpRequest, case_uuid: uuid.UUID) -> Record:
    case = access.access_case(request, case_uuid)  # the case's circle; writes the access-log row
    case = Case.objects.select_related("school", "pupil", "handler", "opened_by").get(pk=case.pk)
    return collect(case)


@require_GET
@login_required
def record_pdf(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Last ned saksmappe: the whole case as one PDF."""
    record = _record(request, case_uuid)
    return _download(render_pdf(record), f"saksmappe-{record.case.number}.pdf", "application/pdf")


@require_GET
@login_required
def record_archive(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The archive package for the records system: PDF + JSON + XML in one ZIP."""
    record = _record(request, case_uuid)
    return _download(archive_package(record), f"arkivpakke-{record.case.number}.zip", "application/zip")
