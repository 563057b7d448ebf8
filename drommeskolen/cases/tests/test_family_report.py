"""Si fra: pupils and guardians tell the school that a pupil is not doing well. That is
enough to report (§ 12-4): it creates the same kind of concern, in the principal's inbox.
Reporters pick only names they can already see, or describe a pupil in words; the
principal then links such a concern to the pupil."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.cases.actions import concern_recipients
from drommeskolen.cases.models import Case, Concern, ConcernSource, JournalKind

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
URL = "cases:family_report"


def _form(html):
    return html.split('action="' + reverse(URL) + '"')[1].split("</form>")[0]


@pytest.mark.django_db
def test_a_pupil_picks_themselves_a_classmate_or_describes_someone(client, cast):
    client.force_login(cast.pupil_user)
    form = _form(client.get(reverse(URL)).content.decode())
    assert "Meg selv" in form
    assert cast.classmate.full_name in form
    assert cast.confidential_pupil.full_name not in form  # never a confidential address
    assert cast.pupil_b.full_name not in form  # another class
    assert cast.other_pupil.full_name not in form
    assert "En annen elev" in form
    # One screen, at most five required inputs (a radio group is one input).
    required = set(re.findall(r'<(?:input|textarea|select)\b[^>]*\brequired\b[^>]*name="([^"]+)"', form))
    required |= set(re.findall(r'<(?:input|textarea|select)\b[^>]*name="([^"]+)"[^>]*\brequired\b', form))
    assert 1 <= len(required) <= 5


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_a_pupil_tells_about_themselves_and_gets_a_receipt(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.pupil_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), {"about": "myself", "what": "Ingen vil være med meg i friminuttet."})
    concern = Concern.objects.get()
    assert response["Location"] == reverse("cases:family_receipt", args=[concern.uuid])
    assert concern.source == ConcernSource.PUPIL
    assert list(concern.pupils.all()) == [cast.pupil]
    assert concern.reporter == cast.pupil_user
    assert [m.to for m in mailoutbox] == [[cast.principal.email]]
    assert "Ingen vil" not in mailoutbox[0].body
    receipt = client.get(response["Location"]).content.decode()
    assert "Ingen vil være med meg i friminuttet." in receipt
    # It lands in the principal's inbox like any other concern.
    client.force_login(cast.principal)
    assert str(concern.uuid) in client.get(reverse("cases:inbox")).content.decode()
    # The pupil never sees cases.
    client.post(reverse("cases:open_case", args=[concern.uuid]))
    case = Case.objects.get()
    client.force_login(cast.pupil_user)
    assert client.get(reverse("cases:case_detail", args=[case.uuid])).status_code == 404
    assert client.get(reverse("cases:concern_detail", args=[concern.uuid])).status_code == 404


@pytest.mark.django_db
def test_a_pupil_cannot_name_a_pupil_outside_their_class(client, cast):
    client.force_login(cast.pupil_user)
    for pupil in (cast.pupil_b, cast.confidential_pupil, cast.other_pupil):
        response = client.post(reverse(URL), {"about": str(pupil.uuid), "what": "Gråter."})
        assert response.status_code == 200
        assert "Velg hvem det gjelder." in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_a_guardian_picks_only_children_with_parental_responsibility(client, cast):
    client.force_login(cast.guardian)
    form = _form(client.get(reverse(URL)).content.decode())
    assert cast.pupil.full_name in form
    assert "Meg selv" not in form
    client.post(reverse(URL), {"about": str(cast.pupil.uuid), "what": "Gruer seg til skolen hver dag."})
    concern = Concern.objects.get()
    assert concern.source == ConcernSource.GUARDIAN
    assert list(concern.pupils.all()) == [cast.pupil]

    client.force_login(cast.guardian_without_responsibility)
    form = _form(client.get(reverse(URL)).content.decode())
    assert cast.pupil.full_name not in form
    response = client.post(reverse(URL), {"about": str(cast.pupil.uuid), "what": "Gruer seg."})
    assert "Velg hvem det gjelder." in response.content.decode()


@pytest.mark.django_db
def test_someone_described_in_words_is_linked_to_the_pupil_by_the_principal(client, cast):
    client.force_login(cast.pupil_user)
    response = client.post(reverse(URL), {"about": "in_words", "what": "Han sitter alltid alene."})
    assert "Skriv hvem det gjelder." in response.content.decode()
    client.post(reverse(URL), {"about": "in_words", "described": "Ola i 1STB", "what": "Han sitter alltid alene."})
    concern = Concern.objects.get()
    assert not concern.pupils.exists()
    assert "Ola i 1STB" in concern.what_happened

    client.force_login(cast.principal)
    inbox = client.get(reverse("cases:inbox")).content.decode()
    link = reverse("cases:family_link", args=[concern.uuid])
    assert link in inbox
    found = client.post(link, {"q": cast.pupil_b.last_name}).content.decode()
    assert f'value="{cast.pupil_b.uuid}"' in found
    response = client.post(link, {"pupil": str(cast.pupil_b.uuid)})
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:case_detail", args=[case.uuid])
    assert case.pupil == cast.pupil_b
    texts = list(case.journal.filter(kind=JournalKind.REPORT).values_list("text", flat=True))
    assert any("Ola i 1STB" in text for text in texts)
    assert any(str(cast.principal) in text for text in texts)
    assert link not in client.get(reverse("cases:inbox")).content.decode()
    # The pupil's receipt does not show whom the school linked it to.
    client.force_login(cast.pupil_user)
    receipt = client.get(reverse("cases:family_receipt", args=[concern.uuid])).content.decode()
    assert cast.pupil_b.last_name not in receipt


@pytest.mark.django_db
def test_staff_use_the_staff_form_instead(client, cast):
    for role in ("teacher", "principal", "owner_representative"):
        client.force_login(cast.user(role))
        assert client.get(reverse(URL)).status_code == 404


@pytest.mark.django_db
def test_the_receipt_is_the_reporters_only(client, cast):
    client.force_login(cast.pupil_user)
    client.post(reverse(URL), {"about": "myself", "what": "Lei meg."})
    url = reverse("cases:family_receipt", args=[Concern.objects.get().uuid])
    for role in ("guardian", "mentor", "principal", "contact_teacher"):
        client.force_login(cast.user(role))
        assert client.get(url).status_code == 404, role


@pytest.mark.django_db
def test_family_pages_query_counts_are_bounded(client, cast, django_assert_max_num_queries):
    client.force_login(cast.pupil_user)
    # 1-8 session, user, school context, 9-10 second-factor check, 11 myself, 12 my
    # classmates — nothing per classmate — 13-15 session save.
    with django_assert_max_num_queries(15):
        assert client.get(reverse(URL)).status_code == 200
    client.force_login(cast.guardian)
    with django_assert_max_num_queries(15):
        assert client.get(reverse(URL)).status_code == 200


@pytest.mark.django_db
def test_an_adult_at_school_makes_it_the_principals_alone(client, cast):
    from drommeskolen.cases.actions_enhanced import designate_deputy

    designate_deputy(acting_user=cast.principal, school=cast.school, user=cast.counsellor)
    client.force_login(cast.pupil_user)
    client.post(reverse(URL), {"about": "myself", "what": "Læreren roper til meg.", "adult_at_school": "adult"})
    concern = Concern.objects.get()
    assert concern.employee_may_be_offending
    assert concern.suspected_employee is None
    assert concern_recipients(concern) == [cast.principal.email]


@pytest.mark.django_db
def test_someone_in_the_leadership_sends_it_straight_to_the_school_owner(client, cast, mailoutbox):
    """§ 12-5: when the family says it is the principal or someone else in the leadership,
    the principal never hears of it; the school owner's representatives do."""
    client.force_login(cast.guardian)
    response = client.post(
        reverse(URL), {"about": str(cast.pupil.uuid), "what": "Rektor kjefter på ham.", "adult_at_school": "leadership"}
    )
    concern = Concern.objects.get()
    assert concern.employee_may_be_offending
    assert concern.routed_to_owner
    assert concern.suspected_employee is None
    assert concern_recipients(concern) == [cast.owner_representative.email]
    receipt = client.get(response["Location"]).content.decode()
    assert "Skoleeieren har fått beskjeden din" in receipt
    client.force_login(cast.principal)
    assert client.get(reverse("cases:concern_detail", args=[concern.uuid])).status_code == 404


