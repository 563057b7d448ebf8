"""Drømmeklassen. Staff and mentors by UUID; pupils by the round's join code, without an account."""

from django.urls import path

from . import views, views_pupil

app_name = "dreamclass"
urlpatterns = [
    path("", views.home, name="home"),
    path("manus/", views.manual, name="manual"),
    path("manus/dokument/<uuid:manual_file_uuid>/", views.manual_download, name="manual_download"),
    path("klasse/<uuid:dk_class_uuid>/", views.class_detail, name="class_detail"),
    path("okt/<uuid:dk_session_uuid>/", views.session_detail, name="session_detail"),
    path("runde/<uuid:voice_round_uuid>/", views.round_detail, name="round_detail"),
    path("runde/<uuid:voice_round_uuid>/neste/", views.round_advance, name="round_advance"),
    path("runde/<uuid:voice_round_uuid>/skjul/", views.answer_hide, name="answer_hide"),
    path("runde/<uuid:voice_round_uuid>/grupper/", views.answer_group, name="answer_group"),
    path("runde/<uuid:voice_round_uuid>/ny-gruppe/", views.cluster_add, name="cluster_add"),
    path("runde/<uuid:voice_round_uuid>/forslag/", views.clusters_suggest, name="clusters_suggest"),
    path("runde/<uuid:voice_round_uuid>/projektor/", views.projector, name="projector"),
    path("runde/<uuid:voice_round_uuid>/projektor/innhold/", views.projector_feed, name="projector_feed"),
    # Pupils: public, anonymous.
    path("bli-med/", views_pupil.join, name="join"),
    path("svar/<str:join_code>/", views_pupil.pupil, name="pupil"),
    path("svar/<str:join_code>/stem/", views_pupil.vote, name="pupil_vote"),
    path("svar/<str:join_code>/status/", views_pupil.state, name="pupil_state"),
]
