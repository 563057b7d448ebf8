"""Forms for the class year. Lists (goals, missions) are one item per line."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import MAX_GOALS, MAX_MISSIONS
from .models import REVIEWED_STATUSES, Mission, MissionStatus

SCORE_CHOICES = [(1, _("1 – helt uenig")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – helt enig"))]


def _lines(value: str, limit: int, message: str) -> list[str]:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) > limit:
        raise forms.ValidationError(message % {"n": limit})
    if any(len(line) > 300 for line in lines):
        raise forms.ValidationError(_("Hver linje kan ha høyst 300 tegn."))
    return lines


class GoalsForm(forms.Form):
    term = forms.TypedChoiceField(label=_("Termin"), choices=[(1, _("1. termin")), (2, _("2. termin"))], coerce=int)
    goals = forms.CharField(
        label=_("Klassens mål"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "ds-input"}),
        help_text=_("Ett mål per linje."),
    )

    def clean_goals(self) -> list[str]:
        return _lines(self.cleaned_data["goals"], MAX_GOALS, str(_("Høyst %(n)s mål.")))


class MissionsForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Gjelder fra"), widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"})
    )
    missions = forms.CharField(
        label=_("Oppdrag for perioden"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "ds-input"}),
        help_text=_("Ett oppdrag per linje."),
    )

    def clean_missions(self) -> list[str]:
        return _lines(self.cleaned_data["missions"], MAX_MISSIONS, str(_("Høyst %(n)s oppdrag.")))


class OpenFollowUpForm(forms.Form):
    held_on = forms.DateField(
        label=_("Dato"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )

    def clean_held_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Oppfølgingstimen kan ikke være fram i tid."))
        return day


class ReviewForm(forms.Form):
    """One radio group per mission under review, and notes."""

    notes = forms.CharField(
        label=_("Notater fra timen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}),
        help_text=_("Skriv ikke navn på elever."),
    )

    def __init__(self, *args: Any, missions: list[Mission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.missions = missions
        choices = [(s.value, s.label) for s in MissionStatus if s in REVIEWED_STATUSES]
        for mission in missions:
            self.fields[f"m_{mission.uuid}"] = forms.ChoiceField(
                label=mission.text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=mission.status if mission.status in REVIEWED_STATUSES else None,
            )
        self.order_fields([f"m_{m.uuid}" for m in missions] + ["notes"])

    def statuses(self) -> dict[Mission, str]:
        return {m: self.cleaned_data[f"m_{m.uuid}"] for m in self.missions if self.cleaned_data.get(f"m_{m.uuid}")}


class PulseForm(forms.Form):
    safety = forms.TypedChoiceField(
        label=_("Jeg føler meg trygg i klassen"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    belonging = forms.TypedChoiceField(
        label=_("Jeg hører til i klassen"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    missions = forms.TypedChoiceField(
        label=_("Klassen jobber godt med oppdragene"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )


QUESTION_LABELS = {name: field.label for name, field in PulseForm.base_fields.items()}


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}))
    agenda = forms.CharField(
        label=_("Saksliste"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "ds-input"}),
    )
    notes = forms.CharField(
        label=_("Referat"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "ds-input"}),
        help_text=_("Skriv om klassen, ikke om enkeltelever. Saker om én elev hører hjemme i aktivitetsplikten."),
    )


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Tiltak"), max_length=300, widget=forms.TextInput(attrs={"class": "ds-input"}))
    responsible = forms.CharField(label=_("Hvem"), max_length=200, widget=forms.TextInput(attrs={"class": "ds-input"}))
    due_on = forms.DateField(label=_("Når"), widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}))


class SettingsForm(forms.Form):
    pulse_drop_alert = forms.DecimalField(
        label=_("Varsle ressursgruppen når klassepulsen faller minst"),
        min_value=Decimal("0.1"),
        max_value=Decimal("4"),
        decimal_places=2,
        help_text=_("På skalaen 1–5, mellom to pulser med nok svar til å vises."),
        widget=forms.NumberInput(attrs={"step": "0.1", "class": "ds-input"}),
    )
