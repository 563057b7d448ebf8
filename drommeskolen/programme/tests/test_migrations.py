"""Data migrations of the årshjul, run on rows written in the schema before them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from drommeskolen.programme.models import WheelEvent


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _event(old_apps, cast, key, day, **extra):
    OldEvent = old_apps.get_model("programme", "WheelEvent")
    return OldEvent.objects.create(
        school_id=cast.school.pk,
        school_year_id=cast.year.pk,
        kind=extra.pop("kind", "follow_up_hour"),
        model_key=key,
        title="Oppfølgingstime",
        starts_on=day,
        ends_on=extra.pop("ends_on", day),
        start_time=datetime.time(10),
        end_time=datetime.time(10, 45),
        school_class_id=extra.pop("school_class_id", cast.class_a.pk),
        **extra,
    ).pk


@pytest.mark.django_db(transaction=True)
def test_follow_up_keys_by_week_become_numbers_in_week_order(cast):
    a, b = cast.class_a.uuid, cast.class_b.uuid
    try:
        old = _migrate([("programme", "0001_initial")])
        # Written out of order, one edited by hand into another day, one removed.
        third = _event(old, cast, f"follow-up:{a}:2027-02", datetime.date(2027, 1, 13))
        first = _event(old, cast, f"follow-up:{a}:2026-35", datetime.date(2026, 8, 26), edited=True)
        second = _event(old, cast, f"follow-up:{a}:2026-37", datetime.date(2026, 9, 9), removed=True)
        other = _event(old, cast, f"follow-up:{b}:2026-37", datetime.date(2026, 9, 9), school_class_id=cast.class_b.pk)
        dk1 = _event(old, cast, f"dk1:{a}", datetime.date(2026, 8, 18), kind="dk1")
        _migrate([("programme", "0002_follow_up_keys_by_number")])
    finally:
        _migrate(_latest())
    keys = dict(WheelEvent.objects.values_list("pk", "model_key"))
    assert keys[first] == f"follow-up:{a}:1"
    assert keys[second] == f"follow-up:{a}:2"
    assert keys[third] == f"follow-up:{a}:3"
    assert keys[other] == f"follow-up:{b}:1"
    assert keys[dk1] == f"dk1:{a}"
    assert WheelEvent.objects.get(pk=first).edited
    assert WheelEvent.objects.get(pk=second).removed


@pytest.mark.django_db(transaction=True)
def test_stored_survey_and_recruitment_windows_become_all_day(cast):
    try:
        old = _migrate([("programme", "0003_wheelevent_all_day")])
        common = {"school_class_id": None}
        survey = _event(
            old,
            cast,
            "pupil-survey",
            datetime.date(2026, 11, 2),
            kind="pupil_survey",
            ends_on=datetime.date(2026, 12, 15),
            **common,
        )
        recruitment = _event(
            old,
            cast,
            "",
            datetime.date(2027, 2, 1),
            kind="mentor_recruitment",
            ends_on=datetime.date(2027, 3, 15),
            **common,
        )
        one_day = _event(old, cast, "", datetime.date(2026, 11, 10), kind="pupil_survey", **common)
        workshop = _event(
            old,
            cast,
            "rg-workshop",
            datetime.date(2027, 3, 22),
            kind="rg_workshop",
            ends_on=datetime.date(2027, 3, 23),
            **common,
        )
        _migrate([("programme", "0004_windows_all_day")])
    finally:
        _migrate(_latest())
    flags = dict(WheelEvent.objects.values_list("pk", "all_day"))
    assert flags == {survey: True, recruitment: True, one_day: False, workshop: False}
