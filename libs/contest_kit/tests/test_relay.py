import json

import pytest
from kombu import Connection, Exchange, Queue
from kombu.exceptions import OperationalError
from sqlalchemy import select

from contest_contracts.events import CATALOGUE, NOTIFICATION_DELIVERED
from contest_kit.db import session_factory
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelay, Refused, Unroutable
from contest_kit.tables import OutboxEvent

NINGBO = "2023-ningbo"


def _emit_events(kit_store, payloads, count):
    """`count` events of registration, alternating two types; returns their wire bodies."""
    envelopes = []
    with kit_store.session(tenant=NINGBO) as session:
        for i in range(count):
            event_type = ("team-registered", "submission-received")[i % 2]
            envelopes.append(emit(session, CATALOGUE[event_type], tenant=NINGBO, payload=payloads[event_type],
                                  correlation_id=f"corr-{i}", producer="registration"))
    return [e.to_message() for e in envelopes]


def _drain(connection, queue):
    received = []
    bound = queue(connection.default_channel)
    while (message := bound.get(no_ack=True)) is not None:
        received.append((message.delivery_info["routing_key"], json.loads(message.body),
                         message.headers["nameko.correlation_id"], message.properties["delivery_mode"]))
    return received


def _sent_flags(kit_store):
    with kit_store.session(all_tenants=True) as session:
        rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))
        return [row.sent_at is not None for row in rows]


@pytest.fixture
def listener(rabbit_config):
    """A queue bound to every event of registration's topic exchange."""
    exchange = Exchange("registration.events", type="topic", durable=True)
    queue = Queue("relay-test", exchange=exchange, routing_key="#", durable=True)
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        queue(connection.default_channel).declare()
        yield connection, queue


def test_relay_publishes_every_pending_event_once_and_marks_it_sent(kit_store, payloads, listener,
                                                                    rabbit_config):
    connection, queue = listener
    bodies = _emit_events(kit_store, payloads, 7)
    relay = OutboxRelay(session_factory(kit_store.engine), rabbit_config["AMQP_URI"], "registration")

    published = relay.publish_pending()
    received = _drain(connection, queue)
    again = relay.publish_pending()
    relay.close()

    assert published == 7
    assert received == [(body["type"], body, body["correlation_id"], 2) for body in bodies]
    assert _sent_flags(kit_store) == [True] * 7
    assert relay.pending_count() == 0
    assert again == 0
    assert _drain(connection, queue) == []


def test_relay_publishes_in_batches_in_outbox_order(sqlite_store, payloads, listener, rabbit_config):
    connection, queue = listener
    bodies = _emit_events(sqlite_store, payloads, 5)
    relay = OutboxRelay(session_factory(sqlite_store.engine), rabbit_config["AMQP_URI"], "registration",
                        batch_size=2)

    rounds = [(relay.publish_pending(), relay.pending_count()) for _ in range(4)]
    relay.close()

    assert rounds == [(2, 3), (2, 1), (1, 0), (0, 0)]
    assert [body["event_id"] for _key, body, _corr, _mode in _drain(connection, queue)] == [
        body["event_id"] for body in bodies]


def test_relay_without_a_broker_raises_and_leaves_rows_unsent(kit_store, payloads, unused_port):
    _emit_events(kit_store, payloads, 3)
    relay = OutboxRelay(session_factory(kit_store.engine),
                        f"pyamqp://guest:guest@127.0.0.1:{unused_port}//", "registration")

    with pytest.raises(OperationalError):
        relay.publish_pending()

    assert _sent_flags(kit_store) == [False] * 3
    assert relay.pending_count() == 3


def test_relay_keeps_an_event_nobody_can_receive_yet_and_sends_it_once_a_queue_is_bound(
        sqlite_store, payloads, rabbit_config):
    bodies = _emit_events(sqlite_store, payloads, 2)  # team-registered, submission-received
    relay = OutboxRelay(session_factory(sqlite_store.engine), rabbit_config["AMQP_URI"], "registration")

    with pytest.raises(Unroutable):
        relay.publish_pending()
    kept = _sent_flags(sqlite_store)
    exchange = Exchange("registration.events", type="topic", durable=True)
    queue = Queue("late-consumer", exchange=exchange, routing_key="#", durable=True)
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        queue(connection.default_channel).declare()
        published = relay.publish_pending()
        received = _drain(connection, queue)
    relay.close()

    assert kept == [False, False]
    assert published == 2
    assert [body for _key, body, _corr, _mode in received] == bodies
    assert _sent_flags(sqlite_store) == [True, True]


