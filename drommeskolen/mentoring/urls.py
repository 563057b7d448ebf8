"""Elevmentorer og livsmestring. Objects by UUID only."""

from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("rekruttering/", views.rounds, name="rounds"),
    path("rekruttering/<uuid:round_uuid>/", views.round_detail, name="round_detail"),
    path("rekruttering/<uuid:round_uuid>/opplaering/", views.training_day, name="training_day"),
    path("soknader/<uuid:application_uuid>/", views.application, name="application"),
    path("soknad/", views.apply, name="apply"),
    path("mentor/<uuid:mentor_uuid>/", views.mentor_detail, name="mentor_detail"),
    path("mentor/<uuid:mentor_uuid>/klasse/", views.assign_class, name="assign_class"),
    path("mentor/<uuid:mentor_uuid>/foreldremote/", views.parent_meeting, name="parent_meeting"),
    path("mentor/<uuid:mentor_uuid>/timer/", views.mentor_hours, name="mentor_hours"),
    path("aktiviteter/", views.activities, name="activities"),
    path("meg/", views.me, name="me"),
    path("livsmestring/", views.progress, name="progress"),
    path("livsmestring/<uuid:class_uuid>/", views.class_sessions, name="class_sessions"),
    path("livsmestring/<uuid:class_uuid>/logg/", views.log_session, name="log_session"),
    path("samling/<uuid:session_uuid>/", views.session_detail, name="session_detail"),
    path("samling/<uuid:session_uuid>/vurder/", views.rate_session, name="rate_session"),
    path("materiell/", views.materials, name="materials"),
    path("materiell/<uuid:material_uuid>/", views.material_file, name="material_file"),
    path("timer/", views.time_use, name="time"),
]
