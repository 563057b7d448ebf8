"""Routes of the duty to act: followup (included by urls.py, in the "cases" namespace).

The investigation (undersøkje), the evaluation of the measures and the school's targets."""

from django.urls import URLPattern, path

from . import views_followup as views

urlpatterns: list[URLPattern] = [
    path("<uuid:case_uuid>/undersokelse/", views.investigation, name="investigation"),
    path("<uuid:case_uuid>/undersokelse/planlegg/", views.plan_step, name="investigation_step"),
    path("<uuid:case_uuid>/undersokelse/samtale/", views.record_finding, name="record_finding"),
    path("<uuid:case_uuid>/undersokelse/opplevelse/", views.record_experience, name="record_experience"),
    path("<uuid:case_uuid>/undersokelse/elevens-beste/", views.record_best_interests, name="record_best_interests"),
    path("<uuid:case_uuid>/undersokelse/faktorer/", views.record_factors, name="record_factors"),
    path("<uuid:case_uuid>/undersokelse/involvert/", views.add_involved_pupil, name="add_involved_pupil"),
    path("<uuid:case_uuid>/evaluering/", views.evaluation, name="evaluation"),
    path("frister/", views.duty_settings, name="duty_settings"),
]
