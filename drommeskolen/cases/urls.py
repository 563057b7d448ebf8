"""The duty to act (aktivitetsplikt): concerns and cases. Objects by UUID only."""

from django.urls import path

from . import views

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
]
