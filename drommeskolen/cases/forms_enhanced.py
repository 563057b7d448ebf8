"""Forms for § 12-5 decisions, the principal's deputies and concerns from pupils and guardians."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from drommeskolen.accounts.models import User
from drommeskolen.people.models import Pupil

from .actions_enhanced import ADULT, LEADERSHIP
from .models import EnhancedDutyOutcome

# The choice a pupil or guardian makes when the pupil is not among those they can pick.
IN_WORDS = "in_words"
MYSELF = "myself"


class EnhancedDutyDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beslutning"),
        choices=EnhancedDutyOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg en beslutning.")},
    )
    reasons = forms.CharField(
        label=_("Begrunnelse"),
        help_text=_("Begrunnelsen skrives i saksmappen. Den er påkrevd, også når meldingen er åpenbart grunnløs."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv begrunnelsen for beslutningen.")},
    )


class DeputyForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Ansatt"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Velg person"),
        error_messages={"required": _("Velg en ansatt."), "invalid_choice": _("Velg en ansatt ved skolen.")},
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = staff


class FamilyReportForm(forms.Form):
    """Si fra: one short screen a 13-year-old understands; three required inputs at most."""

    about = forms.ChoiceField(
        label=_("Hvem gjelder det?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem det gjelder."), "invalid_choice": _("Velg hvem det gjelder.")},
    )
    described = forms.CharField(
        label=_("Hvis det er en annen elev: hvem er det?"),
        help_text=_("Skriv navn og klasse hvis du vet det."),
        required=False,
        max_length=300,
    )
    what = forms.CharField(
        label=_("Hva har skjedd? Fortell med dine egne ord."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv litt om hva som har skjedd.")},
    )
    place = forms.CharField(label=_("Hvor skjedde det? (valgfritt)"), required=False, max_length=200)
    # § 12-5: an adult — only the principal reads it (not the deputies); someone in the
    # leadership — the school owner reads it instead of the principal.
    adult_at_school = forms.ChoiceField(
        label=_("Er det en voksen på skolen som har gjort noe?"),
        choices=[
            ("", _("Nei, eller vet ikke")),
            (ADULT, _("Ja, en lærer eller en annen voksen – da er det bare rektor som leser det")),
            (LEADERSHIP, _("Ja, rektor eller en annen i ledelsen – da går det rett til skoleeieren")),
        ],
        widget=forms.RadioSelect,
        required=False,
        initial="",
        error_messages={"invalid_choice": _("Velg et av svarene.")},
    )

    def __init__(
        self, *args: Any, pupils: list[Pupil], include_myself: bool, myself_label: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pupils = {str(pupil.uuid): pupil for pupil in pupils}
        choices: list[tuple[str, Any]] = []
        if include_myself:
            choices.append((MYSELF, myself_label or _("Meg selv")))
        choices += [(key, pupil.full_name) for key, pupil in self.pupils.items()]
        choices.append((IN_WORDS, _("En annen elev (skriv hvem nedenfor)")))
        field: Any = self.fields["about"]
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("about") == IN_WORDS and not data.get("described", "").strip():
            self.add_error("described", _("Skriv hvem det gjelder."))
        return data

    def chosen_pupil(self, myself: Pupil | None) -> Pupil | None:
        about = self.cleaned_data["about"]
        if about == MYSELF:
            return myself
        return self.pupils.get(about)


class LinkSearchForm(forms.Form):
    q = forms.CharField(label=_("Søk etter navn eller klasse"), required=False, max_length=100)
