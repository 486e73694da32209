"""RPC as the platform sends it: replies serialised once, nothing of it on disk, no reply acked.

nameko's Responder serialises every result twice (once to check it can, once to send it),
builds a publisher (and a kombu Connection to find its pool) for every reply and publishes the
reply with a publisher confirm, a round trip to the broker per call. A reply needs none of it:
it is checked by being serialised once, published through a producer of a pool found once, and
a reply the broker loses is a caller's timeout (504), which an Idempotency-Key makes safe to
retry, exactly as a reply lost in any other way. (Requests keep their confirm: nameko learns
from it that no service listens, 502.)

nameko also publishes requests and replies as persistent messages, which the broker writes to
its message store, and acknowledges each reply it receives. An RPC outlives no broker restart
anyway (its caller waits for seconds and its reply queue is the caller's), so both go
transient (the broker keeps them in memory only) and the caller's reply queue is consumed
without acknowledgements. Events are a different matter: they go through the outbox and the
relay, persistent and confirmed.
"""
import sys

import kombu.serialization
from kombu import Connection
from kombu.pools import producers
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_RETRY_POLICY,
    DEFAULT_TRANSPORT_OPTIONS,
    LOGIN_METHOD_CONFIG_KEY,
    NON_PERSISTENT,
)
from nameko.exceptions import UnserializableValueError, serialize
from nameko.rpc import ReplyListener, Rpc, RpcConsumer, RpcProxy, get_rpc_exchange


def reply_body(message, result, exc_info):
    """(content type, encoding, body, result, exc_info) of the reply to `message`, serialised once."""
    error = None if exc_info is None else serialize(exc_info[1])
    serializer = kombu.serialization.registry.type_to_name[message.properties["content_type"]]
    try:
        return (*kombu.serialization.dumps({"result": result, "error": error}, serializer), result, exc_info)
    except Exception:  # what cannot be sent: say so, as nameko does, in a form that can
        exc_info = sys.exc_info()
        content_type, encoding, body = kombu.serialization.dumps(
            {"result": None, "error": serialize(UnserializableValueError(result))}, serializer)
        return content_type, encoding, body, None, exc_info


class ReplyingRpcConsumer(RpcConsumer):
    def setup(self):
        super().setup()
        config = self.container.config
        self.exchange = get_rpc_exchange(config)
        self.connection = Connection(config[AMQP_URI_CONFIG_KEY],
                                     transport_options=dict(DEFAULT_TRANSPORT_OPTIONS, confirm_publish=False),
                                     ssl=config.get(AMQP_SSL_CONFIG_KEY),
                                     login_method=config.get(LOGIN_METHOD_CONFIG_KEY))

    def handle_result(self, message, result, exc_info):
        content_type, encoding, body, result, exc_info = reply_body(message, result, exc_info)
        with producers[self.connection].acquire(block=True) as producer:
            producer.publish(body, content_type=content_type, content_encoding=encoding,
                             exchange=self.exchange, routing_key=message.properties["reply_to"],
                             correlation_id=message.properties.get("correlation_id"),
                             delivery_mode=NON_PERSISTENT, retry=True, retry_policy=DEFAULT_RETRY_POLICY)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class ReplyingRpc(Rpc):
    rpc_consumer = ReplyingRpcConsumer()


class UnackedReplyListener(ReplyListener):
    """The caller's reply queue, consumed without acknowledgements (the broker forgets a reply
    once it has sent it: nothing would be done with a reply again)."""

    def setup(self):
        super().setup()
        self.queue.no_ack = True

    def handle_message(self, body, message):
        reply_event = self._reply_events.pop(message.properties.get("correlation_id"), None)
        if reply_event is not None:
            reply_event.send(body)


class TransientRpcProxy(RpcProxy):
    rpc_reply_listener = UnackedReplyListener()


def ServiceProxy(service_name):  # noqa: N802 (a dependency provider's factory, named like one)
    """A proxy to another service's RPC: requests transient, replies read without acks."""
    return TransientRpcProxy(service_name, delivery_mode=NON_PERSISTENT)
