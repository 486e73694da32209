"""Review's service under test: one container per test, on SQLite and on PostgreSQL."""

import pytest
from nameko.testing.services import entrypoint_waiter

from contest_kit import testing as bus
from review.service import ReviewService

SHEETS_PER_PROJECT = 3




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
