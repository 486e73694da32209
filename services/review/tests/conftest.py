"""Review's service under test: one container per test, on SQLite and on PostgreSQL.

The kit's pytest plugin (contest_kit.testing) gives `rpc`, `store`, `events`, `deliver`,
`publish` and the rest from the `service` fixture here. The rounds' timer is made slow: tests that
close rounds by time call rounds.close_due or start their own.
"""
import pytest

from review.service import ReviewService

SHEETS_PER_PROJECT = 3


@pytest.fixture
def service(start_service):
    return start_service(ReviewService, SHEETS_PER_PROJECT=SHEETS_PER_PROJECT, ROUND_CHECK_SECONDS=3600)


@pytest.fixture
def review(service):
    return service
