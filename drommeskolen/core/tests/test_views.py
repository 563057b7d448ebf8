import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_norwegian_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("account_login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "nb"
    assert "Logg inn" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_changes_to_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("account_login"))
    assert english["Content-Language"] == "en"
    # The compiled English catalogue is in use (make run / make test compile it).
    assert "Log in" in english.content.decode()
    assert "Glemt passordet?" not in english.content.decode()
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert client.get(reverse("account_login"))["Content-Language"] == "nb"


@pytest.mark.django_db
def test_login_page_offers_no_sign_up(client):
    body = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in body


@pytest.mark.django_db
def test_school_switcher_moves_between_own_schools_only(client, cast):
    from drommeskolen.people.models import RoleKind
    from tests.factories import RoleFactory

    RoleFactory(user=cast.teacher, kind=RoleKind.TEACHER, school=cast.other_school, school_year=cast.other_year)
    client.force_login(cast.teacher)
    home = client.get(reverse("core:home")).content.decode()
    assert cast.other_school.name in home  # offered in the switcher
    client.post(reverse("core:switch_school"), {"school": str(cast.other_school.uuid), "next": "/klasser/"})
    assert cast.other_class.name in client.get(reverse("people:class_list")).content.decode()
    client.post(reverse("core:switch_school"), {"school": str(cast.school.uuid)})
    assert cast.class_a.name in client.get(reverse("people:class_list")).content.decode()


@pytest.mark.django_db
def test_school_switcher_ignores_a_school_that_is_not_yours(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("core:switch_school"), {"school": str(cast.other_school.uuid), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert cast.other_class.name not in client.get(reverse("people:class_list")).content.decode()
