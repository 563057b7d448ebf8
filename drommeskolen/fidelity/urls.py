"""Gjennomføring (fidelity). Objects by UUID only."""

from django.urls import path

from . import views

app_name = "fidelity"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("rapport.pdf", views.report_pdf, name="report"),
    path("samlinger/", views.gatherings, name="gatherings"),
    path("samlinger/<uuid:registration_uuid>/slett/", views.registration_remove, name="registration_remove"),
    path("bestillinger/", views.orders, name="orders"),
    path("bestillinger/<uuid:order_uuid>/slett/", views.order_remove, name="order_remove"),
    path("nettverk/", views.network_view, name="network"),
]
