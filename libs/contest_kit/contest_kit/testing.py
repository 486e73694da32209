"""Helpers every service's tests need: config, calls as an actor, the broker seen from outside.

Imported by tests only (`from contest_kit import testing as bus`); keep it free of any one
service's names.
"""
import json
import socket
import time
import uuid

from kombu import Connection, Exchange, Queue
from nameko.testing.services import entrypoint_hook
from nameko.testing.utils import get_extension

from contest_kit.db import Database


def free_port():
    """A loopback port nothing listens on (free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_config(rabbit_config, db_url, **extra):
    """What `config.yml` gives a service, pointed at this test's vhost, database and a free port."""
    return {"AMQP_URI": rabbit_config["AMQP_URI"], "DB_URL": db_url,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}", **extra}


def call(container, method, actor, *args, correlation_id=None):
    """Call an RPC entrypoint as `actor` (a contest_kit.context.Actor), the way the gateway does.

    One call at a time per method: concurrent hooks on one method all get the result of the
    first worker to finish (nameko's entrypoint_waiter); use nameko.standalone.rpc for that.
    """
    context = actor.as_context()
    if correlation_id:
        context["correlation_id"] = correlation_id
    with entrypoint_hook(container, method, context_data=context) as entrypoint:
        return entrypoint(*args)


def outcome(action):
    """'ok', or the name of the error `action()` raised: for tables of who may do what."""
    try:
        action()
    except Exception as exc:
        return type(exc).__name__
    return "ok"


def store(container):
    """The container's own database store (the same engine and pool the service uses)."""
    return get_extension(container, Database).store


def events_exchange(producer):
    return Exchange(f"{producer}.events", type="topic", durable=True)


def publish(amqp_uri, producer, routing_key, body, content_type="application/json"):
    """Publish as the relay does, persistent, to `<producer>.events`.

    Bytes go as they are (to send what is not JSON), anything else as JSON.
    """
    if not isinstance(body, bytes):
        body = json.dumps(body)
    with Connection(amqp_uri) as connection:
        producer_ = connection.Producer()
        producer_.publish(body, exchange=events_exchange(producer), routing_key=routing_key,
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
