from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .models import ANSWER_MAX_LENGTH, CLUSTER_TITLE_MAX_LENGTH, ManualText, Part, SessionKind

LENGTH_ERROR = _("Svaret kan ha høyst %(limit_value)d tegn (du skrev %(show_value)d).")

MAX_MANUAL_BYTES = 10 * 1024 * 1024
# Extension → (content type, the file's first bytes). Checked against the content, not the
# name (as for the roadmap's documents). Plain text has no signature: see `_looks_like_text`.
MANUAL_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "txt": ("text/plain", ()),
}
TEXT_SNIFF_BYTES = 8192


def _looks_like_text(head: bytes) -> bool:
    # Programs and other binary files have NUL bytes near the start; text in any of the
    # encodings schools use (UTF-8, Windows-1252) has none.
    return bool(head) and b"\0" not in head


def _content_type(upload: UploadedFile[Any]) -> str:
    """The checked type of an uploaded manual, or a ValidationError in Norwegian."""
    if (upload.size or 0) > MAX_MANUAL_BYTES:
        raise forms.ValidationError(_("Filen er for stor (høyst 10 MB)."))
    name = upload.name or ""
    known = MANUAL_TYPES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    head = upload.read(TEXT_SNIFF_BYTES)
    upload.seek(0)
    if known is not None:
        content_type, signatures = known
        if any(head.startswith(s) for s in signatures) if signatures else _looks_like_text(head):
            return content_type
    raise forms.ValidationError(_("Filtypen er ikke tillatt. Last opp PDF, Word (docx), ODT eller ren tekst (txt)."))


class ManualForm(forms.Form):
    """Per part of the run-sheet: a text, and the school's own document (new, replacing the
    current one, or removed). Field names: `<part>`, `<part>_file`, `<part>_remove`."""

    def __init__(self, *args: Any, current: dict[str, ManualText] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current or {}
        # Part → (the upload, its checked content type), filled by clean().
        self.uploads: dict[str, tuple[UploadedFile[Any], str]] = {}
        for part in Part:
            row = self.current.get(part.value)
            self.fields[part.value] = forms.CharField(
                label=_("Tekst"),
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=row.text if row else "",
            )
            self.fields[f"{part.value}_file"] = forms.FileField(
                label=_("Bytt dokument") if row and row.file else _("Last opp skolens eget dokument"),
                help_text=_("PDF, Word (docx), ODT eller ren tekst (txt), høyst 10 MB."),
                required=False,
                widget=forms.FileInput(attrs={"accept": ",".join(f".{extension}" for extension in MANUAL_TYPES)}),
            )
            if row and row.file:
                self.fields[f"{part.value}_remove"] = forms.BooleanField(label=_("Fjern dokumentet"), required=False)

    def parts(self) -> list[dict[str, Any]]:
        """The fields of each part, in run-sheet order, for the template."""
        return [
            {
                "part": part,
                "text": self[part.value],
                "file": self[f"{part.value}_file"],
                "remove": self[f"{part.value}_remove"] if f"{part.value}_remove" in self.fields else None,
                "current": self.current.get(part.value),
            }
            for part in Part
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for part in Part:
            upload = data.get(f"{part.value}_file")
            if not upload:
                continue
            if data.get(f"{part.value}_remove"):
                self.add_error(f"{part.value}_remove", _("Last opp et nytt dokument eller fjern det, ikke begge."))
                continue
            try:
                self.uploads[part.value] = (upload, _content_type(upload))
            except forms.ValidationError as error:
                self.add_error(f"{part.value}_file", error)
        return data

    def texts(self) -> dict[str, str]:
        return {part.value: self.cleaned_data[part.value] for part in Part}

    def removals(self) -> set[str]:
        return {part.value for part in Part if self.cleaned_data.get(f"{part.value}_remove")}


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
