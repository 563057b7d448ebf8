"""The versioned JSON API (placeholder until the API lands)."""

urlpatterns: list = []
