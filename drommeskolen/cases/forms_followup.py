"""Forms for the investigation, the evaluation and the school's deadline targets."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.accounts.models import User
from drommeskolen.people.roles import SchoolContext

from .actions_followup import close_refused_message, next_date_message
from .forms import _date_field, _not_in_future, _now_for_input, _when_field, staff_users
from .models import (
    DutySettings,
    EvaluationDecision,
    HeardParty,
    MaintainingFactor,
    MeasuresWorked,
    PupilExperience,
    StepKind,
)


class StepForm(forms.Form):
    """Plan a conversation or an observation."""

    kind = forms.ChoiceField(
        label=_("Samtale eller observasjon"),
        choices=StepKind.choices,
        initial=StepKind.CONVERSATION,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg samtale eller observasjon.")},
    )
    party = forms.ChoiceField(
        label=_("Med hvem? (for samtaler)"),
        choices=[("", _("Ingen – en observasjon")), *HeardParty.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("Hva skal gjøres?"),
        help_text=_("For eksempel «samtale med eleven om friminuttene» eller «observere garderoben etter gym»."),
        max_length=300,
        error_messages={"required": _("Beskriv samtalen eller observasjonen.")},
    )
    planned_for = _date_field(_("Planlagt dato"), required=True)
    responsible = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Velg person"),
        error_messages={
            "required": _("Velg hvem som er ansvarlig."),
            "invalid_choice": _("Velg en ansatt ved skolen."),
        },
    )

    def __init__(self, *args: Any, ctx: SchoolContext, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "step_%s")
        super().__init__(*args, **kwargs)
        self.fields["planned_for"].error_messages["required"] = _("Velg en dato.")
        field: Any = self.fields["responsible"]
        field.queryset = staff_users(ctx).filter(employments__school=ctx.school).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == StepKind.CONVERSATION and not data.get("party"):
            self.add_error("party", _("Velg hvem samtalen er med."))
        if data.get("kind") == StepKind.OBSERVATION:
            data["party"] = ""
        return data


class FindingForm(forms.Form):
    """What was said or observed: completes a planned step, or records an unplanned one."""

    step = forms.UUIDField(required=False, widget=forms.HiddenInput)
    party = forms.ChoiceField(
        label=_("Hvem var samtalen med?"),
        choices=[("", _("Ingen – en observasjon")), *HeardParty.choices],
        required=False,
    )
    occurred_at = _when_field(_("Når?"))
    text = forms.CharField(
        label=_("Hva ble sagt eller observert? Skriv elevens egne ord når det er en samtale med eleven."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hva som ble sagt eller observert.")},
    )

    def __init__(self, *args: Any, prefix_id: str = "finding", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = _now_for_input

    def clean_occurred_at(self) -> datetime.datetime:
        return _not_in_future(self.cleaned_data["occurred_at"])


class ExperienceForm(forms.Form):
    occurred_at = _when_field(_("Når fortalte eleven dette?"))
    text = forms.CharField(
        label=_("Elevens egen opplevelse, med elevens egne ord"),
        help_text=_("Det er elevens egen opplevelse som avgjør om skolemiljøet er trygt og godt."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv elevens egen opplevelse, med elevens egne ord.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "experience_%s")
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = _now_for_input

    def clean_occurred_at(self) -> datetime.datetime:
        return _not_in_future(self.cleaned_data["occurred_at"])


class BestInterestsForm(forms.Form):
    text = forms.CharField(
        label=_("Vurdering av elevens beste"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv vurderingen av elevens beste.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "interests_%s")
        super().__init__(*args, **kwargs)


class FactorsForm(forms.Form):
    factors = forms.MultipleChoiceField(
        label=_("Hva kan holde problemet ved like?"),
        choices=MaintainingFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg blant faktorene i listen.")},
    )
    text = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "factors_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("factors") and not data.get("text", "").strip() and not self.errors:
            raise forms.ValidationError(_("Kryss av for minst én faktor eller beskriv dem."))
        return data


class InvolvedPupilForm(forms.Form):
    """Another pupil involved, chosen from a search, with what happened in words."""

    pupil = forms.UUIDField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Hva skjedde? Beskriv med egne ord, uten merkelapper."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv med egne ord hva som skjedde.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "involved_%s")
        super().__init__(*args, **kwargs)

    def clean_pupil(self) -> Any:
        value = self.cleaned_data.get("pupil")
        if value is None:
            raise forms.ValidationError(_("Velg en elev. Søk etter navn eller klasse."))
        return value


class EvaluationForm(forms.Form):
    held_on = _date_field(_("Dato for evalueringen"), required=True)
    measures_worked = forms.ChoiceField(
        label=_("Virket tiltakene?"),
        choices=MeasuresWorked.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Svar på om tiltakene virket.")},
    )
    pupil_experience = forms.ChoiceField(
        label=_("Opplever eleven selv skolemiljøet som trygt og godt nå?"),
        choices=PupilExperience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg elevens egen opplevelse nå.")},
    )
    pupil_words = forms.CharField(label=_("Elevens egne ord"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(
        label=_("Beslutning"),
        choices=EvaluationDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg en beslutning.")},
    )
    next_evaluation_on = _date_field(_("Neste evaluering (når tiltakene fortsetter)"), required=False)
    notes = forms.CharField(label=_("Vurdering"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "evaluation_%s")
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate
        self.fields["held_on"].error_messages["required"] = _("Velg datoen for evalueringen.")

    def clean_held_on(self) -> datetime.date:
        held_on: datetime.date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Evalueringen kan ikke dateres fram i tid."))
        return held_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == EvaluationDecision.CLOSE and data.get("pupil_experience") not in (
            None,
            PupilExperience.SAFE,
        ):
            self.add_error("decision", close_refused_message())
        if data.get("decision") == EvaluationDecision.CONTINUE:
            following = data.get("next_evaluation_on")
            held_on = data.get("held_on")
            if following is None or (held_on is not None and following <= held_on):
                self.add_error("next_evaluation_on", next_date_message())
        return data


def _days_field(label: Any, *, minimum: int, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": _("Skriv et antall dager."),
            "invalid": _("Skriv et helt tall."),
            "min_value": _("Skriv minst %(limit_value)s."),
            "max_value": _("Skriv høyst %(limit_value)s."),
        },
    )


class DutySettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    investigation_days = _days_field(_("Arbeidsdager fra melding til undersøkelsen er i gang"), minimum=1, maximum=20)
    plan_days = _days_field(_("Arbeidsdager fra melding til aktivitetsplanen er vedtatt"), minimum=1, maximum=60)
    reminder_days = _days_field(_("Påminnelse så mange dager før en evaluering"), minimum=0, maximum=30)

    class Meta:
        model = DutySettings
        fields = ["investigation_days", "plan_days", "reminder_days"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        investigation, plan = data.get("investigation_days"), data.get("plan_days")
        if investigation is not None and plan is not None and plan < investigation:
            self.add_error("plan_days", _("Planen kan ikke ha kortere frist enn undersøkelsen."))
        return data
