from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("klasser/", views.class_list, name="class_list"),
    path("klasser/<uuid:class_uuid>/", views.class_detail, name="class_detail"),
    path("elever/", views.pupil_list, name="pupil_list"),
    path("elever/<uuid:pupil_uuid>/", views.pupil_detail, name="pupil_detail"),
    path("ansatte/", views.staff_list, name="staff_list"),
]
