import datetime
import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm, PrivacyTrainingForm
from .models import ApiToken, PrivacyTraining, User


@login_required
def privacy_training(request: HttpRequest) -> HttpResponse:
    """Record that the user has completed privacy and information-security training (§ 20-2)."""
    form = PrivacyTrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = cast(User, request.user)
        PrivacyTraining.objects.create(
            user=user,
            course=form.cleaned_data["course"],
            completed_on=form.cleaned_data["completed_on"],
            recorded_by=user,
        )
        messages.success(request, _("Opplæringen er registrert."))
        return redirect("core:home")
    trainings = PrivacyTraining.objects.filter(user=request.user)  # type: ignore[misc]
    return render(request, "accounts/privacy_training.html", {"form": form, "trainings": trainings})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        expires = timezone.now() + datetime.timedelta(days=form.cleaned_data["valid_days"])
        _token, new_token = ApiToken.issue(user=request.user, name=form.cleaned_data["name"], expires_at=expires)  # type: ignore[arg-type]
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@require_POST
@login_required
def revoke_api_token(request: HttpRequest, token_uuid: uuid.UUID) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, uuid=token_uuid, revoked_at__isnull=True).first()  # type: ignore[misc]
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, _("Nøkkelen er trukket tilbake."))
    return redirect("accounts:api_tokens")
