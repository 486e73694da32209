"""An event catalogue as an AsyncAPI 3 document, generated from its contracts.

One channel per event type (the producer's `<service>.events` topic exchange
with the event type as routing key), one message with its payload schema and
example, a `send` operation for the producer and a `receive` operation per
consumer.
"""
from contest_kit.apidocs import api_spec
from contest_kit.envelope import EnvelopeSchema


def _schemas(catalogue):
    """JSON schemas of the envelope and every payload, through apispec's marshmallow converter."""
    spec = api_spec(title="x", version="1")
    spec.components.schema("Envelope", schema=EnvelopeSchema)
    for contract in catalogue:
        spec.components.schema(_name(contract.type), schema=contract.schema)
    return spec.to_dict()["components"]["schemas"]


def _name(event_type):
    return "".join(part.capitalize() for part in event_type.split("-"))


def build(catalogue):
    """The AsyncAPI document of `catalogue` (Contract objects, contest_contracts.events)."""
    catalogue = list(catalogue)
    schemas = _schemas(catalogue)
    document = {
        "asyncapi": "3.0.0",
        "info": {"title": "Contest platform events", "version": "1.0.0",
                 "description": "Every event travels in the same envelope (components.schemas.Envelope); "
                                "`payload` carries the message's schema. Events are published persistent, "
                                "with publisher confirms, from each producer's transactional outbox; "
                                "consumers deduplicate on `event_id`."},
        "defaultContentType": "application/json",
        "servers": {"rabbitmq": {"host": "rabbitmq:5672", "protocol": "amqp", "protocolVersion": "0-9-1"}},
        "channels": {}, "operations": {}, "components": {"schemas": schemas, "messages": {}},
    }
    for contract in catalogue:
        name = _name(contract.type)
        document["components"]["messages"][name] = {
            "name": contract.type, "title": contract.type, "summary": contract.summary,
            "payload": {"$ref": f"#/components/schemas/{name}"},
            "headers": {"type": "object", "properties": {"nameko.correlation_id": {"type": "string"}}},
            "examples": [{"payload": contract.example}],
            "x-envelope": {"type": contract.type, "version": contract.version},
        }
        document["channels"][contract.type] = {
            "address": contract.type,
            "description": f"{contract.producer}.events topic exchange, routing key {contract.type}",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {"amqp": {"is": "routingKey", "exchange": {
                "name": f"{contract.producer}.events", "type": "topic", "durable": True,
                "autoDelete": False}}},
        }
        channel = {"$ref": f"#/channels/{contract.type}"}
        document["operations"][f"{contract.producer}.send.{contract.type}"] = {
            "action": "send", "channel": channel, "summary": f"{contract.producer} publishes it",
            "x-producer": contract.producer}
        for consumer in contract.consumers:
            document["operations"][f"{consumer}.receive.{contract.type}"] = {
                "action": "receive", "channel": channel, "summary": f"{consumer} consumes it",
                "x-consumer": consumer}
    return document
