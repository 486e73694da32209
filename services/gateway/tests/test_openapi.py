"""The OpenAPI document describes exactly the gateway's public routes."""
import re

import pytest
from openapi_spec_validator import validate

from gateway import openapi
from gateway.domain.routes import ACCESS

UNDOCUMENTED = {"/health", "/metrics", "/", "/api/openapi.json", "/api/asyncapi.json"}


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def _openapi_path(rule):
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def _operations(document):
    return {(method.upper(), path): operation for path, item in document["paths"].items()
            for method, operation in item.items()}


def test_served_document_is_valid_openapi_3(gateway):
    response = gateway.call("GET", "/api/openapi.json")

    document = response.json()
    assert (response.status_code, response.headers["Content-Type"]) == (
        200, "application/json; charset=utf-8")
    assert document["openapi"].startswith("3.")
    validate(document)  # raises OpenAPIValidationError when invalid


def test_every_public_http_route_is_documented_with_its_method(gateway_routes):
    routes = {(r.method, _openapi_path(r.url)) for r in gateway_routes if r.url not in UNDOCUMENTED}

    documented = set(_operations(openapi.build()))

    assert documented == routes


def test_every_operation_id_names_its_handler_route_in_the_access_table(gateway_routes):
    handler_routes = {(r.method, _openapi_path(r.url)): r.route for r in gateway_routes}

    operation_ids = {key: op["operationId"] for key, op in _operations(openapi.build()).items()}

    assert set(operation_ids.values()) <= set(ACCESS)
    assert operation_ids == {key: handler_routes[key] for key in operation_ids}


def test_protected_operations_require_a_bearer_token_and_public_ones_do_not(gateway_routes):
    operations = _operations(openapi.build()).values()

    security = {op["operationId"]: op.get("security") for op in operations}

    assert security == {route: None if allowed is None else [{"bearer": []}]
                        for route, allowed in ACCESS.items()}


def test_served_document_gives_score_bounds_as_plain_numbers(gateway):
    document = gateway.call("GET", "/api/openapi.json").json()

    technical = document["components"]["schemas"]["ScoreSheetRequest"]["properties"]["technical"]
    assert (technical["minimum"], technical["maximum"]) == (0, 100)
