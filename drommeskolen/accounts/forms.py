import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivacyTrainingForm(forms.Form):
    course = forms.CharField(
        label=_("Opplæring"),
        max_length=200,
        initial=_("Personvern og informasjonssikkerhet i skolen"),
    )
    completed_on = forms.DateField(label=_("Dato gjennomført"), widget=forms.DateInput(attrs={"type": "date"}))
    confirm = forms.BooleanField(
        label=_(
            "Jeg bekrefter at jeg har gjennomført opplæringen, og at jeg bare skal åpne opplysninger "
            "om elever når jeg trenger dem i arbeidet mitt."
        )
    )

    def clean_completed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke være fram i tid."))
        return day


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"), max_length=100, help_text=_("For eksempel hva den skal brukes til.")
    )
    valid_days = forms.IntegerField(label=_("Gyldig i antall dager"), min_value=1, max_value=365, initial=90)
