"""Registration's service under test: one container per test, on SQLite and on PostgreSQL."""

import pytest

from contest_kit import testing as bus
from registration.service import RegistrationService


@pytest.fixture
def blob_dir(tmp_path):
    return tmp_path / "blobs"


@pytest.fixture
def registration(rabbit_config, db_url, blob_dir, container_factory):
    """A running registration service, killed by `container_factory` at teardown.

    nameko's autouse `fast_teardown` drops the vhost (and so here the database) before the
    kill, which is its fast path: a graceful stop costs two seconds a test. The relay may
    log a failed round in between; that is expected.
    """
    container = container_factory(RegistrationService, bus.service_config(
        rabbit_config, db_url, BLOB_BACKEND="local", BLOB_DIR=str(blob_dir)))
    container.start()
    return container


@pytest.fixture
def rpc(registration):
    """rpc(actor, method, *args): call registration as that actor."""
    return lambda actor, method, *args, **kw: bus.call(registration, method, actor, *args, **kw)


@pytest.fixture
def outcome():
    return bus.outcome


@pytest.fixture
def store(registration):
    return bus.store(registration)


@pytest.fixture
def events(rabbit_config):
    """Everything registration publishes, as a new consumer would receive it."""
    tap = bus.EventTap(rabbit_config["AMQP_URI"], "registration")
    yield tap
    tap.close()
