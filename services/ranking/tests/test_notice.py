"""The notice's window and a complaint's steps, without broker or database."""
from datetime import UTC, datetime, timedelta

import pytest

from ranking.domain.notice import NoticeRefused, check_filing, closes_at, step

PUBLISHED = datetime(2023, 12, 1, 10, 0, tzinfo=UTC)


def test_the_window_is_thirty_days_to_the_second():
    assert closes_at(PUBLISHED) == datetime(2023, 12, 31, 10, 0, tzinfo=UTC)
    check_filing(PUBLISHED, PUBLISHED + timedelta(days=30))          # its last moment still counts
    for late in (PUBLISHED + timedelta(days=30, seconds=1), PUBLISHED - timedelta(seconds=1)):
        with pytest.raises(NoticeRefused) as refused:
            check_filing(PUBLISHED, late)
        assert refused.value.code == "notice-closed"


def test_a_complaint_goes_accept_investigate_then_a_ruling():
    state = "filed"
    for action in ("accept", "investigate", "uphold"):
        state = step(state, action)
    assert state == "upheld"
    assert step("filed", "dismiss") == step("investigating", "dismiss") == "dismissed"


@pytest.mark.parametrize(("state", "action", "code"), [
    ("filed", "uphold", "out-of-order"), ("filed", "investigate", "out-of-order"),
    ("upheld", "dismiss", "out-of-order"), ("dismissed", "accept", "out-of-order"),
    ("filed", "ignore", "unknown-step")])
def test_a_step_out_of_order_is_refused(state, action, code):
    with pytest.raises(NoticeRefused) as refused:
        step(state, action)
    assert refused.value.code == code
