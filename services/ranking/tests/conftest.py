"""Ranking's service under test: one container per test, on SQLite and on PostgreSQL."""
import importlib.util
import sys
from pathlib import Path

import pytest
from nameko.testing.services import entrypoint_waiter

from ranking.service import RankingService


def _load_bus():
    """The helpers shared by every service's tests, kept in registration's tests for now."""
    name = "contest_service_tests_bus"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "registration" / "tests" / "bus.py"
        spec = importlib.util.spec_from_file_location(name, path)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


bus = _load_bus()


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
