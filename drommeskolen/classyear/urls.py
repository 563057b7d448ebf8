"""Klasseåret. Objects by UUID only."""

from django.urls import path

from . import views

app_name = "classyear"
urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("innstillinger/", views.school_settings, name="settings"),
    path("<uuid:class_uuid>/", views.year, name="year"),
    path("<uuid:class_uuid>/arsoversikt.pdf", views.summary_pdf, name="summary_pdf"),
    path("<uuid:class_uuid>/plakat/", views.poster, name="poster"),
    path("<uuid:class_uuid>/plakat.pdf", views.poster_pdf, name="poster_pdf"),
    path("<uuid:class_uuid>/plakat/mal/", views.edit_goals, name="edit_goals"),
    path("<uuid:class_uuid>/plakat/hent-mal/", views.fetch_goals, name="fetch_goals"),
    path("<uuid:class_uuid>/plakat/oppdrag/", views.edit_missions, name="edit_missions"),
    path("<uuid:class_uuid>/oppfolging/", views.open_follow_up, name="open_follow_up"),
    path("<uuid:class_uuid>/mote/", views.new_meeting, name="new_meeting"),
    path("oppfolging/<uuid:follow_up_uuid>/", views.follow_up, name="follow_up"),
    path("oppfolging/<uuid:follow_up_uuid>/puls/", views.follow_up_pulse, name="follow_up_pulse"),
    path("puls/<uuid:pulse_uuid>/", views.answer_pulse, name="answer_pulse"),
    path("mote/<uuid:class_meeting_uuid>/", views.meeting, name="meeting"),
    path("tiltak/<uuid:class_measure_uuid>/gjennomfort/", views.complete_measure, name="complete_measure"),
]
