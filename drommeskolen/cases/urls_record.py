"""Routes of the duty to act: record (included by urls.py, in the "cases" namespace)."""

from django.urls import URLPattern, path

from . import overview, record

urlpatterns: list[URLPattern] = [
    path("<uuid:case_uuid>/saksmappe/", record.record_pdf, name="record_pdf"),
    path("<uuid:case_uuid>/arkivpakke/", record.record_archive, name="record_archive"),
    path("oversikt/", overview.overview, name="overview"),
]
