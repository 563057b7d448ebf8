"""Anonymity by design: the database holds no pulse answers, only counters, and nothing
links a receipt (who answered) to a change of a counter (what they answered)."""

import threading
import time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

from drommeskolen.classyear import actions, rules
from drommeskolen.classyear.models import Pulse, PulseReceipt, PulseTally

from .helpers import follow_up, pupils

# Column names that could say who answered, or when, or in which order.
IDENTIFYING = ("user", "pupil", "person", "session", "created", "updated", "time", "date", "_at", "_on", "receipt")


def _columns(table: str) -> tuple[set[str], dict[str, str]]:
    with connection.cursor() as cursor:
        names = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        relations = {
            column: target[1] for column, target in connection.introspection.get_relations(cursor, table).items()
        }
    return names, relations


@pytest.mark.django_db
def test_the_counter_table_has_nothing_that_identifies_a_pupil_or_an_order():
    names, relations = _columns(PulseTally._meta.db_table)
    assert names == {"id", "pulse_id", "question", "score", "count"}
    assert relations == {"pulse_id": Pulse._meta.db_table}
    assert not [name for name in names if any(word in name for word in IDENTIFYING)]
    assert not [f for f in PulseTally._meta.get_fields() if isinstance(f, (models.DateField, models.TimeField))]
    # No table of single answers is left, and no model points at the counters.
    with connection.cursor() as cursor:
        assert "classyear_pulseresponse" not in connection.introspection.table_names(cursor)
    pointing = [f for model in apps.get_models() for f in model._meta.fields if f.related_model is PulseTally]
    assert pointing == []
    # The receipt says who answered which pulse, and nothing else.
    assert {f.name for f in PulseReceipt._meta.fields} == {"id", "pulse", "pupil"}


@pytest.mark.django_db
def test_an_answer_writes_a_receipt_and_changes_counters_only(cast):
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    # The counters are made with the pulse, all of them, in a fixed order: their keys do
    # not tell which score came first.
    made = list(PulseTally.objects.filter(pulse=pulse).order_by("pk").values_list("question", "score", "count"))
    assert made == [(q, s, 0) for q in rules.QUESTIONS for s in rules.SCORES]
    first, second = pupils(cast.class_a, 2)
    actions.answer_pulse(pupil=first, pulse=pulse, scores={"safety": 5, "belonging": 1, "missions": 3})
    before = {model: model.objects.count() for model in apps.get_app_config("classyear").get_models()}
    actions.answer_pulse(pupil=second, pulse=pulse, scores={"safety": 5, "belonging": 2, "missions": 3})
    after = {model: model.objects.count() for model in apps.get_app_config("classyear").get_models()}
    assert {model: after[model] - before[model] for model in after if after[model] != before[model]} == {
        PulseReceipt: 1
    }
    counts = actions.counts_of(pulse)
    assert counts["safety"][5] == 2
    assert counts["belonging"] == {1: 1, 2: 1, 3: 0, 4: 0, 5: 0}
    assert actions.answered_count(pulse) == 2


@pytest.mark.django_db
def test_double_answering_is_refused_and_not_counted(cast):
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    actions.answer_pulse(pupil=cast.pupil, pulse=pulse, scores={"safety": 2, "belonging": 2, "missions": 2})
    with pytest.raises(ValidationError):
        actions.answer_pulse(pupil=cast.pupil, pulse=pulse, scores={"safety": 5, "belonging": 5, "missions": 5})
    assert actions.answered_count(pulse) == 1
    assert actions.counts_of(pulse)["safety"][5] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_lose_no_counts_on_postgresql(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row locks are PostgreSQL's")
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    answering = pupils(cast.class_a, 8)
    # Each pupil in its own thread (its own connection); the first one tries three times.
    attempts = [*answering, answering[0], answering[0]]
    barrier = threading.Barrier(len(attempts))
    refused: list[Exception] = []

    def answer(i: int, pupil) -> None:
        try:
            barrier.wait(timeout=30)
            score = 1 + i % 5 if i < len(answering) else 1  # the first pupil again: the same score
            actions.answer_pulse(pupil=pupil, pulse=pulse, scores=dict.fromkeys(rules.QUESTIONS, score))
        except ValidationError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(i, p)) for i, p in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(refused) == 2
    assert PulseReceipt.objects.filter(pulse=pulse).count() == len(answering)
    counts = actions.counts_of(pulse)
    expected = dict.fromkeys(rules.SCORES, 0)
    for i in range(len(answering)):
        expected[1 + i % 5] += 1
    assert all(counts[q] == expected for q in rules.QUESTIONS)
    # Every answer rewrote all fifteen counters: they all carry the last answer's
    # transaction, so the transaction id does not point at the counters it changed.
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM classyear_pulsetally WHERE pulse_id = %s", [pulse.pk])
        assert len(cursor.fetchall()) == 1


@pytest.mark.django_db(transaction=True)
def test_an_answer_sent_while_the_teacher_closes_the_pulse_is_not_counted(cast):
    # Counted after the result was shown, it would change the shown figures by exactly
    # that one pupil's answer.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row locks are PostgreSQL's")
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    (late,) = pupils(cast.class_a, 1)
    closing = threading.Event()
    outcome: list[str] = []

    def teacher() -> None:
        try:
            with transaction.atomic():
                actions.close_pulse(acting_user=cast.contact_teacher, pulse=pulse)
                closing.set()
                time.sleep(0.5)  # the pupil's answer arrives before this commits
        finally:
            connections.close_all()

    def pupil() -> None:
        try:
            closing.wait(timeout=10)
            actions.answer_pulse(pupil=late, pulse=pulse, scores=dict.fromkeys(rules.QUESTIONS, 5))
            outcome.append("counted")
        except ValidationError as error:
            outcome.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=teacher), threading.Thread(target=pupil)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == ["Klassepulsen er avsluttet."]
    assert actions.answered_count(pulse) == 0
    assert not PulseReceipt.objects.filter(pulse=pulse).exists()


BEFORE = [("classyear", "0002_pulse_tally")]
AFTER = [("classyear", "0004_delete_pulseresponse")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_folds_old_answer_rows_into_counters(cast):
    pulse = actions.start_pulse(acting_user=cast.contact_teacher, follow_up=follow_up(cast))
    empty = actions.start_pulse(
        acting_user=cast.contact_teacher,
        follow_up=actions.open_follow_up(
            acting_user=cast.contact_teacher, school_class=cast.class_b, held_on=pulse.follow_up.held_on
        ),
    )
    try:
        old = _migrate(BEFORE)
        old.get_model("classyear", "PulseTally").objects.all().delete()
        PulseResponse = old.get_model("classyear", "PulseResponse")
        for safety, belonging, missions in [(5, 4, 3), (5, 2, 3), (1, 4, 3)]:
            PulseResponse.objects.create(pulse_id=pulse.pk, safety=safety, belonging=belonging, missions=missions)
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    counts = actions.counts_of(pulse)
    assert counts["safety"] == {1: 1, 2: 0, 3: 0, 4: 0, 5: 2}
    assert counts["belonging"] == {1: 0, 2: 1, 3: 0, 4: 2, 5: 0}
    assert counts["missions"] == {1: 0, 2: 0, 3: 3, 4: 0, 5: 0}
    assert PulseTally.objects.filter(pulse=pulse).count() == PulseTally.objects.filter(pulse=empty).count() == 15
    assert actions.answered_count(empty) == 0
