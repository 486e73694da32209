"""Ranking's service under test: one container per test, on SQLite and on PostgreSQL."""

import pytest
from nameko.testing.services import entrypoint_waiter

from contest_kit import testing as bus
from ranking.service import RankingService


@pytest.fixture
def ranking(rabbit_config, db_url, container_factory):
    """A running ranking service (killed by container_factory at teardown)."""
    container = container_factory(RankingService, bus.service_config(rabbit_config, db_url))
    container.start()
    return container


@pytest.fixture
def rpc(ranking):
    """rpc(actor, method, *args): call ranking as that actor."""
    return lambda actor, method, *args, **kw: bus.call(ranking, method, actor, *args, **kw)


@pytest.fixture
def deliver(ranking, rabbit_config):
    """deliver(body): publish to review.events as the relay would; returns the handler's outcome."""
    def deliver(body, routing_key="review-completed"):
        with entrypoint_waiter(ranking, "on_review_completed", timeout=10) as handled:
            bus.publish(rabbit_config["AMQP_URI"], "review", routing_key, body)
        return handled.get()
    return deliver


@pytest.fixture
def events(rabbit_config):
    """Everything ranking publishes, as a new consumer would receive it."""
    tap = bus.EventTap(rabbit_config["AMQP_URI"], "ranking")
    yield tap
    tap.close()


@pytest.fixture
def outcome():
    return bus.outcome


@pytest.fixture
def store(ranking):
    return bus.store(ranking)
