import datetime
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.accounts.models import User
from drommeskolen.people.access import visible_pupils
from drommeskolen.people.models import Pupil
from drommeskolen.people.roles import STAFF_KINDS, SchoolContext

from .models import HAND_WRITTEN_KINDS, Case, CaseStatus, JournalEntry, JournalKind, PlanArea

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# A phone's clock may be a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=10)


def _now_for_input() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)


def _when_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"required": _("Skriv når det skjedde."), "invalid": _("Skriv dato og klokkeslett.")},
    )


def _not_in_future(moment: datetime.datetime) -> datetime.datetime:
    if moment > timezone.now() + CLOCK_SKEW:
        raise forms.ValidationError(_("Tidspunktet kan ikke være fram i tid."))
    return moment


def chosen_pupils(ctx: SchoolContext, values: list[str]) -> list[Pupil]:
    """The chosen pupils the user may name (this year's pupils of the school), by UUID."""
    uuids = []
    for value in values:
        try:
            uuids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    if not uuids:
        return []
    return list(visible_pupils(ctx).filter(uuid__in=uuids).order_by("last_name", "first_name"))


class ConcernForm(forms.Form):
    """Meld bekymring: one screen, two required inputs besides the pupil(s)."""

    pupils = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    what_happened = forms.CharField(
        label=_("Hva så du, eller hva fikk du høre?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv kort hva du så eller fikk høre.")},
    )
    occurred_at = _when_field(_("Når skjedde det?"))
    place = forms.CharField(label=_("Hvor? (valgfritt)"), required=False, max_length=200)
    outside_school_hours = forms.BooleanField(label=_("Årsaken kan ligge utenom skoletid"), required=False)
    intervened = forms.BooleanField(label=_("Jeg grep inn"), required=False)
    intervention = forms.CharField(
        label=_("Hvordan grep du inn? (valgfritt)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    employee_may_be_offending = forms.BooleanField(
        label=_("Kan en ansatt være den som krenker?"),
        help_text=_("Da ser bare rektor meldingen (opplæringslova § 12-5)."),
        required=False,
    )
    # § 12-5: optional, a plain select (works without JavaScript). Someone in the school's
    # leadership → the concern goes directly to the school owner (actions.report_concern).
    suspected_employee = forms.ModelChoiceField(
        label=_("Hvilken ansatt? (valgfritt)"),
        help_text=_("Gjelder det noen i skolens ledelse, går meldingen direkte til skoleeier."),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("Vil ikke si / vet ikke"),
        error_messages={"invalid_choice": _("Velg en ansatt ved skolen.")},
    )

    def __init__(self, *args: Any, ctx: SchoolContext, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        self.fields["occurred_at"].initial = _now_for_input
        staff: Any = self.fields["suspected_employee"]
        # Nobody names themselves: the suspected employee must never see the concern.
        staff.queryset = staff_users(ctx) if user is None else staff_users(ctx).exclude(pk=user.pk)

    def selected_pupils(self) -> list[Pupil]:
        raw = self.data.getlist("pupils") if hasattr(self.data, "getlist") else []
        return chosen_pupils(self.ctx, raw)

    def clean_pupils(self) -> list[Pupil]:
        pupils = self.selected_pupils()
        if not pupils:
            raise forms.ValidationError(_("Velg minst én elev. Søk etter navn eller klasse."))
        return pupils

    def clean_occurred_at(self) -> datetime.datetime:
        return _not_in_future(self.cleaned_data["occurred_at"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Whoever writes how they intervened did intervene, ticked or not: keep their words.
        if data.get("intervention", "").strip():
            data["intervened"] = True
        # Whoever names an employee means that an employee may be offending.
        if data.get("suspected_employee") is not None:
            data["employee_may_be_offending"] = True
        return data


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Tillegg"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hva du vil legge til.")},
    )


def staff_users(ctx: SchoolContext) -> QuerySet[User]:
    """Staff of the school this school year: who can handle a case or join its team."""
    return (
        User.objects.filter(
            roles__school=ctx.school, roles__school_year=ctx.year, roles__kind__in=[k.value for k in STAFF_KINDS]
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("Ny status"), error_messages={"required": _("Velg ny status.")})
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv en begrunnelse for endringen.")},
    )

    pupil_feels_safe = forms.BooleanField(
        label=_("Eleven har selv sagt at skolemiljøet er trygt og godt"),
        help_text=_("Må krysses av for å avslutte saken etter undersøkelsen."),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "status_%s")  # several forms share the case page
        super().__init__(*args, **kwargs)
        allowed = case.allowed_transitions()
        # A case with a plan is closed from its evaluation, where the pupil's view is asked.
        if case.status == CaseStatus.EVALUATING:
            allowed = [s for s in allowed if s != CaseStatus.CLOSED]
        to_field: Any = self.fields["to"]
        to_field.choices = [(s.value, s.label) for s in allowed]
        to_field.error_messages["invalid_choice"] = _("Saken kan ikke gå til den statusen nå.")
        if CaseStatus.CLOSED not in allowed:
            del self.fields["pupil_feels_safe"]


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Saksbehandler"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Velg person"),
        error_messages={"required": _("Velg en saksbehandler.")},
    )

    def __init__(self, *args: Any, ctx: SchoolContext, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "handler_%s")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["handler"]
        field.queryset = staff_users(ctx)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Velg person"),
        error_messages={"required": _("Velg hvem som skal med i saksteamet.")},
    )
    reason = forms.CharField(
        label=_("Hvorfor trenger personen tilgang?"),
        max_length=300,
        error_messages={"required": _("Skriv hvorfor personen trenger tilgang til saken.")},
    )

    def __init__(self, *args: Any, ctx: SchoolContext, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "team_%s")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = staff_users(ctx)


class JournalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva gjelder det?"),
        choices=[(kind.value, kind.label) for kind in HAND_WRITTEN_KINDS],
        initial=JournalKind.MONITORING,
        error_messages={"required": _("Velg hva oppføringen gjelder.")},
    )
    occurred_at = _when_field(_("Når skjedde det?"))
    text = forms.CharField(
        label=_("Hva skjedde? Skriv elevens egne ord der det gjelder samtale med eleven."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hva som skjedde.")},
    )
    corrects = forms.ModelChoiceField(
        label=_("Retter en tidligere oppføring (valgfritt)"),
        queryset=JournalEntry.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("Ingen – en ny oppføring"),
        error_messages={"invalid_choice": _("Velg en oppføring i denne saken.")},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "journal_%s")
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = _now_for_input
        corrects: Any = self.fields["corrects"]
        corrects.queryset = JournalEntry.objects.filter(case=case).order_by("sequence")
        corrects.label_from_instance = lambda entry: _("Oppføring %(n)s") % {"n": entry.sequence}

    def clean_occurred_at(self) -> datetime.datetime:
        return _not_in_future(self.cleaned_data["occurred_at"])


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv en dato.")},
    )


class PlanDraftForm(forms.Form):
    """The plan's own fields. Everything may be left empty in a draft; adoption checks (a)–(e)."""

    problem = forms.CharField(
        label=_("Hvilket problem skal tiltakene løse? (a)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    pupil_view = forms.CharField(
        label=_("Elevens syn (med elevens egne ord)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    guardians_view = forms.CharField(
        label=_("Foresattes syn"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evaluation_date = _date_field(_("Når skal tiltakene evalueres? (e)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "plan_%s")
        super().__init__(*args, **kwargs)


class MeasureForm(forms.Form):
    description = forms.CharField(
        label=_("Tiltak (b)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv tiltaket.")},
    )
    starts_on = _date_field(_("Fra dato (c)"))
    ends_on = _date_field(_("Til dato (valgfritt)"))
    timing = forms.CharField(
        label=_("Når, i ord (c)"),
        help_text=_("For eksempel «hvert friminutt» eller «mandager i 3. time»."),
        required=False,
        max_length=300,
    )
    responsible = forms.ModelMultipleChoiceField(
        label=_("Hvem gjennomfører tiltaket? (d)"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg ansatte ved skolen.")},
    )
    areas = forms.MultipleChoiceField(
        label=_("Områder tiltaket gjelder"),
        help_text=_("Minst ett område før planen kan vedtas."),
        choices=PlanArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg blant områdene i listen.")},
    )

    def __init__(self, *args: Any, ctx: SchoolContext, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "measure_%s")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["responsible"]
        field.queryset = staff_users(ctx).filter(employments__school=ctx.school)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Sluttdatoen kan ikke være før startdatoen."))
        return data
