from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ANSWER_MAX_LENGTH, CLUSTER_TITLE_MAX_LENGTH, Part, SessionKind

LENGTH_ERROR = _("Svaret kan ha høyst %(limit_value)d tegn (du skrev %(show_value)d).")


class ManualForm(forms.Form):
    """One text per part of the run-sheet."""

    def __init__(self, *args: Any, initial_texts: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in Part:
            self.fields[part.value] = forms.CharField(
                label=part.label,
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=(initial_texts or {}).get(part.value, ""),
            )


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Økt"), choices=SessionKind.choices)


class RoundForm(forms.Form):
    question = forms.CharField(label=_("Spørsmål til klassen"), max_length=300)
    part = forms.ChoiceField(label=_("Del av økta"), choices=Part.choices, initial=Part.GOALS)
    answers_per_pupil = forms.IntegerField(label=_("Svar per elev"), min_value=1, max_value=10, initial=3)
    votes_per_pupil = forms.IntegerField(label=_("Stemmer per elev"), min_value=1, max_value=10, initial=3)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=6,
        min_length=6,
        error_messages={
            "required": _("Skriv koden som vises på tavla."),
            "min_length": _("Koden har seks tegn."),
            "max_length": _("Koden har seks tegn."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Ditt svar"),
        max_length=ANSWER_MAX_LENGTH,
        error_messages={"required": _("Skriv et svar."), "max_length": LENGTH_ERROR},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClusterForm(forms.Form):
    title = forms.CharField(label=_("Navn på ny gruppe"), max_length=CLUSTER_TITLE_MAX_LENGTH)
