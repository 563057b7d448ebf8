"""Routes of the duty to act: family (included by urls.py, in the "cases" namespace)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
