"""Review's service under test: one container per test, on SQLite and on PostgreSQL."""
import importlib.util
import sys
from pathlib import Path

import pytest
from nameko.testing.services import entrypoint_waiter

from review.service import ReviewService

SHEETS_PER_PROJECT = 3


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
def review(rabbit_config, db_url, container_factory):
    """A running review service (killed by container_factory at teardown)."""
    container = container_factory(ReviewService, bus.service_config(
        rabbit_config, db_url, SHEETS_PER_PROJECT=SHEETS_PER_PROJECT))
    container.start()
    return container


@pytest.fixture
def rpc(review):
    """rpc(actor, method, *args): call review as that actor."""
    return lambda actor, method, *args, **kw: bus.call(review, method, actor, *args, **kw)


@pytest.fixture
def deliver(review, rabbit_config):
    """deliver(body): publish to registration.events as the relay would; returns the handler's outcome."""
    def deliver(body, routing_key="submission-received"):
        with entrypoint_waiter(review, "on_submission_received", timeout=10) as handled:
            bus.publish(rabbit_config["AMQP_URI"], "registration", routing_key, body)
        return handled.get()
    return deliver


@pytest.fixture
def publish(rabbit_config):
    """publish(body): to registration.events, without waiting for any handler."""
    return lambda body, routing_key="submission-received": bus.publish(
        rabbit_config["AMQP_URI"], "registration", routing_key, body)


@pytest.fixture
def wait_until():
    return bus.wait_until


@pytest.fixture
def events(rabbit_config):
    """Everything review publishes, as a new consumer would receive it."""
    tap = bus.EventTap(rabbit_config["AMQP_URI"], "review")
    yield tap
    tap.close()


@pytest.fixture
def outcome():
    return bus.outcome


@pytest.fixture
def store(review):
    return bus.store(review)
