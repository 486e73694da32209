"""The tests' shared fixtures and helpers: a pytest plugin (the root conftest loads it).

Fixtures: `rabbit_config` (a RabbitMQ vhost of the test's own), `pg_url` (a PostgreSQL
database of its own), `db_url` (the test runs once on SQLite and once on PostgreSQL),
`start_service` (a service container on them, migrated first, as `contest_kit.serve` does),
and, for a service's tests that define a `service` fixture: `rpc`, `store`, `events`,
`deliver`, `publish`; `s3_endpoint` (moto's S3 server on loopback, for the session). Helpers:
`call`, `outcome`, `wait_until`, `free_port`, `EventTap`, `serving_blobs`.
"""
import json
import os
import socket
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from kombu import Connection, Exchange, Queue
from nameko.testing.services import entrypoint_hook, entrypoint_waiter
from nameko.testing.utils import get_extension

from contest_kit.db import DatabaseEngine

RABBIT_HOST = os.environ.get("TEST_RABBIT_HOST", "127.0.0.1:5672")
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def free_port():
    """A loopback port nothing listens on (free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """host:port of moto's S3 server on loopback (access key and secret: `testing`). It serves
    presigned URLs and bucket versioning, but does not check the URLs' signatures or expiry."""
    from moto.server import ThreadedMotoServer
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop()


@contextmanager
def serving_blobs(store):
    """The local blob store's presigned URLs served on a loopback port, as the gateway serves them
    (contest_kit.blobserver); sets the store's url_base and yields it."""
    from werkzeug.serving import make_server

    from contest_kit.blobserver import LocalBlobEndpoint
    server = make_server("127.0.0.1", 0, LocalBlobEndpoint(store), threaded=True)
    store.url_base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield store.url_base
    finally:
        server.shutdown()
        thread.join()


def rabbitmqctl(*args):
    return subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, text=True,
                          timeout=60)


def service_config(rabbit_config, db_url, **extra):
    """What `config.yml` gives a service, pointed at this test's vhost, database and a free port."""
    return {"AMQP_URI": rabbit_config["AMQP_URI"], "DB_URL": db_url,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}", **extra}


def call(container, method, actor, *args, correlation_id=None, locale=None, **kwargs):
    """Call an RPC entrypoint as `actor` (a contest_kit.context.Actor), the way the gateway does.

    One call at a time per method: concurrent hooks on one method all get the result of the
    first worker to finish (nameko's entrypoint_waiter); use nameko.standalone.rpc for that.
    """
    context = actor.as_context() if actor is not None else {}
    if correlation_id:
        context["correlation_id"] = correlation_id
    if locale:
        context["locale"] = locale
    with entrypoint_hook(container, method, context_data=context) as entrypoint:
        return entrypoint(*args, **kwargs)


def outcome(action):
    """'ok', or the name of the error `action()` raised: for tables of who may do what."""
    try:
        action()
    except Exception as exc:
        return type(exc).__name__
    return "ok"


def store(container):
    """The container's own database store (the same engine and pool the service uses)."""
    return get_extension(container, DatabaseEngine).store


def events_exchange(producer):
    return Exchange(f"{producer}.events", type="topic", durable=True)


def publish(amqp_uri, producer, routing_key, body, content_type="application/json"):
    """Publish as the relay does, persistent, to `<producer>.events`.

    Bytes go as they are (to send what is not JSON), anything else as JSON.
    """
    if not isinstance(body, bytes):
        body = json.dumps(body)
    with Connection(amqp_uri) as connection:
        connection.Producer().publish(body, exchange=events_exchange(producer), routing_key=routing_key,
                                      declare=[events_exchange(producer)], delivery_mode=2,
                                      content_type=content_type, content_encoding="utf-8")


