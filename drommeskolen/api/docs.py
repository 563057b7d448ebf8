"""The interactive API documentation (Swagger UI), served from our own origin only.

The site's Content-Security-Policy allows scripts and styles from 'self' only, so Swagger
UI cannot come from a CDN — which is what django-ninja does unless "ninja" is an
installed app. Ninja ships the Swagger UI files inside its package. With "ninja" in
INSTALLED_APPS they are ordinary static files (collected, compressed and cached by
WhiteNoise) and this page links to them; without it, `docs_asset` below hands out those
three files itself. The settings travel as a JSON data block that ninja's init script
reads, so the page has no inline script and needs no nonce.
"""

from pathlib import Path
from typing import Any

import ninja
from django.apps import apps
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template import Context, Engine
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from ninja.openapi.docs import DocsBase

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
}
# The API package is not an installed app, so its template is loaded from its own folder.
_engine = Engine(
    dirs=[str(Path(__file__).resolve().parent / "templates")],
    libraries={"i18n": "django.templatetags.i18n"},
)


def asset_url(name: str) -> str:
    if apps.is_installed("ninja"):
        return static(f"ninja/{name}")
    # The version in the query string makes browsers fetch the files again after an upgrade.
    return reverse("api-v1:docs_asset", kwargs={"name": name}) + f"?v={ninja.__version__}"


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        swagger_settings = {
            "url": openapi_url,
            "layout": "BaseLayout",
            "deepLinking": True,
            # The default validator is an outside service the page would send the schema to.
            "validatorUrl": None,
            # Keep a pasted token out of the browser's local storage.
            "persistAuthorization": False,
        }
        html = _engine.get_template("api/docs.html").render(
            Context(
                {
                    "openapi_url": openapi_url,
                    "swagger_settings": swagger_settings,
                    "css_url": asset_url("swagger-ui.css"),
                    "bundle_url": asset_url("swagger-ui-bundle.js"),
                    "init_url": asset_url("swagger-ui-init.js"),
                }
            )
        )
        return HttpResponse(html)


@require_safe
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    content_type = ASSETS.get(name)
    if content_type is None:
        raise Http404
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=f"{content_type}; charset=utf-8")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response
