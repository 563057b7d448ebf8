from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("personvernopplaering/", views.privacy_training, name="privacy_training"),
    path("api-nokler/", views.api_tokens, name="api_tokens"),
    path("api-nokler/<uuid:token_uuid>/trekk-tilbake/", views.revoke_api_token, name="revoke_api_token"),
]
