from django.urls import path

from . import views

app_name = "rosters"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("eksempel/<str:file_name>", views.example, name="example"),
    path("<uuid:import_uuid>/", views.detail, name="detail"),
    path("<uuid:import_uuid>/importer/", views.confirm, name="confirm"),
]
