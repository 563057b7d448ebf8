"""The duty to act (aktivitetsplikt): concerns and cases. Objects by UUID only."""

from django.urls import path

from . import urls_enhanced, urls_family, urls_followup, urls_record, views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("meld/", views.report, name="report"),
    path("meld/elever/", views.pupil_search, name="pupil_search"),
    path("melding/<uuid:concern_uuid>/", views.concern_detail, name="concern_detail"),
    path("melding/<uuid:concern_uuid>/opprett-sak/", views.open_case, name="open_case"),
    path("<uuid:case_uuid>/", views.case_detail, name="case_detail"),
    path("<uuid:case_uuid>/status/", views.change_status, name="change_status"),
    path("<uuid:case_uuid>/saksbehandler/", views.assign_handler, name="assign_handler"),
    path("<uuid:case_uuid>/team/", views.add_team_member, name="add_team_member"),
    path("<uuid:case_uuid>/journal/", views.add_journal_entry, name="add_journal_entry"),
    path("<uuid:case_uuid>/plan/", views.plan_detail, name="plan_detail"),
    path("<uuid:case_uuid>/plan/versjoner/", views.plan_versions, name="plan_versions"),
    path("<uuid:case_uuid>/plan/ny-versjon/", views.plan_start, name="plan_start"),
    path("<uuid:case_uuid>/plan/utkast/", views.plan_save_draft, name="plan_save_draft"),
    path("<uuid:case_uuid>/plan/tiltak/", views.plan_add_measure, name="plan_add_measure"),
    path("<uuid:case_uuid>/plan/tiltak/fjern/", views.plan_remove_measure, name="plan_remove_measure"),
    path("<uuid:case_uuid>/plan/vedta/", views.plan_adopt, name="plan_adopt"),
    # Each part of the duty keeps its own routes (same namespace).
    *urls_followup.urlpatterns,
    *urls_enhanced.urlpatterns,
    *urls_family.urlpatterns,
    *urls_record.urlpatterns,
]
