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
    other_link = reverse("people:class_detail", args=[cast.other_class.uuid])
    assert other_link in client.get(reverse("people:class_list")).content.decode()
    client.post(reverse("core:switch_school"), {"school": str(cast.school.uuid)})
    assert (
        reverse("people:class_detail", args=[cast.class_a.uuid])
        in client.get(reverse("people:class_list")).content.decode()
    )


@pytest.mark.django_db
def test_school_switcher_ignores_a_school_that_is_not_yours(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("core:switch_school"), {"school": str(cast.other_school.uuid), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    # The class's link, not its name: "8A" can turn up by chance inside a random CSRF token.
    other_link = reverse("people:class_detail", args=[cast.other_class.uuid])
    assert other_link not in client.get(reverse("people:class_list")).content.decode()


@pytest.mark.django_db
def test_network_viewer_sees_schools_as_numbers_only(client, cast):
    client.force_login(cast.network_viewer)
    body = client.get(reverse("core:home")).content.decode()
    assert cast.school.name in body
    assert cast.other_school.name in body
    for pupil in (cast.pupil, cast.classmate, cast.other_pupil):
        assert pupil.last_name not in body
    assert cast.principal.last_name not in body


@pytest.mark.django_db
def test_owner_representative_sees_only_the_owners_schools(client, cast):
    client.force_login(cast.owner_representative)
    body = client.get(reverse("core:home")).content.decode()
    section = body.split('id="overview"')[1].split("</section>")[0]
    assert cast.school.name in section
    assert cast.other_school.name not in section
    # class_a and class_b this year; four pupils plus the mentor enrolled.
    assert "<td>2</td><td>5</td>" in section.replace("\n", "")


@pytest.mark.django_db
def test_teachers_get_no_overview(client, cast):
    client.force_login(cast.teacher)
    assert 'id="overview"' not in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_overview_queries_do_not_grow_with_schools(client, cast, django_assert_max_num_queries):
    from tests.factories import SchoolClassFactory

    client.force_login(cast.network_viewer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("core:home"))
    for _ in range(5):
        SchoolClassFactory()
    with django_assert_max_num_queries(12) as many:
        client.get(reverse("core:home"))
    assert len(many.captured_queries) == len(few.captured_queries)
