"""Registrations for the network gatherings, orders, and the programme owner's view:
counts and totals per school, and never a pupil's or staff member's name anywhere they
can reach (every page and every API endpoint)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from drommeskolen.accounts.models import ApiToken, User
from drommeskolen.fidelity import actions, network
from drommeskolen.fidelity.models import Gathering, Item, Order, Participant, Registration
from drommeskolen.fidelity.tests.test_dashboard import BUILD_QUERIES
from drommeskolen.mentoring import actions as mentoring_actions
from drommeskolen.mentoring.tests.helpers import make_mentor
from drommeskolen.people.models import Guardian, Pupil, StaffMember
from drommeskolen.programme import actions as programme_actions
from tests.factories import SchoolClassFactory, SchoolFactory, SchoolYearFactory
from tests.test_access_matrix import SAMPLES

pytestmark = pytest.mark.django_db


def _register(cast, gathering, participant, name="Navn Navnesen"):
    return actions.register(
        acting_user=cast.resource_group_coordinator,
        school=cast.school,
        school_year=cast.year,
        gathering=gathering,
        participant=participant,
        name=name,
    )


def test_a_school_has_two_mentors_and_one_adult_at_the_mentor_gathering(cast) -> None:
    _register(cast, Gathering.MENTORS, Participant.MENTOR)
    _register(cast, Gathering.MENTORS, Participant.MENTOR)
    _register(cast, Gathering.MENTORS, Participant.ADULT)
    with pytest.raises(ValidationError):
        _register(cast, Gathering.MENTORS, Participant.MENTOR)
    with pytest.raises(ValidationError):
        _register(cast, Gathering.MENTORS, Participant.ADULT)


def test_a_school_has_two_adults_and_no_mentors_at_the_resource_group_gathering(cast) -> None:
    _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    with pytest.raises(ValidationError):
        _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    with pytest.raises(ValidationError):
        _register(cast, Gathering.RESOURCE_GROUP, Participant.MENTOR)


def test_a_removed_registration_frees_its_place(cast) -> None:
    first = _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    actions.remove_registration(acting_user=cast.principal, registration=first)
    _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    assert Registration.objects.filter(school=cast.school).count() == 2


def _order(cast, item, size, quantity, school=None, year=None):
    return actions.place_order(
        acting_user=cast.principal,
        school=school or cast.school,
        school_year=year or cast.year,
        item=item,
        size=size,
        quantity=quantity,
    )


def test_only_t_shirts_have_a_size(cast) -> None:
    with pytest.raises(ValidationError):
        _order(cast, Item.T_SHIRT, "", 3)
    with pytest.raises(ValidationError):
        _order(cast, Item.MENTOR_MATERIALS, "M", 3)
    with pytest.raises(ValidationError):
        _order(cast, Item.MENTOR_MATERIALS, "", 0)
    _order(cast, Item.T_SHIRT, "M", 3)
    _order(cast, Item.MENTOR_MATERIALS, "", 1)
    assert Order.objects.count() == 2


def test_the_coordinator_registers_through_the_page(client, cast) -> None:
    client.force_login(cast.resource_group_coordinator)
    url = reverse("fidelity:gatherings")
    data = {"gathering": "mentors", "participant": "mentor", "name": "Ola Mentor"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)  # the third mentor: no place left
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    response = client.post(url, {"gathering": "resource_group", "participant": "mentor", "name": "X"})
    assert response.context["form"].non_field_errors()
    assert Registration.objects.filter(school=cast.school).count() == 2


def test_the_network_sees_counts_and_totals_per_school(cast) -> None:
    _register(cast, Gathering.MENTORS, Participant.MENTOR)
    _register(cast, Gathering.RESOURCE_GROUP, Participant.ADULT)
    _order(cast, Item.T_SHIRT, "M", 3)
    _order(cast, Item.T_SHIRT, "M", 2)
    _order(cast, Item.T_SHIRT, "L", 4)
    _order(cast, Item.T_SHIRT, "M", 5, school=cast.other_school, year=cast.other_year)
    overview = network.build([cast.school, cast.other_school])
    row = next(r for r in overview.schools if r.school == cast.school)
    labels = [(p.gathering, p.participant) for p in overview.places]
    assert row.registered[labels.index(("mentors", "mentor"))] == 1
    assert row.registered[labels.index(("resource_group", "adult"))] == 1
    assert [(line.size, line.quantity) for line in row.orders] == [("L", 4), ("M", 5)]
    assert {(line.size, line.quantity) for line in overview.order_totals} == {("L", 4), ("M", 10)}


def test_the_network_view_does_not_grow_with_schools(client, cast) -> None:
    client.force_login(cast.network_viewer)
    url = reverse("fidelity:network")
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    for _i in range(3):
        year = SchoolYearFactory(school=SchoolFactory())
        SchoolClassFactory(school_year=year)
        SchoolClassFactory(school_year=year)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    # The request's own cost, the role check, schools, their years, the queries of
    # dashboard.build_many (see test_dashboard.BUILD_QUERIES: nine, plus the follow-up hours
    # recorded in the class year and, with Drømmeklassen installed, its sessions run),
    # registrations, orders and the main menu's network-viewer check.
    assert len(two) == len(five) <= 24 + BUILD_QUERIES - 9


# --- No names for the programme owner --------------------------------------------------------

FIRST = "Zorbulinfirst"
LAST = "Quandraxlast"


def _walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _rich_data(cast) -> None:
    """The year in full swing at school A: an årshjul, a mentor who led a session, an
    activity, a meeting, registrations with names and orders."""
    programme_actions.generate_wheel(school_year=cast.year)
    mentor = make_mentor(cast, cast.pupil_b)
    mentoring_actions.assign_mentor_class(mentor=mentor, school_class=cast.class_a)
    today = timezone.localdate()
    mentoring_actions.log_session_delivery(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        topic="vennskap",
        delivered_on=today,
        led_by="mentors",
        mentors=[mentor],
        evaluation="Fin samling.",
    )
    mentoring_actions.log_mentor_activity(
        acting_user=cast.principal,
        school=cast.school,
        held_on=today,
        kind="activity",
        title="Quiz",
        level="school",
        participants=30,
        mentors=[mentor],
    )
    programme_actions.create_meeting(
        acting_user=cast.principal, school=cast.school, held_on=today - datetime.timedelta(days=1)
    )
    _register(cast, Gathering.MENTORS, Participant.MENTOR, name=f"{FIRST}reg {LAST}reg")
    _register(cast, Gathering.MENTORS, Participant.ADULT, name=f"{FIRST}adult {LAST}adult")
    _order(cast, Item.T_SHIRT, "S", 2)
    # Every pupil, guardian and staff member of the cast (and of the data above) gets a name
    # that cannot turn up by chance; the network viewer keeps their own.
    for model in (Pupil, Guardian, StaffMember):
        fields = {f.name for f in model._meta.get_fields()}
        if {"first_name", "last_name"} <= fields:
            for pk in model.objects.values_list("pk", flat=True):
                model.objects.filter(pk=pk).update(first_name=f"{FIRST}{pk}", last_name=f"{LAST}{pk}")
    for pk in User.objects.exclude(pk=cast.network_viewer.pk).values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(first_name=f"{FIRST}{pk}", last_name=f"{LAST}{pk}")
    User.objects.filter(pk=cast.network_viewer.pk).update(first_name="Nina", last_name="Nettverk")


def _assert_no_names(body: str, where: str) -> None:
    assert FIRST.lower() not in body.lower(), where
    assert LAST.lower() not in body.lower(), where


def test_the_network_viewer_sees_no_name_on_any_page_or_api_endpoint(client, cast) -> None:
    _rich_data(cast)
    viewer = cast.network_viewer
    client.force_login(viewer)
    _token, raw = ApiToken.issue(user=viewer, name="Nettverk")
    headers = {"Authorization": f"Bearer {raw}"}
    reached, skipped = [], []
    for name, pattern in _walk(get_resolver()):
        if name.startswith(("admin:", "set_language")):
            continue
        args = list(pattern.pattern.regex.groupindex)
        if any(arg not in SAMPLES for arg in args):
            skipped.append(name)
            continue
        try:
            url = reverse(name, kwargs={arg: SAMPLES[arg](cast, viewer, True) for arg in args})
        except Exception:  # a sample that needs another user's object
            skipped.append(name)
            continue
        response = client.get(url, headers=headers if name.startswith("api") else {})
        if response.status_code == 200:
            reached.append(name)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            _assert_no_names(content.decode(errors="replace"), name)
    assert "fidelity:network" in reached
    assert "core:home" in reached
    assert any(name.startswith("api-v1:") for name in reached)
    # The network page shows the registrations as counts and the orders as totals.
    response = client.get(reverse("fidelity:network"))
    body = response.content.decode()
    assert cast.school.name in body
    _assert_no_names(body, "fidelity:network")
    assert len(skipped) <= 6, skipped  # only URLs whose arguments are secrets from e-mails
    # The control: the school's own coordinator does see the names they entered.
    client.force_login(cast.resource_group_coordinator)
    assert FIRST in client.get(reverse("fidelity:gatherings")).content.decode()
