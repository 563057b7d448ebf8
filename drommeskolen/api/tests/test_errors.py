import pytest

from drommeskolen.api import v1

from .conftest import url

NOT_VISIBLE = {"detail": "Finnes ikke, eller du har ikke tilgang."}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/finnes-ikke", "/api/v1/schools/", "/api/v2/schools", "/api/"])
def test_unknown_addresses_under_the_api_answer_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_VISIBLE


@pytest.mark.django_db
def test_a_malformed_uuid_is_a_422_with_a_norwegian_detail(client, cast, bearer):
    response = client.get("/api/v1/schools/ikke-en-uuid/classes", headers=bearer(cast.principal))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Ugyldige parametere i forespørselen."
    assert body["errors"][0]["loc"] == ["path", "school_uuid"]


@pytest.mark.django_db
def test_answers_are_never_cached(client, cast, bearer):
    headers = bearer(cast.principal)
    for response in (
        client.get(url("class_list", cast.school.uuid), headers=headers),
        client.get(url("class_list", cast.other_school.uuid), headers=headers),
        client.get(url("me")),
    ):
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_only_get_is_allowed(client, cast, bearer):
    response = client.post(url("me"), headers=bearer(cast.principal))
    assert response.status_code == 405


@pytest.mark.django_db
def test_an_unexpected_error_is_a_json_500_without_details(client, cast, bearer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(v1, "contexts_for", broken)
    response = client.get(url("me"), headers=bearer(cast.principal))
    assert response.status_code == 500
    assert response.json() == {"detail": "Noe gikk galt hos oss. Feilen er logget."}
    assert b"secret internals" not in response.content


@pytest.mark.django_db
def test_the_api_root_says_where_the_docs_are(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "version": "1",
        "docs": "http://testserver/api/v1/docs",
        "openapi": "http://testserver/api/v1/openapi.json",
    }