def test_an_event_without_consumers_is_not_written_so_the_relay_has_nothing_to_publish(
        sqlite_store, rabbit_config):
    with sqlite_store.session(tenant=NINGBO) as session:
        envelope = emit(session, NOTIFICATION_DELIVERED, tenant=NINGBO, producer="notify", correlation_id="c",
                        payload={"message_id": "m1", "team_id": "t1", "cause": "team-registered",
                                 "channels": ["inbox"]})
    relay = OutboxRelay(session_factory(sqlite_store.engine), rabbit_config["AMQP_URI"], "notify")

    published = relay.publish_pending()
    relay.close()

    assert envelope.type == "notification-delivered"
    assert published == 0
    assert _sent_flags(sqlite_store) == []


def test_a_batch_the_broker_refuses_in_part_leaves_exactly_the_refused_rows_pending(sqlite_store, payloads,
                                                                                 rabbit_config):
    # A queue that takes 3 messages and refuses (nacks) what comes after: the broker's own refusal.
    exchange = Exchange("registration.events", type="topic", durable=True)
    full_at_three = Queue("full-at-three", exchange=exchange, routing_key="#", durable=True,
                          queue_arguments={"x-max-length": 3, "x-overflow": "reject-publish"})
    bodies = _emit_events(sqlite_store, payloads, 5)
    relay = OutboxRelay(session_factory(sqlite_store.engine), rabbit_config["AMQP_URI"], "registration")
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        full_at_three(connection.default_channel).declare()

        with pytest.raises(Refused) as refused:
            relay.publish_pending()
        received = _drain(connection, full_at_three)
    relay.close()

    assert str(refused.value) == "2 refused and 0 unconfirmed of 5; kept in the outbox"
    assert _sent_flags(sqlite_store) == [True, True, True, False, False]
    assert [body["event_id"] for _key, body, _corr, _mode in received] == [b["event_id"] for b in bodies[:3]]


def test_a_batch_in_which_one_type_has_no_queue_sends_the_rest_and_keeps_that_type(sqlite_store, payloads,
                                                                                   rabbit_config):
    exchange = Exchange("registration.events", type="topic", durable=True)
    submissions_only = Queue("submissions-only", exchange=exchange, routing_key="submission-received",
                             durable=True)
    _emit_events(sqlite_store, payloads, 4)  # team-registered, submission-received, twice
    relay = OutboxRelay(session_factory(sqlite_store.engine), rabbit_config["AMQP_URI"], "registration")
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        submissions_only(connection.default_channel).declare()

        with pytest.raises(Unroutable):
            relay.publish_pending()
        received = _drain(connection, submissions_only)
    relay.close()

    assert _sent_flags(sqlite_store) == [False, True, False, True]
    assert [key for key, *_rest in received] == ["submission-received", "submission-received"]


def test_relay_reconnects_after_the_broker_dropped_it_and_confirms_what_is_left(sqlite_store, payloads,
                                                                               listener, rabbit_config):
    connection, queue = listener
    relay = OutboxRelay(session_factory(sqlite_store.engine), rabbit_config["AMQP_URI"], "registration")
    _emit_events(sqlite_store, payloads, 2)
    relay.publish_pending()
    relay._connection.connection.sock.close()  # as a broker restart would drop it
    bodies = _emit_events(sqlite_store, payloads, 3)

    with pytest.raises(OSError) as dropped:
        relay.publish_pending()
    after_drop = _sent_flags(sqlite_store)
    retried = relay.publish_pending()
    relay.close()

    assert isinstance(dropped.value, OSError)
    assert after_drop == [True, True, False, False, False]
    assert retried == 3
    assert [body["event_id"] for _key, body, _corr, _mode in _drain(connection, queue)][-3:] == [
        body["event_id"] for body in bodies]
