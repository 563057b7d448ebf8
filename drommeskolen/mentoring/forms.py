"""Forms parse and validate; the actions write."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.people.models import Grade, SchoolClass

from .catalogue import TOPICS, Leader, topics_for_grade
from .models import ActivityKind, ActivityLevel, Decision, Mentor, TimeKind

DATE = forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d")
INPUT = {"class": "ds-input"}

MATERIAL_MAX_BYTES = 10 * 1024 * 1024
# What a school hands out for a session: documents, slides and pictures, recognised by
# their first bytes as well as their name (a renamed program is refused).
MATERIAL_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".odp": ("application/vnd.oasis.opendocument.presentation", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


class MentorChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pupil.full_name)


class ClassField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.school_year.label})"


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue
        widget.attrs.setdefault("class", "ds-input")


class RoundForm(forms.Form):
    opens_on = forms.DateField(label=_("Søknaden åpner"), widget=DATE)
    closes_on = forms.DateField(label=_("Søknadsfrist"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            raise ValidationError(_("Søknadsfristen må være etter at søknaden åpner."))
        return data


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Hvorfor vil du bli elevmentor?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    on_pupil_council = forms.TypedChoiceField(
        label=_("Sitter du i elevrådet?"),
        choices=[("ja", _("Ja")), ("nei", _("Nei"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "ja",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DecisionForm(forms.Form):
    interview_notes = forms.CharField(
        label=_("Notater fra intervju"),
        help_text=_("Bare mentoransvarlige ser notatene."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    decision = forms.ChoiceField(label=_("Avgjørelse"), choices=Decision.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, notes: bool, **kwargs: Any) -> None:
        """`notes`: the user is a mentor lead; for anyone else the form has no notes field."""
        super().__init__(*args, **kwargs)
        if not notes:
            del self.fields["interview_notes"]
        _style(self)


class TrainingDayForm(forms.Form):
    number = forms.TypedChoiceField(label=_("Dag"), choices=[(1, _("Dag 1")), (2, _("Dag 2"))], coerce=int)
    held_on = forms.DateField(label=_("Dato"), widget=DATE)
    attendees = MentorChoiceField(
        label=_("Til stede"),
        queryset=Mentor.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, mentors: QuerySet[Mentor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = mentors
        _style(self)


class ClassChoiceForm(forms.Form):
    school_class = ClassField(label=_("Klasse"), queryset=SchoolClass.objects.none(), to_field_name="uuid")

    def __init__(self, *args: Any, classes: QuerySet[SchoolClass], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = classes
        _style(self)


class ParentMeetingForm(ClassChoiceForm):
    held_on = forms.DateField(label=_("Dato for foreldremøtet"), widget=DATE)


class TimeForm(forms.Form):
    worked_on = forms.DateField(label=_("Dato"), widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Aktivitet"), choices=TimeKind.choices)
    hours = forms.DecimalField(label=_("Timer"), min_value=0.25, max_value=24, decimal_places=2)
    note = forms.CharField(label=_("Merknad"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DATE)
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Hva"), max_length=200)
    level = forms.ChoiceField(label=_("Nivå"), choices=ActivityLevel.choices)
    school_class = ClassField(
        label=_("Klasse (ved klassenivå)"), queryset=SchoolClass.objects.none(), to_field_name="uuid", required=False
    )
    grade = forms.TypedChoiceField(
        label=_("Trinn (ved trinnivå)"),
        choices=[("", "–"), *Grade.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    participants = forms.IntegerField(label=_("Antall deltakere"), min_value=0, max_value=5000)
    mentors = MentorChoiceField(
        label=_("Mentorer som arrangerte"),
        queryset=Mentor.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, classes: QuerySet[SchoolClass], mentors: QuerySet[Mentor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        class_field = self.fields["school_class"]
        mentor_field = self.fields["mentors"]
        assert isinstance(class_field, forms.ModelChoiceField)
        assert isinstance(mentor_field, forms.ModelMultipleChoiceField)
        class_field.queryset = classes
        mentor_field.queryset = mentors
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") == ActivityLevel.CLASS and not data.get("school_class"):
            self.add_error("school_class", _("Velg klassen."))
        if data.get("level") == ActivityLevel.GRADE and not data.get("grade"):
            self.add_error("grade", _("Velg trinnet."))
        return data


def _topic_choices(grade: int, leader: str | None = None) -> list[tuple[str, str]]:
    return [(t.key, str(t.name)) for t in topics_for_grade(grade) if leader is None or t.led_by == leader]


class PlanForm(forms.Form):
    topic = forms.ChoiceField(label=_("Samling"))
    planned_on = forms.DateField(label=_("Planlagt dato"), widget=DATE, required=False)

    def __init__(self, *args: Any, grade: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _topic_choices(grade)  # type: ignore[attr-defined]
        _style(self)


class DeliveryForm(forms.Form):
    """The short form a mentor fills in on a phone after a session (staff get 'led by')."""

    topic = forms.ChoiceField(label=_("Samling"))
    delivered_on = forms.DateField(label=_("Dato"), widget=DATE, initial=timezone.localdate)
    led_by = forms.ChoiceField(
        label=_("Ledet av"),
        choices=[(Leader.MENTORS, _("Elevmentorer")), (Leader.TEACHER, _("Lærer"))],
        widget=forms.RadioSelect,
    )
    mentors = MentorChoiceField(
        label=_("Elevmentorer som ledet samlingen"),
        help_text=_("Klassens elevmentorer. Gjelder bare samlinger ledet av elevmentorer."),
        queryset=Mentor.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evaluation = forms.CharField(
        label=_("Kort evaluering"),
        help_text=_("Hva gikk bra, og hva vil dere gjøre annerledes? Ikke skriv navn på elever."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, grade: int, as_mentor: bool, mentors: QuerySet[Mentor], **kwargs: Any) -> None:
        """`mentors`: the class's assigned mentors, the only ones who can be ticked."""
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _topic_choices(grade, Leader.MENTORS if as_mentor else None)  # type: ignore[attr-defined]
        mentor_field = self.fields["mentors"]
        assert isinstance(mentor_field, forms.ModelMultipleChoiceField)
        mentor_field.queryset = mentors
        if as_mentor:
            del self.fields["led_by"]
            mentor_field.label = _("Hvem ledet samlingen?")
            mentor_field.help_text = _("Du er krysset av. Kryss av for de andre elevmentorene som var med.")
        _style(self)

    def clean_delivered_on(self) -> Any:
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Datoen kan ikke være fram i tid."))
        return day


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Hvor fornøyd var du med samlingen? (1 = lite, 5 = veldig)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )


class MaterialForm(forms.Form):
    topic = forms.ChoiceField(label=_("Samling"), choices=[(t.key, t.name) for t in TOPICS])
    title = forms.CharField(label=_("Tittel"), max_length=200)
    url = forms.URLField(label=_("Lenke"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("Fil"), required=False, help_text=_("PDF, Word, PowerPoint, OpenDocument eller bilde, høyst 10 MB.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MATERIAL_MAX_BYTES:
            raise ValidationError(_("Filen er større enn 10 MB."))
        name = upload.name.lower()
        extension = name[name.rfind(".") :] if "." in name else ""
        if extension not in MATERIAL_TYPES:
            raise ValidationError(_("Denne filtypen kan ikke lastes opp."))
        content = upload.read()
        content_type, magics = MATERIAL_TYPES[extension]
        if not content.startswith(magics):
            raise ValidationError(_("Filen er ikke det navnet sier at den er."))
        self.cleaned_data["content_type"] = content_type
        self.cleaned_data["content"] = content
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = bool(data.get("file"))
        if has_file == bool(data.get("url")) and not self.errors:
            raise ValidationError(_("Legg ved enten en fil eller en lenke."))
        return data
