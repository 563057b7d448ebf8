from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva vil du importere?"),
        choices=ImportKind.choices,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    # Empty files pass the form: the importer explains them in the same error table as
    # every other problem with a file.
    file = forms.FileField(
        label=_("Fil"),
        allow_empty_file=True,
        help_text=_("CSV (semikolon eller komma, UTF-8 eller Windows-1252) eller Excel (.xlsx)."),
        widget=forms.FileInput(attrs={"class": "ds-input", "accept": ".csv,.txt,.xlsx,text/csv"}),
    )
