"""The OpenAPI document, derived from the route table: every route, its rule, its limits."""
import pytest
from openapi_spec_validator import validate

from gateway import openapi
from gateway.exports import XLSX
from gateway.routes import ROUTES
from gateway.routes.table import PUBLIC


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


@pytest.fixture(scope="module")
def document():
    return openapi.build()


def _operations(document):
    return {(method.upper(), path): operation for path, item in document["paths"].items()
            for method, operation in item.items()}


def _schema(document, name):
    return document["components"]["schemas"][name]


def test_served_document_is_valid_openapi_3(gateway):
    response = gateway.call("GET", "/api/openapi.json")

    served = response.json()
    assert (response.status_code, response.headers["Content-Type"]) == (
        200, "application/json; charset=utf-8")
    assert served["openapi"].startswith("3.")
    validate(served)  # raises OpenAPIValidationError when invalid


def test_every_route_is_documented_with_its_method_and_name(document):
    documented = {key: operation["operationId"] for key, operation in _operations(document).items()}

    assert documented == {(route.method, route.path): route.name for route in ROUTES}


def test_protected_operations_require_a_bearer_token_and_public_ones_do_not(document):
    security = {op["operationId"]: op.get("security") for op in _operations(document).values()}

    assert security == {route.name: None if route.roles == PUBLIC else [{"bearer": []}] for route in ROUTES}


def test_served_document_gives_score_bounds_as_plain_numbers(gateway):
    document = gateway.call("GET", "/api/openapi.json").json()

    technical = document["components"]["schemas"]["Scores"]["properties"]["technical"]
    assert (technical["type"], technical["minimum"], technical["maximum"], technical["multipleOf"]) == (
        "number", 0, 100, 0.01)


def test_document_states_the_length_limits_the_server_enforces(document):
    team, unit = _schema(document, "TeamForm")["properties"], _schema(document, "Unit")["properties"]
    submission = _schema(document, "SubmissionForm")["properties"]

    limits = [(field["minLength"], field["maxLength"])
              for field in (team["name"], unit["uscc"], submission["summary"])]

    assert limits == [(2, 100), (18, 18), (1, 5000)]


def test_document_bounds_every_integer_a_client_sends(document):
    unit = _schema(document, "Unit")["properties"]

    assert [(unit[f]["minimum"], unit[f]["maximum"]) for f in ("staff", "revenue_cny")] == [
        (0, 10_000_000), (0, 10**14)]


def test_every_operation_takes_lang_from_its_enum_only(document):
    langs = {op["operationId"]: [p["schema"]["enum"] for p in op["parameters"] if p["name"] == "lang"]
             for op in _operations(document).values()}

    assert langs == {route.name: [["zh-CN", "en"]] for route in ROUTES}


def test_the_audit_record_is_documented_as_json_and_as_excel(document):
    read_audit = _operations(document)[("GET", "/api/tenants/{tenant}/audit/{service}")]

    assert sorted(read_audit["responses"]["200"]["content"]) == sorted(["application/json", XLSX])


def test_every_operation_documents_the_errors_it_can_answer(document):
    codes = {op["operationId"]: sorted(op["responses"]) for op in _operations(document).values()}

    assert {name: {"400", "401", "404", "405", "422", "429", "500", "502", "503", "504"} <= set(found)
            for name, found in codes.items()} == {route.name: True for route in ROUTES}
