import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from drommeskolen.accounts.models import User
from drommeskolen.core.models import Holiday, SchoolYear
from drommeskolen.people.models import RoleKind, SchoolClass
from drommeskolen.people.roles import STAFF_KINDS

from . import audience
from .models import EventKind, Meeting, ResourceGroupMember, RoadmapStep, SchoolProgramme, WheelEvent

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Extension → (content type, the file's first bytes). Checked against the content, not the name.
EVIDENCE_TYPES = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _time(label: Any, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=required, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


def staff_users(school: Any, year: SchoolYear | None) -> QuerySet[User]:
    """This year's staff of the school (anyone holding a staff role)."""
    return (
        User.objects.filter(
            roles__school=school, roles__school_year=year, roles__kind__in=[k.value for k in STAFF_KINDS]
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def group_candidates(school: Any, year: SchoolYear | None) -> QuerySet[User]:
    """Staff, and the year's pupil mentors (the pupil council/mentors have a seat)."""
    staff = staff_users(school, year).values("pk")
    mentors = User.objects.filter(roles__school=school, roles__school_year=year, roles__kind=RoleKind.PUPIL_MENTOR)
    return (User.objects.filter(pk__in=staff) | User.objects.filter(pk__in=mentors.values("pk"))).order_by(
        "first_name", "last_name"
    )


class StepForm(forms.ModelForm[RoadmapStep]):
    done_on = _date(_("Dato fullført"), required=False)

    class Meta:
        model = RoadmapStep
        fields = ["status", "done_on", "owner_role", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"done_on": _("Blir dagens dato om du lar det stå tomt.")}


class ReadinessForm(forms.ModelForm[SchoolProgramme]):
    class Meta:
        model = SchoolProgramme
        fields = ["anchored_leadership", "anchored_staff", "anchored_pupil_council", "readiness_notes"]
        widgets = {"readiness_notes": forms.Textarea(attrs={"rows": 3})}


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Dokument"), help_text=_("PDF, Word (docx), ODT, PNG eller JPEG, høyst 10 MB."))

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("Filen er for stor (høyst 10 MB)."))
        extension = (upload.name or "").rsplit(".", 1)[-1].lower()
        known = EVIDENCE_TYPES.get(extension)
        head = upload.read(8)
        upload.seek(0)
        if known is None or not any(head.startswith(magic) for magic in known[1]):
            raise forms.ValidationError(_("Filtypen er ikke tillatt."))
        self.content_type = known[0]
        return upload


class MemberForm(forms.ModelForm[ResourceGroupMember]):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), to_field_name="uuid")

    class Meta:
        model = ResourceGroupMember
        fields = ["user", "position", "title", "is_coordinator", "mentor_lead"]

    def __init__(self, *args: Any, school: Any, year: SchoolYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["user"]
        else:
            user_field: Any = self.fields["user"]
            user_field.queryset = group_candidates(school, year).exclude(resource_groups__school=school)


class MeetingForm(forms.ModelForm[Meeting]):
    held_on = _date(_("Dato"))

    class Meta:
        model = Meeting
        fields = ["held_on", "agenda", "minutes", "decisions"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("agenda", "minutes", "decisions")}


class NewMeetingForm(forms.Form):
    held_on = _date(_("Dato"))
    agenda = forms.CharField(label=_("Saksliste"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Oppgave"), max_length=300)
    assignee = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), to_field_name="uuid", required=False
    )
    due_on = _date(_("Frist"), required=False)

    def __init__(self, *args: Any, school: Any, year: SchoolYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee: Any = self.fields["assignee"]
        assignee.queryset = group_candidates(school, year)


class DatesForm(forms.Form):
    starts_on = _date(_("Første skoledag"))
    term2_starts_on = _date(_("Første dag i 2. termin"))
    ends_on = _date(_("Siste skoledag"))
    reminder_days = forms.IntegerField(
        label=_("Påminnelse på e-post, dager før"),
        min_value=0,
        max_value=60,
        help_text=_("0 slår av påminnelsene."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, term2, end = data.get("starts_on"), data.get("term2_starts_on"), data.get("ends_on")
        if start and term2 and end and not start < term2 < end:
            raise forms.ValidationError(_("Datoene må komme i rekkefølge: skolestart, 2. termin, siste skoledag."))
        return data


class HolidayForm(forms.ModelForm[Holiday]):
    starts_on = _date(_("Fra"))
    ends_on = _date(_("Til og med"))

    class Meta:
        model = Holiday
        fields = ["name", "starts_on", "ends_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            raise forms.ValidationError(_("Sluttdatoen kan ikke være før startdatoen."))
        return data


HolidayFormSet = forms.inlineformset_factory(
    SchoolYear, Holiday, form=HolidayForm, fields=["name", "starts_on", "ends_on"], extra=1, can_delete=True
)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices, initial=EventKind.OTHER)
    starts_on = _date(_("Dato"))
    ends_on = _date(_("Til og med (valgfritt)"), required=False)
    all_day = forms.BooleanField(
        label=_("Hele dagen"), required=False, help_text=_("Uten klokkeslett, for eksempel en periode på flere uker.")
    )
    start_time = _time(_("Fra klokken"), required=False)
    end_time = _time(_("Til klokken"), required=False)
    school_class = forms.ModelChoiceField(
        label=_("Klasse (valgfritt)"), queryset=SchoolClass.objects.none(), to_field_name="uuid", required=False
    )
    audience = forms.ChoiceField(
        label=_("Hvem er med"),
        help_text=_("Får hendelsen i kalenderen sin og påminnelse på e-post. En klasses kontaktlærer er alltid med."),
    )

    def __init__(self, *args: Any, year: SchoolYear, event: WheelEvent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_class: Any = self.fields["school_class"]
        school_class.queryset = SchoolClass.objects.filter(school_year=year).order_by("grade", "name")
        self.year = year
        choices: list[tuple[str, Any]] = [(choice.key, choice.label) for choice in audience.CHOICES]
        field: Any = self.fields["audience"]
        if event is not None and audience.choice_of(event) is None:
            # A generated event's audience the form has no choice for: kept unless changed.
            choices.insert(0, ("", _("Som nå")))
            field.required = False
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = audience.CHOICES_BY_KEY.get(data.get("audience") or "")
        if choice is not None and choice.needs_class and not data.get("school_class"):
            self.add_error("school_class", _("Velg klassen når kontaktlæreren skal være med."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and not (self.year.starts_on - datetime.timedelta(days=60) <= start <= self.year.ends_on):
            self.add_error("starts_on", _("Datoen må være i skoleåret."))
        if start and end and end < start:
            self.add_error("ends_on", _("Sluttdatoen kan ikke være før startdatoen."))
        if data.get("all_day"):
            data["start_time"] = data["end_time"] = None
            return data
        s_time, e_time = data.get("start_time"), data.get("end_time")
        for name in ("start_time", "end_time"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Skriv klokkeslettet, eller kryss av for hele dagen."))
        # Over several days the event is held each weekday at these times, not overnight.
        if s_time and e_time and e_time <= s_time:
            self.add_error("end_time", _("Slutten må være etter starten."))
        return data


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Til stede"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, school: Any, year: SchoolYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present: Any = self.fields["present"]
        present.queryset = staff_users(school, year)
