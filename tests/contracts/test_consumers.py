"""Contract tests, consumer side: each consumer applies a schema-valid example of every event it
consumes and parks an invalid one, on real RabbitMQ and SQLite."""
import copy

import pytest
from kombu import Connection, Exchange, Producer
from nameko.testing.services import entrypoint_waiter

from contest_contracts.events import CATALOGUE
from contest_kit.envelope import Envelope
from contest_kit.migrate import upgrade_service
from contest_kit.testing import free_port, single
from tests.contracts.test_catalogue import service_classes

PAIRS = [(event_type, consumer) for event_type, c in CATALOGUE.items() for consumer in c.consumers]


def handler_name(cls, event_type):
    return next(name for name in dir(cls)
                if getattr(getattr(getattr(cls, name), "consumed", None), "type", None) == event_type)


def publish(amqp_uri, producer, event_type, body):
    exchange = Exchange(f"{producer}.events", type="topic", durable=True)
    with Connection(amqp_uri) as connection:
        Producer(connection.default_channel, exchange=exchange).publish(
            body, routing_key=event_type, serializer="json", delivery_mode=2)


def broken(payload):
    """The example with its first required field taken out."""
    damaged = copy.deepcopy(payload)
    damaged.pop(next(iter(payload)))
    return damaged


@pytest.fixture
def consumer(container_factory, rabbit_config, tmp_path):
    def start(service):
        upgrade_service(service, f"sqlite:///{tmp_path}/{service}.db")
        config = {**rabbit_config, "DB_URL": f"sqlite:///{tmp_path}/{service}.db",
                  "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}", "SMTP_PORT": free_port(),
                  "SHEETS_PER_PROJECT": 3}
        container = container_factory(service_classes()[service], config)
        container.start()
        return container
    return start


@pytest.mark.parametrize(("event_type", "service"), PAIRS)
def test_consumer_applies_a_valid_example_and_parks_an_invalid_one(consumer, rabbit_config, event_type,
                                                                    service):
    contract = CATALOGUE[event_type]
    container = consumer(service)
    method = handler_name(container.service_cls, event_type)
    valid = Envelope(type=event_type, tenant="2023-ningbo", payload=contract.example,
                     correlation_id="contract-test").to_message()
    invalid = Envelope(type=event_type, tenant="2023-ningbo", payload=broken(contract.example),
                       correlation_id="contract-test").to_message()

    outcomes = []
    for body in (valid, invalid):
        with entrypoint_waiter(container, method, timeout=20) as result:
            publish(rabbit_config["AMQP_URI"], contract.producer, event_type, body)
        outcomes.append(single(result.get()))

    assert outcomes == ["applied", "parked"]
