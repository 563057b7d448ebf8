from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("skole/velg/", views.switch_school, name="switch_school"),
    path("innsynslogg/", views.access_log, name="access_log"),
]
