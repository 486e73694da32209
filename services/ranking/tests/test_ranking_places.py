"""Places within a group, without broker or database."""
from decimal import Decimal

from ranking.domain.ranking import Entry, places


def entries(**scores):
    return [Entry(project_id, Decimal(score)) for project_id, score in scores.items()]


def test_places_of_no_entries_are_empty():
    assert places([]) == {}


def test_places_go_from_the_highest_score_down():
    assert places(entries(a="70.00", b="90.00", c="80.00")) == {"b": 1, "c": 2, "a": 3}


def test_places_of_equal_scores_are_shared_and_the_next_place_is_skipped():
    assert places(entries(a="90.00", b="85.00", c="85.00", d="80.00")) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_places_of_a_tie_at_the_top_are_both_first():
    assert places(entries(a="90.00", b="90.00", c="80.00")) == {"a": 1, "b": 1, "c": 3}


def test_places_of_all_equal_scores_are_all_first():
    assert places(entries(a="75.00", b="75.00", c="75.00")) == {"a": 1, "b": 1, "c": 1}


def test_places_compare_scores_by_value_not_by_how_they_are_written():
    assert places(entries(a="85.5", b="85.50", c="85.49")) == {"a": 1, "b": 1, "c": 3}


def test_places_do_not_depend_on_the_order_entries_come_in():
    forward = entries(a="90.00", b="85.00", c="85.00", d="80.00")

    assert places(list(reversed(forward))) == places(forward)
