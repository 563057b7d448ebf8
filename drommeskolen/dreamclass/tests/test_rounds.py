"""Rounds: joining with the code, answering within limits, hiding, clustering, voting and the result."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from drommeskolen.dreamclass import actions, guard, results
from drommeskolen.dreamclass.models import Answer, Cluster, Part, Round, RoundStatus, SessionKind, Vote
from drommeskolen.dreamclass.views_pupil import DEVICE_COOKIE
from tests.factories import EnrolmentFactory

from .helpers import answer, dk_session, login, running_round, to_voting

pytestmark = pytest.mark.django_db

PHONE_A = "a" * 32
PHONE_B = "b" * 32


# Codes


def test_codes_are_six_unambiguous_characters(cast) -> None:
    voice_round = running_round(cast)
    assert re.fullmatch(r"[ACDEFHJKMNPRTUVWXY3479]{6}", voice_round.code)
    assert voice_round.code_expires_at > timezone.now()


def test_a_code_taken_by_an_active_round_is_drawn_again(cast, monkeypatch) -> None:
    first = running_round(cast)
    codes = iter([first.code, first.code, "ACDEF3"])
    monkeypatch.setattr(actions, "new_code", lambda: next(codes))
    second = actions.start_round(acting_user=cast.contact_teacher, session=first.session, question="Og så?")
    assert second.code == "ACDEF3"


def test_a_closed_rounds_code_may_be_used_again(cast, monkeypatch) -> None:
    first = running_round(cast)
    Round.objects.filter(pk=first.pk).update(status=RoundStatus.CLOSED)
    monkeypatch.setattr(actions, "new_code", lambda: first.code)
    assert (
        actions.start_round(acting_user=cast.contact_teacher, session=first.session, question="Igjen").code
        == first.code
    )


# Joining


def test_join_with_the_code_in_lower_case_leads_to_the_question(client, cast) -> None:
    voice_round = running_round(cast)
    response = client.post(reverse("dreamclass:join"), {"code": voice_round.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("dreamclass:pupil", args=[voice_round.code])
    page = client.get(response["Location"])
    assert "Hva er viktig for deg?" in page.content.decode()
    assert DEVICE_COOKIE in page.cookies
    assert page.cookies[DEVICE_COOKIE]["httponly"]


def test_join_with_an_unknown_code_says_so(client, cast) -> None:
    response = client.post(reverse("dreamclass:join"), {"code": "XXXXXX"})
    assert "Fant ingen runde med den koden" in response.content.decode()


def test_an_expired_code_no_longer_works(client, cast) -> None:
    voice_round = running_round(cast)
    Round.objects.filter(pk=voice_round.pk).update(code_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "utløpt" in client.post(reverse("dreamclass:join"), {"code": voice_round.code}).content.decode()
    assert client.get(reverse("dreamclass:pupil", args=[voice_round.code])).status_code == 404


# Answers


def test_the_pupils_page_is_sent_to_itself_when_the_round_moves_on(client, cast) -> None:
    voice_round = running_round(cast)
    url = reverse("dreamclass:pupil_state", args=[voice_round.code])
    assert client.get(url, {"s": "answering"}).status_code == 204
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    response = client.get(url, {"s": "answering"})
    assert response["HX-Redirect"] == reverse("dreamclass:pupil", args=[voice_round.code])


def test_a_pupil_answers_through_the_page_without_an_account(client, cast) -> None:
    voice_round = running_round(cast)
    url = reverse("dreamclass:pupil", args=[voice_round.code])
    client.get(url)
    response = client.post(url, {"text": "  Alle skal   bli sett  "}, follow=True)
    assert "Svaret ditt er sendt" in response.content.decode()
    assert list(Answer.objects.values_list("text", flat=True)) == ["Alle skal bli sett"]
    assert response.redirect_chain == [(f"{url}?sendt=1", 302)]  # reloading sends nothing twice


def test_each_phone_has_a_limited_number_of_answers(client, cast) -> None:
    voice_round = running_round(cast, answers_per_pupil=2)
    url = reverse("dreamclass:pupil", args=[voice_round.code])
    client.get(url)
    for text in ("Ro i timene", "Hilse på hverandre", "En til"):
        response = client.post(url, {"text": text}, follow=True)
    assert "Du har sendt alle svarene dine" in response.content.decode()
    assert Answer.objects.count() == 2
    # Another phone still may answer.
    answer(voice_round, PHONE_B, "Fra en annen")
    assert Answer.objects.count() == 3


def test_a_round_takes_the_classs_pupils_and_a_few_more_phones(client, cast) -> None:
    # Clearing the cookie gives a phone a new token: the cap keeps that from buying
    # unlimited answers and votes.
    for _ in range(12):
        EnrolmentFactory(school_class=cast.class_a)
    voice_round = running_round(cast, answers_per_pupil=1)
    cap = actions.device_cap(voice_round)
    assert cap == 15 + actions.EXTRA_DEVICES  # three pupils in the cast and twelve more
    for phone in range(cap):
        answer(voice_round, f"phone-{phone:02d}" + "x" * 20, "Ro")
    with pytest.raises(ValidationError, match="like mange mobiler som klassen har elever"):
        answer(voice_round, "one-more-phone" + "x" * 20, "Ro")
    response = client.post(reverse("dreamclass:pupil", args=[voice_round.code]), {"text": "Ro"})
    assert "like mange mobiler som klassen har elever" in response.content.decode()
    assert Answer.objects.count() == cap


def test_a_small_class_still_takes_ten_phones(cast) -> None:
    voice_round = running_round(cast)
    assert actions.device_cap(voice_round) == actions.MIN_DEVICES


def test_a_too_long_answer_gets_a_norwegian_error(client, cast) -> None:
    voice_round = running_round(cast)
    response = client.post(reverse("dreamclass:pupil", args=[voice_round.code]), {"text": "x" * 141})
    assert "Svaret kan ha høyst 140 tegn" in response.content.decode()
    assert not Answer.objects.exists()
    with pytest.raises(ValidationError):
        answer(voice_round, PHONE_A, "y" * 141)


def test_answers_are_refused_once_answering_is_over(cast) -> None:
    voice_round = running_round(cast)
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    with pytest.raises(ValidationError, match="tar ikke imot svar"):
        answer(voice_round, PHONE_A, "For sent")


# The leader: hiding and clustering


def test_a_hidden_answer_leaves_the_projector(client, cast) -> None:
    voice_round = running_round(cast)
    rude = answer(voice_round, PHONE_A, "Noe stygt")
    answer(voice_round, PHONE_B, "Ro i timene")
    login(client, cast, cast.contact_teacher)
    client.post(reverse("dreamclass:answer_hide", args=[voice_round.uuid]), {"answer": rude.uuid})
    feed = client.get(reverse("dreamclass:projector_feed", args=[voice_round.uuid])).content.decode()
    assert "Ro i timene" in feed
    assert "Noe stygt" not in feed
    client.post(reverse("dreamclass:answer_hide", args=[voice_round.uuid]), {"answer": rude.uuid, "hidden": "0"})
    assert "Noe stygt" in client.get(reverse("dreamclass:projector_feed", args=[voice_round.uuid])).content.decode()


def test_suggested_clusters_are_made_from_alike_answers(client, cast) -> None:
    voice_round = running_round(cast)
    for i, text in enumerate(["Alle skal bli inkludert", "Ro i timene", "Inkludere alle", "Mer ro i timen", "Pizza"]):
        answer(voice_round, f"{i}" * 30, text)
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("dreamclass:round_detail", args=[voice_round.uuid])).content.decode()
    assert "Forslag til grupper" in page
    client.post(reverse("dreamclass:clusters_suggest", args=[voice_round.uuid]))
    grouped = {c.title: sorted(c.answers.values_list("text", flat=True)) for c in Cluster.objects.all()}
    assert grouped == {
        "Inkludere alle": ["Alle skal bli inkludert", "Inkludere alle"],
        "Ro i timene": ["Mer ro i timen", "Ro i timene"],
    }
    assert Answer.objects.get(text="Pizza").cluster is None


def test_the_leader_puts_an_answer_in_a_cluster_with_the_form(client, cast) -> None:
    voice_round = running_round(cast)
    pizza = answer(voice_round, PHONE_A, "Pizza på fredag")
    login(client, cast, cast.contact_teacher)
    client.post(reverse("dreamclass:cluster_add", args=[voice_round.uuid]), {"title": "Hygge"})
    cluster = Cluster.objects.get()
    response = client.post(
        reverse("dreamclass:answer_group", args=[voice_round.uuid]), {"answer": pizza.uuid, "cluster": cluster.uuid}
    )
    assert response.status_code == 302
    pizza.refresh_from_db()
    assert pizza.cluster == cluster
    page = client.get(reverse("dreamclass:round_detail", args=[voice_round.uuid])).content.decode()
    assert "Legg i gruppe" in page
    assert 'draggable="true"' in page
    assert "cluster.js" in page
    client.post(reverse("dreamclass:answer_group", args=[voice_round.uuid]), {"answer": pizza.uuid, "cluster": ""})
    pizza.refresh_from_db()
    assert pizza.cluster is None


def test_a_cluster_of_another_round_is_refused(cast) -> None:
    voice_round = running_round(cast)
    other = actions.start_round(acting_user=cast.contact_teacher, session=voice_round.session, question="Annen")
    foreign = actions.add_cluster(acting_user=cast.contact_teacher, voice_round=other, title="Der")
    with pytest.raises(ValidationError):
        actions.move_answer(
            acting_user=cast.contact_teacher, answer=answer(voice_round, PHONE_A, "Her"), cluster=foreign
        )


def test_voting_needs_a_cluster(cast) -> None:
    voice_round = running_round(cast)
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    with pytest.raises(ValidationError, match="minst én gruppe"):
        actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)


# Voting and the result


def test_each_phone_has_a_fixed_number_of_votes(client, cast) -> None:
    voice_round = running_round(cast, votes_per_pupil=2)
    calm, friends = to_voting(cast, voice_round, ["Ro i timene", "Venner"])
    url = reverse("dreamclass:pupil_vote", args=[voice_round.code])
    client.get(reverse("dreamclass:pupil", args=[voice_round.code]))
    for cluster in (calm, calm, friends):
        response = client.post(url, {"cluster": cluster.uuid}, follow=True)
    assert "Du har brukt alle stemmene dine" in response.content.decode()
    assert Vote.objects.filter(cluster=calm).count() == 2
    page = client.post(url, {"cluster": "ikke-en-uuid"}).content.decode()
    assert "Velg en gruppe å stemme på." in page
    assert Vote.objects.filter(cluster=friends).count() == 0


def test_votes_are_refused_outside_voting(cast) -> None:
    voice_round = running_round(cast)
    cluster = actions.add_cluster(acting_user=cast.contact_teacher, voice_round=voice_round, title="Ro")
    with pytest.raises(ValidationError, match="ikke åpen"):
        actions.cast_vote(voice_round=voice_round, device_token=PHONE_A, cluster=cluster)


def test_the_result_orders_clusters_by_votes_and_feeds_top_goals(client, cast) -> None:
    voice_round = running_round(cast)
    calm, friends, _pizza = to_voting(cast, voice_round, ["Ro i timene", "Venner", "Pizza"])
    for phone, choices in {PHONE_A: [friends, friends, calm], PHONE_B: [friends, calm]}.items():
        for cluster in choices:
            actions.cast_vote(voice_round=voice_round, device_token=phone, cluster=cluster)
    assert results.top_goals(cast.class_a) == []  # not closed yet
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    assert results.top_goals(cast.class_a) == ["Venner", "Ro i timene"]
    assert results.top_goals(cast.class_a, kind="dk2") == []
    login(client, cast, cast.contact_teacher)
    feed = client.get(reverse("dreamclass:projector_feed", args=[voice_round.uuid])).content.decode()
    assert feed.index("Venner") < feed.index("Ro i timene") < feed.index("Pizza")
    pupil_page = client.get(reverse("dreamclass:pupil", args=[voice_round.code])).content.decode()
    assert "Takk for at du var med" in pupil_page


def test_top_goals_prefers_the_round_on_goals(cast) -> None:
    warm_up = running_round(cast, part=Part.WELCOME)
    (fun,) = to_voting(cast, warm_up, ["Bli kjent-leker"])
    actions.cast_vote(voice_round=warm_up, device_token=PHONE_A, cluster=fun)
    goals = actions.start_round(acting_user=cast.contact_teacher, session=warm_up.session, question="Mål?")
    (calm,) = to_voting(cast, goals, ["Ro i timene"])
    actions.cast_vote(voice_round=goals, device_token=PHONE_A, cluster=calm)
    actions.advance(acting_user=cast.contact_teacher, voice_round=goals)
    actions.advance(acting_user=cast.contact_teacher, voice_round=warm_up)  # closed later
    assert results.top_goals(cast.class_a) == ["Ro i timene"]


def test_dk2_opens_with_what_the_class_decided_in_dk1(client, cast) -> None:
    voice_round = running_round(cast)
    (calm,) = to_voting(cast, voice_round, ["Ro i timene"])
    actions.cast_vote(voice_round=voice_round, device_token=PHONE_A, cluster=calm)
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    dk2 = dk_session(cast, SessionKind.DK2)
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("dreamclass:session_detail", args=[dk2.uuid])).content.decode()
    assert "Dette bestemte klassen i Drømmeklassen 1" in page
    assert "Ro i timene" in page


def test_the_schools_manual_text_shows_in_the_run_sheet(client, cast) -> None:
    login(client, cast, cast.resource_group_coordinator)
    client.post(reverse("dreamclass:manual") + "?okt=dk1", {"welcome": "Start med navneleken."})
    session = dk_session(cast)
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("dreamclass:session_detail", args=[session.uuid])).content.decode()
    assert "Start med navneleken." in page
    assert "Hva er viktig for et godt læringsmiljø?" in page


def test_a_leader_starts_a_session_and_a_round(client, cast) -> None:
    login(client, cast, cast.contact_teacher)
    response = client.post(reverse("dreamclass:class_detail", args=[cast.class_a.uuid]), {"kind": "dk1"})
    session = cast.class_a.dream_sessions.get()
    assert response["Location"] == reverse("dreamclass:session_detail", args=[session.uuid])
    response = client.post(
        reverse("dreamclass:session_detail", args=[session.uuid]),
        {"question": "Hva gjør en god klasse?", "part": "environment", "answers_per_pupil": 3, "votes_per_pupil": 3},
    )
    voice_round = Round.objects.get()
    assert response["Location"] == reverse("dreamclass:round_detail", args=[voice_round.uuid])
    projector = client.get(reverse("dreamclass:projector", args=[voice_round.uuid])).content.decode()
    assert voice_round.code in projector
    assert "<svg" in projector
    assert 'hx-trigger="every 1s"' in projector


def test_the_class_page_shows_when_the_arshjul_plans_dk1(client, cast, django_assert_max_num_queries) -> None:
    import datetime as dt

    from drommeskolen.programme.models import EventKind, WheelEvent

    WheelEvent.objects.create(
        school=cast.school,
        school_year=cast.year,
        kind=EventKind.DK1,
        title="Drømmeklassen 1",
        starts_on=dt.date(2026, 8, 20),
        ends_on=dt.date(2026, 8, 20),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        school_class=cast.class_a,
    )
    login(client, cast, cast.contact_teacher)
    with django_assert_max_num_queries(17):
        page = client.get(reverse("dreamclass:class_detail", args=[cast.class_a.uuid])).content.decode()
    assert "Planlagt i årshjulet: 20. " in page


# Guessing codes


def test_an_address_that_tries_many_wrong_codes_is_paused(client, cast, monkeypatch) -> None:
    monkeypatch.setattr(guard, "FAILURES_ALLOWED", 3)
    voice_round = running_round(cast)
    for _ in range(2):
        client.post(reverse("dreamclass:join"), {"code": "AAAAAA"})
    assert client.get(reverse("dreamclass:pupil", args=["CCCCCC"])).status_code == 404  # the third
    response = client.post(reverse("dreamclass:join"), {"code": voice_round.code})
    assert response.status_code == 429
    assert "For mange forsøk med feil kode" in response.content.decode()
    assert client.get(reverse("dreamclass:pupil", args=[voice_round.code])).status_code == 404
    # Another address still joins; the cache holds no address, only a keyed hash of it.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(reverse("dreamclass:join"), {"code": voice_round.code}).status_code == 302
    keys = [key for key in _cache_keys(cache) if "dk-join-failures" in key]
    assert keys
    assert not [key for key in keys if "127.0.0.1" in key or "192.0.2.7" in key]


def test_a_mistyped_code_now_and_then_does_not_pause_a_class(client, cast) -> None:
    voice_round = running_round(cast)
    for _ in range(30):  # every pupil of a class mistypes once
        client.post(reverse("dreamclass:join"), {"code": "AAAAAA"})
    assert client.post(reverse("dreamclass:join"), {"code": voice_round.code}).status_code == 302


def _cache_keys(cache) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        return [row[0] for row in cursor.fetchall()]
