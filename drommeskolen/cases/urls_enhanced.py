"""Routes of the duty to act: § 12-5, deputies and concerns from families (included by
urls.py, in the "cases" namespace). Objects by UUID only."""

from django.urls import URLPattern, path

from . import enhanced, family_report

urlpatterns: list[URLPattern] = [
    path("skoleeier/", enhanced.owner_cases, name="owner_cases"),
    path("<uuid:enhanced_case_uuid>/skjerpet/", enhanced.enhanced_decision, name="enhanced_decision"),
    path("stedfortredere/", enhanced.deputies, name="deputies"),
    path("stedfortredere/fjern/", enhanced.deputy_remove, name="deputy_remove"),
    path("si-fra/", family_report.family_report, name="family_report"),
    path("si-fra/<uuid:family_concern_uuid>/", family_report.family_receipt, name="family_receipt"),
    path("melding/<uuid:family_concern_uuid>/knytt/", family_report.family_link, name="family_link"),
]
