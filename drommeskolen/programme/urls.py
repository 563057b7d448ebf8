"""The Drømmeskolen year. Objects by UUID only; feeds by their secret token."""

from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("veikart/", views.roadmap, name="roadmap"),
    path("veikart/forankring/", views.readiness, name="readiness"),
    path("veikart/<uuid:step_uuid>/", views.step_detail, name="step_detail"),
    path("veikart/<uuid:step_uuid>/dokument/", views.step_upload, name="step_upload"),
    path("dokument/<uuid:evidence_uuid>/", views.evidence_download, name="evidence_download"),
    path("ressursgruppe/", views.resource_group, name="resource_group"),
    path("ressursgruppe/<uuid:rg_member_uuid>/", views.member_edit, name="member_edit"),
    path("ressursgruppe/mote/ny/", views.meeting_create, name="meeting_create"),
    path("ressursgruppe/mote/<uuid:rg_meeting_uuid>/", views.meeting_detail, name="meeting_detail"),
    path("ressursgruppe/mote/<uuid:rg_meeting_uuid>/oppgave/", views.task_add, name="task_add"),
    path("ressursgruppe/oppgave/<uuid:rg_task_uuid>/", views.task_done, name="task_done"),
    path("aarshjul/", views.wheel_view, name="wheel"),
    path("aarshjul/liste/", views.event_list, name="event_list"),
    path("aarshjul/datoer/", views.dates, name="dates"),
    path("aarshjul/lag/", views.generate, name="generate"),
    path("aarshjul/ny/", views.event_add, name="event_add"),
    path("aarshjul/<uuid:wheel_event_uuid>/", views.event_detail, name="event_detail"),
    path("aarshjul/<uuid:wheel_event_uuid>/fjern/", views.event_remove, name="event_remove"),
    path("aarshjul/<uuid:wheel_event_uuid>/oppmote/", views.attendance, name="attendance"),
    path("kalender/", views.feeds, name="feeds"),
    path("kalender/<uuid:feed_uuid>/slett/", views.feed_revoke, name="feed_revoke"),
    path("kalender/<str:feed_token>.ics", views.feed_ics, name="feed_ics"),
]
