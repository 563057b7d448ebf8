from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PLACES, Gathering, Item, Participant, Size


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():
            bound.widget.attrs.setdefault("class", "ds-input")


class RegistrationForm(_Styled):
    gathering = forms.ChoiceField(label=_("Samling"), choices=Gathering.choices)
    participant = forms.ChoiceField(label=_("Deltaker"), choices=Participant.choices)
    name = forms.CharField(label=_("Navn"), max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "gathering" in data and "participant" in data and (data["gathering"], data["participant"]) not in PLACES:
            raise forms.ValidationError(_("Ressursgruppesamlingen er for voksne i ressursgruppen."))
        return data


class OrderForm(_Styled):
    item = forms.ChoiceField(label=_("Vare"), choices=Item.choices)
    size = forms.ChoiceField(
        label=_("Størrelse"),
        choices=[("", _("Ingen (ikke T-skjorte)")), *Size.choices],
        required=False,
        help_text=_("Bare for T-skjorter."),
    )
    quantity = forms.IntegerField(label=_("Antall"), min_value=1, max_value=1000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        item, size = data.get("item"), data.get("size", "")
        if item == Item.T_SHIRT and not size:
            self.add_error("size", _("Velg størrelse på T-skjortene."))
        elif item and item != Item.T_SHIRT and size:
            self.add_error("size", _("Bare T-skjorter har størrelse."))
        return data


class TermForm(forms.Form):
    """Which term the term report covers (empty or unknown: the term running today)."""

    termin = forms.TypedChoiceField(
        label=_("Termin"),
        choices=[("", "–"), ("1", _("1. termin")), ("2", _("2. termin"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
