"""Anonymity by design: the database holds no ratings, only counters per score, and
nothing links a receipt (who rated) to a change of a counter (what they gave)."""

import threading

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, connections, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from drommeskolen.mentoring import actions, ratings
from drommeskolen.mentoring.models import LifeSkillsSession, RatingReceipt, RatingTally
from tests.factories import EnrolmentFactory, UserFactory

# Column names that could say who rated, or when, or in which order ("session_id" is the
# life-skills session, checked below to point there and nowhere else).
IDENTIFYING = ("user", "pupil", "person", "created", "updated", "time", "date", "_at", "_on", "receipt")


def _deliver(cast):
    return actions.log_session_delivery(
        acting_user=cast.contact_teacher,
        school_class=cast.class_a,
        topic="vennskap",
        delivered_on=timezone.localdate(),
        led_by="mentors",
    )


def _pupils(cast, n):
    return [EnrolmentFactory(school_class=cast.class_a, pupil__user=UserFactory()).pupil for _ in range(n)]


@pytest.mark.django_db
def test_the_counter_table_has_nothing_that_identifies_a_pupil_or_an_order():
    table = RatingTally._meta.db_table
    with connection.cursor() as cursor:
        names = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        relations = {c: t[1] for c, t in connection.introspection.get_relations(cursor, table).items()}
        assert "mentoring_sessionrating" not in connection.introspection.table_names(cursor)
    assert names == {"id", "session_id", "score", "count"}
    assert relations == {"session_id": LifeSkillsSession._meta.db_table}
    assert not [name for name in names if any(word in name for word in IDENTIFYING)]
    assert not [f for f in RatingTally._meta.get_fields() if isinstance(f, (models.DateField, models.TimeField))]
    pointing = [f for model in apps.get_models() for f in model._meta.fields if f.related_model is RatingTally]
    assert pointing == []
    assert {f.name for f in RatingReceipt._meta.fields} == {"id", "session", "pupil"}


@pytest.mark.django_db
def test_a_rating_writes_a_receipt_and_changes_counters_only(cast):
    session = _deliver(cast)
    first, second = _pupils(cast, 2)
    actions.rate_session(pupil=first, session=session, score=5)
    # All five counters are made together, in a fixed order, whatever the first score.
    assert list(RatingTally.objects.order_by("pk").values_list("score", flat=True)) == list(ratings.SCORES)
    models_ = list(apps.get_app_config("mentoring").get_models())
    before = {model: model.objects.count() for model in models_}
    actions.rate_session(pupil=second, session=session, score=2)
    after = {model: model.objects.count() for model in models_}
    assert {m: after[m] - before[m] for m in models_ if after[m] != before[m]} == {RatingReceipt: 1}
    assert actions.rating_counts(session) == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}


@pytest.mark.django_db
def test_rating_twice_is_refused_and_not_counted(cast):
    session = _deliver(cast)
    actions.rate_session(pupil=cast.pupil, session=session, score=4)
    with pytest.raises(ValidationError):
        actions.rate_session(pupil=cast.pupil, session=session, score=1)
    assert actions.rating_counts(session) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}


def test_the_summary_from_counters_is_the_summary_of_the_ratings():
    scores = [5, 4, 4, 2, 1, 3, 4]
    counts = {s: scores.count(s) for s in ratings.SCORES}
    assert ratings.summarise_counts(counts, threshold=7) == ratings.summarise(scores, threshold=7)
    assert ratings.summarise_counts(counts, threshold=8) is None
    assert ratings.summarise_counts({}, threshold=0) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_lose_no_counts_on_postgresql(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row locks are PostgreSQL's")
    session = _deliver(cast)
    rating = _pupils(cast, 8)
    # Each pupil in its own thread (its own connection), on a session nobody has rated
    # yet (the counters are made by the first rating); the first pupil tries three times.
    attempts = [(p, 1 + i % 5) for i, p in enumerate(rating)] + [(rating[0], 1), (rating[0], 1)]
    barrier = threading.Barrier(len(attempts))
    refused: list[Exception] = []

    def rate(pupil, score) -> None:
        try:
            barrier.wait(timeout=30)
            actions.rate_session(pupil=pupil, session=session, score=score)
        except ValidationError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rate, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(refused) == 2
    expected = dict.fromkeys(ratings.SCORES, 0)
    for i in range(len(rating)):
        expected[1 + i % 5] += 1
    assert actions.rating_counts(session) == expected
    assert RatingTally.objects.filter(session=session).count() == len(ratings.SCORES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM mentoring_ratingtally WHERE session_id = %s", [session.pk])
        assert len(cursor.fetchall()) == 1


BEFORE = [("mentoring", "0003_rating_tally")]
AFTER = [("mentoring", "0005_delete_sessionrating")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_folds_old_rating_rows_into_counters(cast):
    session = _deliver(cast)
    try:
        old = _migrate(BEFORE)
        SessionRating = old.get_model("mentoring", "SessionRating")
        for score in (4, 4, 2):
            SessionRating.objects.create(session_id=session.pk, score=score)
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert actions.rating_counts(session) == {1: 0, 2: 1, 3: 0, 4: 2, 5: 0}
    assert RatingTally.objects.filter(session=session).count() == 5
