"""The pure helpers: the catalogue, anonymous rating summaries and the time estimate."""

from decimal import Decimal

from drommeskolen.mentoring import catalogue, ratings, timeuse


def test_the_catalogue_has_four_mentor_sessions_and_nine_teacher_sessions():
    assert [str(t.name) for t in catalogue.MENTOR_TOPICS] == [
        "Vennskap",
        "Sosial på skolen",
        "God nok",
        "Inkludering på nett",
    ]
    assert len(catalogue.TEACHER_TOPICS) == 9
    assert str(catalogue.TEACHER_TOPICS[0].name) == "Å ha det bra"
    assert str(catalogue.TEACHER_TOPICS[-1].name) == "Søvn"
    assert len(catalogue.BY_KEY) == 13


def test_mentor_sessions_belong_to_8th_grade_and_vg1_teacher_sessions_to_the_years_after():
    assert {t.led_by for t in catalogue.topics_for_grade(8)} == {catalogue.Leader.MENTORS}
    assert len(catalogue.topics_for_grade(11)) == 4
    for grade in (9, 10, 12, 13):
        assert len(catalogue.topics_for_grade(grade)) == 9
        assert {t.led_by for t in catalogue.topics_for_grade(grade)} == {catalogue.Leader.TEACHER}


def test_no_summary_below_the_threshold():
    assert ratings.summarise([5, 4, 3], threshold=4) is None
    assert ratings.summarise([], threshold=0) is None


def test_summary_at_the_threshold_has_average_and_every_score():
    summary = ratings.summarise([5, 4, 4, 2], threshold=4)
    assert summary is not None
    assert summary.count == 4
    assert summary.average == 3.8
    assert summary.distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}


def test_scores_outside_one_to_five_are_not_counted():
    assert ratings.summarise([0, 6, 3], threshold=2) is None
    summary = ratings.summarise([0, 6, 3, 3], threshold=2)
    assert summary is not None
    assert summary.count == 2


def test_the_estimate_is_20_to_25_percent_of_a_position_per_500_pupils():
    at_500 = timeuse.estimate_hours(500)
    assert at_500.low == Decimal("337.5")  # 0.20 × 1687.5
    assert at_500.high == Decimal("421.9")  # 0.25 × 1687.5, rounded
    at_250 = timeuse.estimate_hours(250)
    assert at_250.low == Decimal("168.8")
    assert timeuse.estimate_hours(0).high == 0


def test_the_bar_scales_to_the_larger_of_used_and_high_estimate():
    estimate = timeuse.estimate_hours(500)
    under = timeuse.bar(Decimal("200"), estimate)
    assert under.high == 100.0
    assert not under.over
    assert 0 < under.used < under.low < under.high
    over = timeuse.bar(Decimal("843.8"), estimate)
    assert over.used == 100.0
    assert over.over
    assert round(over.high) == 50
    assert timeuse.bar(Decimal(0), timeuse.estimate_hours(0)).used == 0
