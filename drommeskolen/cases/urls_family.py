"""Routes of the duty to act: family (included by urls.py, in the "cases" namespace).

A guardian with parental responsibility, or the pupil aged 15 or more, reads their own copy
of an adopted plan and answers it. Copies by UUID only; nothing about the case in the URL.
"""

from django.urls import URLPattern, path

from . import family

urlpatterns: list[URLPattern] = [
    path("familie/planer/", family.family_plans, name="family_plans"),
    path("familie/plan/<uuid:copy_uuid>/", family.family_plan, name="family_plan"),
    path("familie/plan/<uuid:copy_uuid>/svar/", family.family_respond, name="family_respond"),
]
