import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from .test_auth import api_operation_paths

EXPECTED_PATHS = {
    "/api/v1/me",
    "/api/v1/schools",
    "/api/v1/schools/{school_uuid}/classes",
    "/api/v1/schools/{school_uuid}/classes/{class_uuid}",
    "/api/v1/schools/{school_uuid}/pupils",
    "/api/v1/schools/{school_uuid}/pupils/{pupil_uuid}",
    "/api/v1/schools/{school_uuid}/cases",
    "/api/v1/schools/{school_uuid}/cases/{case_uuid}",
    "/api/v1/schools/{school_uuid}/cases/{case_uuid}/journal",
    "/api/v1/schools/{school_uuid}/cases/{case_uuid}/plan",
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def schema(client, db):
    response = client.get(reverse("api-v1:openapi-json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_schema_is_openapi_and_lists_every_path(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Drømmeskolen API"
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == EXPECTED_PATHS
    # …and every operation in the URL configuration, so a new endpoint cannot be left out.
    served = {UUID.sub("{}", path) for path in api_operation_paths()}
    assert {re.sub(r"\{\w+\}", "{}", path) for path in schema["paths"]} == served


def test_every_operation_is_a_get_behind_the_bearer_token(schema):
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["BearerToken"]["description"],
    }
    for path, operations in schema["paths"].items():
        # Reads, and one append: a new journal entry. No PUT, PATCH or DELETE anywhere.
        assert set(operations) == ({"get", "post"} if path.endswith("/journal") else {"get"}), path
        for method, operation in operations.items():
            assert operation["security"] == [{"BearerToken": []}], path
            ok = "201" if method == "post" else "200"
            assert {ok, "401", "403"} <= set(operation["responses"]), path


def test_no_database_ids_in_the_schema(schema):
    for name, component in schema["components"]["schemas"].items():
        assert "id" not in component.get("properties", {}), name
        assert "pk" not in component.get("properties", {}), name


def test_lists_are_paginated_with_a_bounded_page_size(schema):
    for path in ("/api/v1/schools", "/api/v1/schools/{school_uuid}/classes", "/api/v1/schools/{school_uuid}/pupils"):
        parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["page_size"]["maximum"] == 100, path
        assert parameters["page"]["minimum"] == 1, path


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.urls += [value for key, value in attrs if key in {"src", "href"} and value]
        if tag == "script":
            self._in_script = attributes
        if "style" in attributes:
            self.inline_scripts.append(f"style attribute on <{tag}>")

    def handle_data(self, data):
        if self._in_script is not None and data.strip() and self._in_script.get("type") != "application/json":
            self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.mark.django_db
def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get(reverse("api-v1:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    links = _Links()
    links.feed(html)
    assert links.urls, "the page should link its script and style"
    for link in links.urls:
        assert link.startswith("/"), link
        assert not link.startswith("//"), link
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE)
    # Scripts only from our origin, so the CSP needs neither a nonce nor 'unsafe-inline'.
    assert links.inline_scripts == []
    assert "'self'" in response["Content-Security-Policy"]
    # The settings block tells Swagger UI where the schema is and not to call its validator.
    settings_block = re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S)
    assert settings_block is not None
    settings = json.loads(settings_block[1])
    assert settings["url"] == reverse("api-v1:openapi-json")
    assert settings["validatorUrl"] is None


def _asset_links(client) -> list[str]:
    links = _Links()
    links.feed(client.get(reverse("api-v1:openapi-view")).content.decode())
    return [link for link in links.urls if not link.startswith(reverse("api-v1:openapi-json"))]


@pytest.mark.django_db
def test_the_docs_assets_are_our_own_static_files(client, settings):
    # "ninja" is installed, so WhiteNoise serves Swagger UI's files like any other static file.
    assets = _asset_links(client)
    assert len(assets) == 3
    for link in assets:
        assert link.startswith(settings.STATIC_URL + "ninja/"), link
        assert finders.find(link.removeprefix(settings.STATIC_URL)), link


@pytest.mark.django_db
def test_without_ninja_installed_the_docs_assets_are_served_from_here(client, settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "ninja"]
    assets = _asset_links(client)
    assert len(assets) == 3
    for link in assets:
        response = client.get(link)
        assert response.status_code == 200, link
        assert response["Content-Type"].split(";")[0] in {"text/css", "text/javascript"}, link
        assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_only_the_swagger_files_are_served_as_docs_assets(client):
    assert client.get(reverse("api-v1:docs_asset", kwargs={"name": "redoc.standalone.js"})).status_code == 404
    assert client.get(reverse("api-v1:docs_asset", kwargs={"name": "..%2F..%2F__init__.py"})).status_code == 404
