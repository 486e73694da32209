"""RPC as the platform sends it: replies serialised once, requests and replies held in memory only.

nameko's Responder serialises every result twice (once to check it can, once to send it) and
publishes the reply with a publisher confirm, a round trip to the broker per call. A reply needs
neither: it is checked by being serialised once, and a reply the broker loses is a caller's
timeout (504), which an Idempotency-Key makes safe to retry, exactly as a reply lost in any
other way. (Requests keep their confirm: nameko learns from it that no service listens, 502.)

nameko also publishes requests and replies as persistent messages, which the broker writes to
its message store. An RPC outlives no broker restart anyway (its caller waits for seconds and
its reply queue is the caller's), so both go transient: the broker keeps them in memory only.
Events are a different matter: they go through the outbox and the relay, persistent.
"""
import sys

import kombu.serialization
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY, NON_PERSISTENT
from nameko.exceptions import UnserializableValueError, serialize
from nameko.rpc import Responder, Rpc, RpcConsumer, RpcProxy, get_rpc_exchange


class Reply(Responder):
    def send_response(self, result, exc_info):
        error = None if exc_info is None else serialize(exc_info[1])
        serializer = kombu.serialization.registry.type_to_name[self.message.properties["content_type"]]
        try:
            content_type, encoding, body = kombu.serialization.dumps({"result": result, "error": error},
                                                                     serializer)
        except Exception:  # what cannot be sent: say so, as nameko does, in a form that can
            exc_info = sys.exc_info()
            error, result = serialize(UnserializableValueError(result)), None
            content_type, encoding, body = kombu.serialization.dumps({"result": None, "error": error},
                                                                     serializer)
        Publisher(self.amqp_uri, use_confirms=False, delivery_mode=NON_PERSISTENT, ssl=self.ssl,
                  login_method=self.login_method).publish(
            body, content_type=content_type, content_encoding=encoding, exchange=self.exchange,
            routing_key=self.message.properties["reply_to"],
            correlation_id=self.message.properties.get("correlation_id"))
        return result, exc_info


class ReplyingRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        config = self.container.config
        reply = Reply(config["AMQP_URI"], get_rpc_exchange(config), None, message,
                      ssl=config.get(AMQP_SSL_CONFIG_KEY), login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        result, exc_info = reply.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class ReplyingRpc(Rpc):
    rpc_consumer = ReplyingRpcConsumer()


def ServiceProxy(service_name):  # noqa: N802 (a dependency provider's factory, named like one)
    """A proxy to another service's RPC whose requests the broker keeps in memory only."""
    return RpcProxy(service_name, delivery_mode=NON_PERSISTENT)
