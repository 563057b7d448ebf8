import uuid
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry, School


class AccessLogFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Alle")
    )
    pupil = forms.ChoiceField(label=_("Elev"), required=False)
    date_from = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Imported here: core sits below people and must not import it at module level.
        from drommeskolen.people.models import Pupil

        self.school = school
        actor_ids = AccessLogEntry.objects.filter(school=school).values("actor_id")
        self.fields["person"].queryset = get_user_model().objects.filter(pk__in=actor_ids)  # type: ignore[attr-defined]
        self._pupils = {
            p.uuid: p.full_name for p in Pupil.objects.filter(school=school).only("uuid", "first_name", "last_name")
        }
        by_name = sorted(((str(k), v) for k, v in self._pupils.items()), key=lambda c: c[1])
        cast(forms.ChoiceField, self.fields["pupil"]).choices = [("", _("Alle")), *by_name]

    def filter(self, entries: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
        data = self.cleaned_data
        if data.get("person"):
            entries = entries.filter(actor=data["person"])
        if data.get("pupil"):
            entries = entries.filter(pupil_uuid=uuid.UUID(data["pupil"]))
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries

    def pupil_names_for(self, entries: Iterable[AccessLogEntry]) -> dict[uuid.UUID | None, str]:
        return {e.pupil_uuid: self._pupils.get(e.pupil_uuid, "—") for e in entries if e.pupil_uuid}
