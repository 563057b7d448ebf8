"""No field, page or response ties an answer or a vote to a pupil (issue 5)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse

from drommeskolen.dreamclass import actions
from drommeskolen.dreamclass.models import Answer, Participant, Vote
from drommeskolen.dreamclass.views_pupil import DEVICE_COOKIE

from .helpers import answer, login, running_round, to_voting


def _fields(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def test_answers_and_votes_hold_nothing_about_who_gave_them() -> None:
    assert _fields(Answer) == {"id", "uuid", "round", "text", "hidden", "cluster", "votes"} - {"votes"}
    assert _fields(Vote) == {"id", "round", "cluster"}
    # The device's only trace: a salted hash and two counters, with no link to any answer or vote.
    assert _fields(Participant) == {"id", "round", "voter_hash", "answers_given", "votes_given"}
    for model in (Answer, Vote, Participant):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.app_label == "dreamclass", (model, field.name)
            assert field.get_internal_type() != "GenericIPAddressField"
            assert not field.name.endswith(("user", "pupil", "session_key", "ip", "created_at"))


@pytest.mark.django_db
def test_the_device_token_is_stored_only_as_a_salted_hash_per_round(client, cast) -> None:
    first = running_round(cast)
    second = actions.start_round(acting_user=cast.contact_teacher, session=first.session, question="Neste?")
    for voice_round in (first, second):
        client.post(reverse("dreamclass:pupil", args=[voice_round.code]), {"text": "Ro i timene"})
    token = client.cookies[DEVICE_COOKIE].value
    hashes = list(Participant.objects.values_list("voter_hash", flat=True))
    assert len(hashes) == 2
    assert hashes[0] != hashes[1]
    assert token not in "".join(hashes)
    assert first.salt != second.salt


@pytest.mark.django_db
def test_no_leader_page_shows_a_token_or_hash(client, cast) -> None:
    voice_round = running_round(cast)
    client.post(reverse("dreamclass:pupil", args=[voice_round.code]), {"text": "Venner"})
    token = client.cookies[DEVICE_COOKIE].value
    voter_hash = Participant.objects.get().voter_hash
    (cluster,) = to_voting(cast, voice_round, ["Venner"])
    client.post(reverse("dreamclass:pupil_vote", args=[voice_round.code]), {"cluster": cluster.uuid})
    login(client, cast, cast.contact_teacher)
    for name in ("round_detail", "projector", "projector_feed"):
        body = client.get(reverse(f"dreamclass:{name}", args=[voice_round.uuid])).content.decode()
        assert token not in body
        assert voter_hash not in body
        assert voice_round.salt not in body
    session_page = client.get(reverse("dreamclass:session_detail", args=[voice_round.session.uuid])).content.decode()
    assert token not in session_page
    assert voter_hash not in session_page


@pytest.mark.django_db
def test_the_pupil_page_never_echoes_the_token(client, cast) -> None:
    voice_round = running_round(cast)
    response = client.get(reverse("dreamclass:pupil", args=[voice_round.code]))
    assert response.cookies[DEVICE_COOKIE].value not in response.content.decode()


# The projector's poll


@pytest.mark.django_db
def test_the_poll_answers_204_while_nothing_changed_and_then_the_new_answer(client, cast) -> None:
    voice_round = running_round(cast)
    login(client, cast, cast.contact_teacher)
    url = reverse("dreamclass:projector_feed", args=[voice_round.uuid])
    version = voice_round.version
    assert client.get(url, {"v": version}).status_code == 204
    answer(voice_round, "a" * 30, "Ro i timene")
    response = client.get(url, {"v": version})
    assert response.status_code == 200
    assert "Ro i timene" in response.content.decode()
    voice_round.refresh_from_db()
    assert f"v={voice_round.version}" in response.content.decode()
    assert client.get(url, {"v": voice_round.version}).status_code == 204


@pytest.mark.django_db
def test_the_poll_costs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries) -> None:
    voice_round = running_round(cast)
    for i in range(20):
        answer(voice_round, f"{i % 7:02d}" * 15, f"Svar nummer {i}")  # seven phones, three each
    to_voting(cast, voice_round, ["Ro", "Venner", "Trygghet"])
    login(client, cast, cast.contact_teacher)
    url = reverse("dreamclass:projector_feed", args=[voice_round.uuid])
    voice_round.refresh_from_db()
    with django_assert_max_num_queries(13):  # session, user, school context and 2FA (9), round, session save
        assert client.get(url, {"v": voice_round.version}).status_code == 204
    with django_assert_max_num_queries(15):  # + answers, clusters with their votes
        assert client.get(url, {"v": 0}).status_code == 200


@pytest.mark.django_db
def test_the_leader_pages_cost_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries) -> None:
    voice_round = running_round(cast)
    for i in range(20):
        answer(voice_round, f"{i % 7:02d}" * 15, f"Svar nummer {i}")  # seven phones, three each
    login(client, cast, cast.contact_teacher)
    for name, limit in (("round_detail", 16), ("projector", 15)):
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(f"dreamclass:{name}", args=[voice_round.uuid])).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(reverse("dreamclass:session_detail", args=[voice_round.session.uuid])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("dreamclass:home")).status_code == 200


@pytest.mark.django_db
def test_the_pupil_pages_cost_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries) -> None:
    voice_round = running_round(cast)
    url = reverse("dreamclass:pupil", args=[voice_round.code])
    with django_assert_max_num_queries(3):  # the address's pause (guard.py), the round, the phone's counters
        client.get(url)
    with django_assert_max_num_queries(13):
        client.post(url, {"text": "Ro i timene"})
    with django_assert_max_num_queries(1):
        assert (
            client.get(reverse("dreamclass:pupil_state", args=[voice_round.code]), {"s": "answering"}).status_code
            == 204
        )


@pytest.mark.django_db
def test_closing_a_round_removes_every_trace_of_the_phones(cast) -> None:
    voice_round = running_round(cast)
    answer(voice_round, "a" * 30, "Ro")
    (cluster,) = to_voting(cast, voice_round, ["Ro"])
    actions.cast_vote(voice_round=voice_round, device_token="a" * 30, cluster=cluster)
    assert Participant.objects.filter(round=voice_round).exists()
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    assert not Participant.objects.filter(round=voice_round).exists()
    assert Vote.objects.filter(cluster=cluster).count() == 1  # the result stays


# Concurrency: PostgreSQL only (SQLite serialises writers anyway).


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_from_one_phone_are_neither_lost_nor_doubled(cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    voice_round = running_round(cast, votes_per_pupil=3)
    (cluster,) = to_voting(cast, voice_round, ["Ro"])
    barrier = threading.Barrier(16)
    outcomes: list[bool] = []

    def vote(device: str) -> None:
        try:
            barrier.wait()
            try:
                actions.cast_vote(voice_round=voice_round, device_token=device, cluster=cluster)
                outcomes.append(True)
            except Exception:
                outcomes.append(False)
        finally:
            connections.close_all()

    # Eight tries from one phone, eight phones once each.
    threads = [threading.Thread(target=vote, args=("p" * 30,)) for _ in range(8)]
    threads += [threading.Thread(target=vote, args=(f"{i}" * 30,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(True) == 3 + 8
    assert Vote.objects.filter(cluster=cluster).count() == 3 + 8


@pytest.mark.django_db
def test_pupils_get_no_server_session(client, cast) -> None:
    from django.contrib.sessions.models import Session

    voice_round = running_round(cast)
    client.post(reverse("dreamclass:join"), {"code": voice_round.code})
    client.post(reverse("dreamclass:pupil", args=[voice_round.code]), {"text": "Ro i timene"}, follow=True)
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies


@pytest.mark.django_db(transaction=True)
def test_an_answer_sent_while_the_leader_moves_on_is_refused(cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    voice_round = running_round(cast)
    moved_on = threading.Event()
    outcome: list[object] = []

    def leader() -> None:
        try:
            with transaction.atomic():
                actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
                moved_on.set()
                time.sleep(0.5)  # the pupil's answer arrives before this commits
        finally:
            connections.close_all()

    def pupil() -> None:
        try:
            moved_on.wait(timeout=10)
            actions.submit_answer(voice_round=voice_round, device_token="a" * 30, text="For sent")
            outcome.append("saved")
        except ValidationError as error:
            outcome.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=leader), threading.Thread(target=pupil)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == ["Runden tar ikke imot svar nå."]
    assert not Answer.objects.exists()
