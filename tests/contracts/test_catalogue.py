"""The event catalogue: a valid AsyncAPI 3 document, and nothing sent or handled outside it."""
import ast
import inspect
import json
from pathlib import Path

import jsonschema
import pytest

from contest_contracts import events
from contest_contracts.events import CATALOGUE, Contract
from contest_kit.asyncapi import build as build_document

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "build" / "npm" / "node_modules" / "@asyncapi" / "specs" / "schemas" / "3.0.0-without-$id.json"
SERVICES = ("registration", "review", "ranking", "notify", "gateway")


def service_classes():
    import gateway.service
    import notify.service
    import ranking.service
    import registration.service
    import review.service
    return {"registration": registration.service.RegistrationService, "review": review.service.ReviewService,
            "ranking": ranking.service.RankingService, "notify": notify.service.NotifyService,
            "gateway": gateway.service.GatewayService}


def build():
    return build_document(CATALOGUE.values())


def emitted_types(service):
    """Event types a service's code passes to emit() (change.emit or the kit's), read from its source."""
    found = set()
    for path in (ROOT / "services" / service / service).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if isinstance(node, ast.Call) and name == "emit":
                for arg in node.args:
                    contract = getattr(events, getattr(arg, "id", ""), None)
                    if isinstance(contract, Contract):
                        found.add(contract.type)
    return found


def consumed_types(cls):
    return {member.consumed.type for _, member in inspect.getmembers(cls) if hasattr(member, "consumed")}


@pytest.fixture(scope="module")
def asyncapi_schema():
    if not SPECS.exists():
        pytest.fail(f"{SPECS} is missing: `make install-dev` installs @asyncapi/specs from npm")
    return json.loads(SPECS.read_text(encoding="utf-8"))


def test_catalogue_is_a_valid_asyncapi_3_document(asyncapi_schema):
    validator = jsonschema.validators.validator_for(asyncapi_schema)(asyncapi_schema)

    errors = [e.message for e in validator.iter_errors(build())]

    assert errors == []


def test_catalogue_validation_catches_a_broken_document(asyncapi_schema):
    validator = jsonschema.validators.validator_for(asyncapi_schema)(asyncapi_schema)
    document = build()
    next(iter(document["operations"].values()))["action"] = "publish"  # AsyncAPI 2 wording

    assert list(validator.iter_errors(document)) != []


def test_catalogue_has_a_channel_a_send_and_a_receive_per_consumer_for_every_event():
    document = build()

    assert set(document["channels"]) == set(CATALOGUE)
    assert set(document["operations"]) == {f"{c.producer}.send.{c.type}" for c in CATALOGUE.values()} | {
        f"{consumer}.receive.{c.type}" for c in CATALOGUE.values() for consumer in c.consumers}


def test_catalogue_examples_satisfy_their_own_schemas():
    dumped = {t: c.dump(c.example) for t, c in CATALOGUE.items()}

    assert dumped == {t: c.example for t, c in CATALOGUE.items()}


@pytest.mark.parametrize("service", SERVICES)
def test_every_event_a_service_emits_is_in_the_catalogue_as_its_own(service):
    emitted = emitted_types(service)

    assert emitted <= set(CATALOGUE)
    assert {t for t in emitted if CATALOGUE[t].producer != service} == set()
    assert {t for t, c in CATALOGUE.items() if c.producer == service} <= emitted


@pytest.mark.parametrize("service", SERVICES)
def test_every_event_a_service_handles_is_in_the_catalogue_with_it_as_consumer(service):
    handled = consumed_types(service_classes()[service])

    assert handled == {t for t, c in CATALOGUE.items() if service in c.consumers}