@pytest.mark.django_db
def test_an_unknown_answer_about_an_adult_is_refused_and_nothing_is_saved(client, cast):
    client.force_login(cast.pupil_user)
    response = client.post(reverse(URL), {"about": "myself", "what": "Noe skjedde.", "adult_at_school": "kanskje"})
    assert response.status_code == 200
    assert "Velg et av svarene." in response.content.decode()
    assert "Noe skjedde." in response.content.decode()  # what the pupil wrote is kept
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_the_owner_links_a_leadership_concern_about_a_pupil_described_in_words(client, cast):
    client.force_login(cast.mentor)  # a pupil telling about a classmate, in words
    client.post(
        reverse(URL),
        {
            "about": "in_words",
            "described": "En jente i 1STA",
            "what": "Rektor er stygg mot henne.",
            "adult_at_school": "leadership",
        },
    )
    concern = Concern.objects.get()
    assert concern.routed_to_owner
    assert not concern.pupils.exists()
    client.force_login(cast.owner_representative)
    session = client.session
    session[SESSION_SCHOOL_KEY] = str(cast.school.uuid)
    session.save()
    response = client.post(reverse("cases:open_case", args=[concern.uuid]))
    link = reverse("cases:family_link", args=[concern.uuid])
    assert response["Location"] == link
    found = client.post(link, {"q": cast.pupil.last_name}).content.decode()
    assert cast.pupil.full_name in found
    response = client.post(link, {"pupil": str(cast.pupil.uuid)})
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:case_detail", args=[case.uuid])
    assert case.routed_to_owner
    assert case.pupil == cast.pupil
