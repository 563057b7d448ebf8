"""Small-number suppression: primary, secondary and medians."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drommeskolen.lib.suppression import Cell, cell, is_small, suppress_group, suppressed_median


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "–"), (9, "–"), (10, "10"), (11, "11"), (250, "250")])
def test_a_count_below_the_threshold_is_shown_as_less_than(count, shown):
    assert str(cell(count, 10)) == shown


def test_zero_is_not_small_and_the_threshold_is_the_first_shown_number():
    assert not is_small(0, 5)
    assert is_small(4, 5)
    assert not is_small(5, 5)


def test_one_hidden_count_in_a_group_hides_the_next_smallest():
    cells = suppress_group([12, 3, 40, 15], 10)
    assert [str(c) for c in cells] == ["–", "–", "40", "15"]


def test_two_hidden_counts_need_no_secondary_suppression():
    assert [str(c) for c in suppress_group([2, 3, 40], 10)] == ["–", "–", "40"]


def test_a_zero_is_hidden_only_when_no_other_count_is_left():
    assert [str(c) for c in suppress_group([0, 4, 20], 10)] == ["0", "–", "–"]
    assert [str(c) for c in suppress_group([0, 4], 10)] == ["–", "–"]


def test_a_group_of_one_hides_only_itself():
    assert suppress_group([4], 10) == [Cell(None, 10)]
    assert suppress_group([], 10) == []


def test_medians_from_fewer_values_than_the_threshold_are_not_shown():
    assert suppressed_median([1, 2, 3, 4], 5) is None
    assert suppressed_median([1, 2, 3, 4, 100], 5) == 3
    assert suppressed_median([1, 2, 3, 4, 5, 6], 5) == 3.5
    assert suppressed_median([], 5) is None


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=12), st.integers(min_value=5, max_value=15))
def test_no_hidden_count_can_be_worked_out_from_the_sum(counts, threshold):
    cells = suppress_group(counts, threshold)
    hidden = [i for i, c in enumerate(cells) if c.suppressed]
    # Every small count is hidden, nothing else is changed, and never exactly one is hidden
    # (unless the group has one count only).
    assert all(cells[i].suppressed for i, n in enumerate(counts) if is_small(n, threshold))
    assert all(c.value == n for c, n in zip(cells, counts, strict=True) if not c.suppressed)
    assert len(hidden) != 1 or len(counts) == 1
