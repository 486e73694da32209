"""Ranking's service under test: one container per test, on SQLite and on PostgreSQL.

The kit's pytest plugin (contest_kit.testing) gives `rpc`, `store`, `events`, `deliver`
and the rest from the `service` fixture here.
"""
import pytest

from ranking.service import RankingService


@pytest.fixture
def service(start_service):
    return start_service(RankingService)
