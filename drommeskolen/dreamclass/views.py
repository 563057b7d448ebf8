"""Drømmeklassen for its leaders: sessions, run-sheet, rounds and the projector view.
Objects by UUID; page titles carry no names. Views: access → form → action → redirect or render."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from drommeskolen.mentoring.models import MentorClass
from drommeskolen.programme.models import WheelEvent

from . import access, actions, results
from .forms import ClusterForm, KindForm, ManualForm, RoundForm
from .models import Answer, Cluster, DreamSession, ManualText, Part, Round, RoundStatus, SessionKind

# The classyear app's view of the class pulse since DK1, shown at the start of DK2 when
# that app provides it (see templates/dreamclass/session.html, block dk2_pulse).
DK2_PULSE_TEMPLATE = "classyear/_dk2_pulse.html"


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The classes whose Drømmeklassen the user leads, with DK1 and DK2."""
    _ctx, classes, is_resource_group = access.led_classes(request)
    classes = classes.select_related("school_year").prefetch_related(
        Prefetch("dream_sessions", queryset=DreamSession.objects.order_by("kind"))
    )
    return render(
        request,
        "dreamclass/home.html",
        {"classes": classes, "is_resource_group": is_resource_group, "kinds": SessionKind},
    )


@require_http_methods(["GET", "POST"])
@login_required
def manual(request: HttpRequest) -> HttpResponse:
    """The school's own manual for each part of DK1 and DK2: a text, a document, or both (the
    resource group). A refused document changes nothing and keeps the typed texts."""
    ctx = access.resource_group_context(request)
    kind = request.GET.get("okt", SessionKind.DK1)
    if kind not in SessionKind.values:
        kind = SessionKind.DK1
    current = {row.part: row for row in ManualText.objects.filter(school=ctx.school, kind=kind)}
    form = ManualForm(request.POST or None, request.FILES or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            actions.save_manual(
                acting_user=request.user,
                school=ctx.school,
                kind=kind,
                texts=form.texts(),
                uploads=form.uploads,
                removals=form.removals(),
            )
            messages.success(request, _("Manuset er lagret."))
            return redirect(f"{reverse('dreamclass:manual')}?okt={kind}")
        messages.error(request, _("Manuset er ikke lagret. Se feilene under."))
    return render(request, "dreamclass/manual.html", {"form": form, "kind": kind, "kinds": SessionKind})


@require_GET
@login_required
def manual_download(request: HttpRequest, manual_file_uuid: uuid.UUID) -> FileResponse:
    """The school's own manual document, as an attachment (never shown in the browser)."""
    manual = access.access_manual_file(request, manual_file_uuid)
    try:
        handle = manual.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=manual.file_name, content_type=manual.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _leaders(school_class: Any) -> dict[str, list[str]]:
    contact_teachers = [
        role.user.get_full_name() or role.user.email
        for role in school_class.roles.filter(kind="contact_teacher").select_related("user")
    ]
    mentors = [
        assignment.mentor.pupil.full_name
        for assignment in MentorClass.objects.filter(school_class=school_class).select_related("mentor__pupil")
    ]
    return {"contact_teachers": contact_teachers, "mentors": mentors}


@require_http_methods(["GET", "POST"])
@login_required
def class_detail(request: HttpRequest, dk_class_uuid: uuid.UUID) -> HttpResponse:
    """DK1 and DK2 of one class; starting a session."""
    school_class = access.access_class(request, dk_class_uuid)
    form = KindForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            session = actions.start_session(
                acting_user=request.user, school_class=school_class, kind=form.cleaned_data["kind"]
            )
            return redirect("dreamclass:session_detail", session.uuid)
        messages.error(request, _("Velg DK1 eller DK2."))
        return redirect("dreamclass:class_detail", school_class.uuid)
    sessions = {s.kind: s for s in DreamSession.objects.filter(school_class=school_class)}
    # When the årshjul (programme app) plans DK1 and DK2 for the class.
    planned = {
        e.kind: e for e in WheelEvent.objects.shown().filter(school_class=school_class, kind__in=SessionKind.values)
    }
    rows = [(kind, sessions.get(kind.value), planned.get(kind.value)) for kind in SessionKind]
    return render(
        request,
        "dreamclass/class.html",
        {"school_class": school_class, "rows": rows, "leaders": _leaders(school_class)},
    )


def _pulse_template() -> str | None:
    try:
        get_template(DK2_PULSE_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return DK2_PULSE_TEMPLATE


@require_http_methods(["GET", "POST"])
@login_required
def session_detail(request: HttpRequest, dk_session_uuid: uuid.UUID) -> HttpResponse:
    """The run-sheet with the school's manual, the leaders, the rounds; DK2 opens with DK1's result."""
    session = access.access_session(request, dk_session_uuid)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voice_round = actions.start_round(acting_user=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            return redirect("dreamclass:round_detail", voice_round.uuid)
    manual = {
        row.part: row
        for row in ManualText.objects.filter(school=session.school_id, kind=session.kind).only(
            "part", "text", "file_uuid", "file_name"
        )
    }
    rounds = Round.objects.filter(session=session).annotate(
        answer_count=Count("answers", filter=Q(answers__hidden=False))
    )
    rounds_by_part: dict[str, list[Round]] = {}
    for voice_round in rounds:
        rounds_by_part.setdefault(voice_round.part, []).append(voice_round)
    parts = [(part, manual.get(part.value), rounds_by_part.get(part.value, [])) for part in Part]
    context: dict[str, Any] = {
        "session": session,
        "school_class": session.school_class,
        "parts": parts,
        "form": form,
        "leaders": _leaders(session.school_class),
    }
    if session.kind == SessionKind.DK2:
        dk1_round = results.decisive_round(session.school_class, SessionKind.DK1)
        context["dk1_result"] = list(results.ranked_clusters(dk1_round)) if dk1_round else None
        context["pulse_template"] = _pulse_template()
    return render(request, "dreamclass/session.html", context)


def _round_context(voice_round: Round) -> dict[str, Any]:
    answers = list(Answer.objects.filter(round=voice_round).select_related("cluster"))
    clusters = list(results.ranked_clusters(voice_round))
    for cluster in clusters:
        cluster.grouped = [a for a in answers if a.cluster_id == cluster.pk]  # type: ignore[attr-defined]
    return {
        "voice_round": voice_round,
        "answers": answers,
        "loose": [a for a in answers if a.cluster_id is None and not a.hidden],
        "hidden": [a for a in answers if a.hidden],
        "clusters": clusters,
        "total_votes": sum(c.vote_count for c in clusters),  # type: ignore[attr-defined]
        "statuses": RoundStatus,
    }


@require_GET
@login_required
def round_detail(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    """The leader's control page: hide, group (drag or 'Legg i gruppe'), suggestions, vote."""
    voice_round = access.access_round(request, voice_round_uuid)
    context = _round_context(voice_round)
    grouping = voice_round.status in (RoundStatus.ANSWERING, RoundStatus.GROUPING)
    context.update(
        {
            "session": voice_round.session,
            "cluster_form": ClusterForm(),
            "suggestions": actions.suggestions(voice_round) if grouping else [],
            "grouping": grouping,
        }
    )
    return render(request, "dreamclass/round.html", context)


def _back(voice_round: Round) -> HttpResponse:
    return redirect("dreamclass:round_detail", voice_round.uuid)


@require_POST
@login_required
def round_advance(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    voice_round = access.access_round(request, voice_round_uuid)
    try:
        actions.advance(acting_user=request.user, voice_round=voice_round)
    except ValidationError as error:
        _error(request, error)
    return _back(voice_round)


def _answer(request: HttpRequest, voice_round: Round) -> Answer | None:
    try:
        return Answer.objects.select_related("round").get(round=voice_round, uuid=request.POST.get("answer", ""))
    except (Answer.DoesNotExist, ValidationError, ValueError):
        messages.error(request, _("Fant ikke svaret."))
        return None


@require_POST
@login_required
def answer_hide(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    voice_round = access.access_round(request, voice_round_uuid)
    answer = _answer(request, voice_round)
    if answer is not None:
        actions.set_hidden(acting_user=request.user, answer=answer, hidden=request.POST.get("hidden") != "0")
    return _back(voice_round)


@require_POST
@login_required
def answer_group(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    """Put an answer in a cluster (or take it out with an empty choice). Dragging posts the same form."""
    voice_round = access.access_round(request, voice_round_uuid)
    answer = _answer(request, voice_round)
    if answer is None:
        return _back(voice_round)
    cluster: Cluster | None = None
    if request.POST.get("cluster"):
        try:
            cluster = Cluster.objects.get(round=voice_round, uuid=request.POST["cluster"])
        except (Cluster.DoesNotExist, ValidationError, ValueError):
            messages.error(request, _("Fant ikke gruppen."))
            return _back(voice_round)
    try:
        actions.move_answer(acting_user=request.user, answer=answer, cluster=cluster)
    except ValidationError as error:
        _error(request, error)
    return _back(voice_round)


@require_POST
@login_required
def cluster_add(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    voice_round = access.access_round(request, voice_round_uuid)
    form = ClusterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Gi gruppen et navn."))
        return _back(voice_round)
    try:
        actions.add_cluster(acting_user=request.user, voice_round=voice_round, title=form.cleaned_data["title"])
    except ValidationError as error:
        _error(request, error)
    return _back(voice_round)


@require_POST
@login_required
def clusters_suggest(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    voice_round = access.access_round(request, voice_round_uuid)
    if voice_round.status in (RoundStatus.ANSWERING, RoundStatus.GROUPING):
        made = actions.apply_suggestions(acting_user=request.user, voice_round=voice_round)
        messages.info(request, _("%(count)d foreslåtte grupper er laget.") % {"count": made})
    else:
        messages.error(request, _("Gruppene kan ikke endres under eller etter avstemningen."))
    return _back(voice_round)


def qr_svg(url: str) -> SafeString:
    """The join URL as an inline SVG QR code, made on the server (qrcode, no JavaScript)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = str(image.to_string(encoding="unicode"))
    svg = svg.replace('width="', 'data-w="', 1).replace('height="', 'data-h="', 1)
    label = _("QR-kode som åpner svarsiden")
    return mark_safe(svg.replace("<svg ", f'<svg class="dk-qr" role="img" aria-label="{label}" ', 1))  # noqa: S308


@require_GET
@login_required
def projector(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    """For the classroom screen: the question, the code and QR code, and the answers live."""
    voice_round = access.access_round(request, voice_round_uuid)
    join_url = request.build_absolute_uri(reverse("dreamclass:pupil", args=[voice_round.code]))
    context = _round_context(voice_round)
    context.update(
        {
            "join_url": join_url,
            "qr": qr_svg(join_url),
            "join_page": request.build_absolute_uri(reverse("dreamclass:join")),
        }
    )
    return render(request, "dreamclass/projector.html", context)


@require_GET
@login_required
def projector_feed(request: HttpRequest, voice_round_uuid: uuid.UUID) -> HttpResponse:
    """Polled every second. 204 when the round's version is the one the screen shows."""
    voice_round = access.access_round(request, voice_round_uuid)
    if request.GET.get("v") == str(voice_round.version):
        return HttpResponse(status=204)
    response = render(request, "dreamclass/_feed.html", _round_context(voice_round))
    response["Cache-Control"] = "no-store"
    return response
