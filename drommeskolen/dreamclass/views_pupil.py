"""The pupils' side of a round: public, no account, nothing about the pupil stored.

A random device token in a cookie (`DEVICE_COOKIE`, HttpOnly, one day) lets the server
count a phone's answers and votes through a salted per-round hash (models.Participant);
the token itself is never stored, shown or logged."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, actions, guard, results
from .forms import AnswerForm, JoinForm
from .models import Cluster, Round, RoundStatus

DEVICE_COOKIE = "dk_enhet"
DEVICE_COOKIE_AGE = 24 * 3600
TOO_MANY_TRIES = _lazy("For mange forsøk med feil kode. Vent ti minutter og prøv igjen.")


def _device_token(request: HttpRequest) -> tuple[str, bool]:
    """The phone's token, and whether it is new (then set on the response)."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum():
        return token, False
    return secrets.token_urlsafe(24), True


def _respond(request: HttpRequest, voice_round: Round, token: str, new: bool, **extra: object) -> HttpResponse:
    answers_left, votes_left = actions.remaining(voice_round, token)
    context = {
        "voice_round": voice_round,
        "answers_left": answers_left,
        "votes_left": votes_left,
        "form": extra.pop("form", None) or AnswerForm(),
        "clusters": list(Cluster.objects.filter(round=voice_round)) if voice_round.status == RoundStatus.VOTING else [],
        **extra,
    }
    if voice_round.status == RoundStatus.CLOSED:
        context["result"] = list(results.ranked_clusters(voice_round))
    response = render(request, "dreamclass/pupil.html", context)
    if new:
        _set_device_cookie(request, response, token)
    response["Cache-Control"] = "no-store"
    return response


def _cluster(voice_round: Round, cluster_uuid: str) -> Cluster | None:
    try:
        return Cluster.objects.filter(round=voice_round, uuid=uuid.UUID(cluster_uuid)).first()
    except ValueError:
        return None


def _set_device_cookie(request: HttpRequest, response: HttpResponse, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE, token, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
    )


def _redirect_to_page(request: HttpRequest, voice_round: Round, token: str, new: bool, query: str) -> HttpResponse:
    response = redirect(f"{reverse('dreamclass:pupil', args=[voice_round.code])}?{query}")
    if new:
        _set_device_cookie(request, response, token)
    return response


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type the code shown on the screen."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and guard.blocked(request):
        form.is_valid()
        form.add_error(None, TOO_MANY_TRIES)
        return render(request, "dreamclass/join.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if Round.objects.filter(code=code).exists():
            try:
                access.round_by_code(code)
            except Http404:  # expired or closed
                form.add_error("code", _("Koden er utløpt. Spør læreren om en ny."))
            else:
                return redirect("dreamclass:pupil", code)
        else:
            form.add_error("code", _("Fant ingen runde med den koden. Sjekk koden på tavla."))
        guard.failed(request)
    return render(request, "dreamclass/join.html", {"form": form})


def _round(request: HttpRequest, join_code: str, *, include_closed: bool = False) -> Round:
    """The round of the code in the address, counting a wrong code against the address's
    limit (guard.py); 404 while the address is paused."""
    if guard.blocked(request):
        raise Http404
    try:
        return access.round_by_code(join_code, include_closed=include_closed)
    except Http404:
        guard.failed(request)
        raise


@require_http_methods(["GET", "POST"])
def pupil(request: HttpRequest, join_code: str) -> HttpResponse:
    """The question, and a box for a short answer; the result once the round is closed."""
    voice_round = _round(request, join_code, include_closed=request.method == "GET")
    token, new = _device_token(request)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.submit_answer(voice_round=voice_round, device_token=token, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error("text", error)
            else:  # to a GET, so that reloading the page sends nothing twice
                return _redirect_to_page(request, voice_round, token, new, "sendt=1")
        return _respond(request, voice_round, token, new, form=form)
    voted = _cluster(voice_round, request.GET.get("stemt", ""))
    sent = request.GET.get("sendt") == "1"
    return _respond(request, voice_round, token, new, sent=sent, voted=voted.title if voted else "")


@require_POST
def vote(request: HttpRequest, join_code: str) -> HttpResponse:
    """One dot on one cluster."""
    voice_round = _round(request, join_code)
    token, new = _device_token(request)
    cluster = _cluster(voice_round, request.POST.get("cluster", ""))
    if cluster is None:
        return _respond(request, voice_round, token, new, vote_error=_("Velg en gruppe å stemme på."))
    try:
        actions.cast_vote(voice_round=voice_round, device_token=token, cluster=cluster)
    except ValidationError as error:
        return _respond(request, voice_round, token, new, vote_error=" ".join(error.messages))
    return _redirect_to_page(request, voice_round, token, new, f"stemt={cluster.uuid}")


@require_GET
def state(request: HttpRequest, join_code: str) -> HttpResponse:
    """Polled by the pupil's page: 204 while the round is as the page shows it, else a
    reload (404 once the code has expired: the page then stays as it is)."""
    voice_round = access.round_by_code(join_code, include_closed=True)
    if request.GET.get("s") == voice_round.status:
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    # A GET of the page, never a reload: a reload after an answer would post it again.
    response["HX-Redirect"] = reverse("dreamclass:pupil", args=[voice_round.code])
    return response
