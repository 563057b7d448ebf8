"""The versioned JSON API: /api/v1/ (see docs/api.md)."""

from django.urls import URLPattern, URLResolver, include, path, re_path

from .docs import docs_asset
from .v1 import api, index, not_found

_v1_patterns, _v1_app, _v1_namespace = api.urls
# Ninja's own root answers with the site's HTML 404; ours says where the docs are, in JSON.
# The name stays: ninja reverses "api-root" to find the API's path prefix.
_v1_patterns = [p for p in _v1_patterns if getattr(p, "name", None) != "api-root"]

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "v1/",
        include(
            (
                [
                    *_v1_patterns,
                    path("", index, name="api-root"),
                    path("docs/assets/<str:name>", docs_asset, name="docs_asset"),
                ],
                _v1_app,
            ),
            namespace=_v1_namespace,
        ),
    ),
    # Last: any other address under /api/ answers with a JSON 404, not the site's HTML page.
    re_path(r"^", not_found, name="api_not_found"),
]
