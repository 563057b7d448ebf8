from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from drommeskolen.core import views as core_views

admin.site.site_header = "Drømmeskolen"

urlpatterns = [
    path("", include("drommeskolen.core.urls")),
    path("", include("drommeskolen.people.urls")),
    path("import/", include("drommeskolen.rosters.urls")),
    path("saker/", include("drommeskolen.cases.urls")),
    path("drommeskolen/", include("drommeskolen.programme.urls")),
    path("mentorer/", include("drommeskolen.mentoring.urls")),
    path("drommeklassen/", include("drommeskolen.dreamclass.urls")),
    path("klasse/", include("drommeskolen.classyear.urls")),
    path("gjennomforing/", include("drommeskolen.fidelity.urls")),
    path("konto/", include("drommeskolen.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("api/", include("drommeskolen.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("helse/", core_views.health, name="health"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