class EventTap:
    """A queue of the test's own bound to `<producer>.events`: what a new consumer would receive."""

    def __init__(self, amqp_uri, producer, routing_key="#"):
        self.connection = Connection(amqp_uri)
        self.queue = Queue(f"tap-{uuid.uuid4().hex[:8]}", exchange=events_exchange(producer),
                           routing_key=routing_key, exclusive=True, auto_delete=True)
        self.bound = self.queue(self.connection.channel())
        self.bound.declare()

    def take(self, count, timeout=10.0):
        """The next `count` message bodies (decoded JSON), or AssertionError after `timeout`."""
        bodies, deadline = [], time.monotonic() + timeout
        while len(bodies) < count:
            message = self.bound.get(no_ack=True)
            if message is None:
                assert time.monotonic() < deadline, f"{len(bodies)} of {count} events in {timeout}s"
                time.sleep(0.02)
                continue
            bodies.append(json.loads(message.body))
        return bodies

    def close(self):
        self.connection.release()


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Poll `predicate` until it returns something truthy; returns that, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"condition not met in {timeout}s"
        time.sleep(interval)


def consumers(service_cls):
    """routing key -> (producer, entrypoint name) of every `@consumes` method of a service class."""
    found = {}
    for name in dir(service_cls):
        contract = getattr(getattr(service_cls, name, None), "consumed", None)
        if contract is not None:
            found[contract.type] = (contract.producer, name)
    return found


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def rabbit_config():
    """A vhost of its own for each test, so runs never see each other's messages.

    Overrides nameko's fixture, which needs the management plugin (STACK.md, snag 6).
    """
    vhost = f"test-{uuid.uuid4().hex[:12]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    yield {"AMQP_URI": f"pyamqp://guest:guest@{RABBIT_HOST}/{vhost}", "VHOST": vhost}
    rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def pg_admin_url():
    return PG_ADMIN_URL


@pytest.fixture
def pg_url():
    """A PostgreSQL database of its own, created for the test and dropped after."""
    from sqlalchemy import create_engine, text
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Run a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/service.db"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def start_service(rabbit_config, db_url, container_factory):
    """start_service(ServiceClass, **config): the service migrated and running, as serve runs it.

    nameko's autouse `fast_teardown` drops the vhost (and so here the database) before the
    kill, which is its fast path: a graceful stop costs two seconds a test. A polling loop may
    log a failed round in between; that is expected.
    """
    from contest_kit.migrate import upgrade_service

    def start(service_cls, **config):
        upgrade_service(service_cls.name, db_url)
        container = container_factory(service_cls, service_config(rabbit_config, db_url, **config))
        container.start()
        return container

    return start


@pytest.fixture
def rpc(service):
    """rpc(actor, method, *args, **kwargs): call the service under test as that actor."""
    return lambda actor, method, *args, **kw: call(service, method, actor, *args, **kw)


@pytest.fixture(name="store")
def store_fixture(service):
    return store(service)


@pytest.fixture
def events(rabbit_config, service):
    """Everything the service under test publishes, as a new consumer would receive it."""
    tap = EventTap(rabbit_config["AMQP_URI"], service.service_name)
    yield tap
    tap.close()


@pytest.fixture
def deliver(service, rabbit_config):
    """deliver(body, routing_key=None): publish as the producer's relay would; returns the outcome.

    The routing key defaults to the body's `type`, else to the service's only consumed event.
    """
    handlers = consumers(service.service_cls)

    def deliver(body, routing_key=None):
        if routing_key is None:
            routing_key = body.get("type") if isinstance(body, dict) and body.get("type") in handlers \
                else next(iter(handlers))
        producer, entrypoint = handlers[routing_key]
        with entrypoint_waiter(service, entrypoint, timeout=10) as handled:
            publish(rabbit_config["AMQP_URI"], producer, routing_key, body)
        return single(handled.get())
    return deliver


def single(outcome):
    """A batching consumer answers a list of outcomes: one event delivered alone has one."""
    return outcome[0] if isinstance(outcome, list) and len(outcome) == 1 else outcome


@pytest.fixture(name="publish")
def publish_fixture(rabbit_config):
    """publish(producer, routing_key, body): without waiting for any handler."""
    return lambda producer, routing_key, body: publish(rabbit_config["AMQP_URI"], producer, routing_key, body)


@pytest.fixture(name="wait_until")
def wait_until_fixture():
    return wait_until


@pytest.fixture(name="outcome")
def outcome_fixture():
    return outcome
