"""A round's window, as a pure function of the clock; rounds that share a moment."""
from datetime import UTC, datetime, timedelta

from review.domain import rounds

T0 = datetime(2023, 11, 1, 0, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_a_round_is_scheduled_then_open_then_closed_at_its_closing_time():
    assert rounds.status(T0, T0 + HOUR, None, T0 - HOUR) == "scheduled"
    assert rounds.status(T0, T0 + HOUR, None, T0) == "open"                  # opens at its moment
    assert rounds.status(T0, T0 + HOUR, None, T0 + HOUR - timedelta(seconds=1)) == "open"
    assert rounds.status(T0, T0 + HOUR, None, T0 + HOUR) == "closed"         # closes at its moment


def test_a_round_closed_by_hand_is_closed_whatever_the_clock_says():
    assert rounds.status(T0, T0 + HOUR, T0 + timedelta(minutes=5), T0 + timedelta(minutes=6)) == "closed"


def test_windows_that_only_touch_do_not_overlap():
    windows = [("online-review", T0, T0 + HOUR), ("online-roadshow", T0 + 2 * HOUR, T0 + 3 * HOUR)]

    assert rounds.overlapping(windows, T0 + HOUR, T0 + 2 * HOUR) is None
    assert rounds.overlapping(windows, T0 + HOUR / 2, T0 + 2 * HOUR) == "online-review"
    assert rounds.overlapping(windows, T0 - HOUR, T0 + 4 * HOUR) == "online-review"
    assert rounds.overlapping(windows, T0 + 2.5 * HOUR, T0 + 2.6 * HOUR) == "online-roadshow"


def test_scores_above_the_scale_are_named():
    assert rounds.over_scale({"technical": 10, "defence": 10.01}, 10) == ["defence"]
