"""Bad input is refused with 400 and a message per field, never a 500, and never reaches a service."""
import json

import pytest

from gateway.web import MAX_JSON_BYTES


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def _refused(message, fields):
    return 400, {"error": "ValidationFailed", "message": message, "fields": fields}


def test_bodies_that_are_not_a_json_object_are_400(gateway):
    bodies = {
        "empty": b"",
        "not JSON": b"{",
        "array": b"[1, 2]",
        "string": b'"Blue Lantern"',
        "null": b"null",
        "nested too deeply": b'{"name": ' + b"[" * 100_000,
        "too large": b'{"name": "' + b"x" * MAX_JSON_BYTES + b'"}',
    }

    outcomes = {case: gateway.call("POST", "/api/tenants/2023-ningbo/teams", role="applicant", data=body,
                                   headers={"Content-Type": "application/json"})
                for case, body in bodies.items()}

    not_an_object = _refused("request body must be a JSON object", {"_schema": ["expected an object"]})
    assert {case: (r.status_code, r.json()) for case, r in outcomes.items()} == {
        "empty": _refused("request body required", {"_schema": ["send a JSON object"]}),
        "not JSON": _refused("request body is not JSON", {
            "_schema": ["Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"]}),
        "array": not_an_object,
        "string": not_an_object,
        "null": not_an_object,
        "nested too deeply": _refused("request body is not JSON", {"_schema": ["nested too deeply"]}),
        "too large": _refused("request body too large", {"_schema": [f"at most {MAX_JSON_BYTES} bytes"]}),
    }
    assert gateway.downstream.calls == []


def test_text_no_database_can_store_is_400_on_its_field(gateway):
    # Written with JSON escapes, as a client can: a NUL character and a lone surrogate.
    body = ('{"name": "Blue\\u0000Lantern", "track": "hardware", "unit": {"name": "\\ud800", "uscc": "x", '
            '"kind": "software", "staff": 1, "revenue_cny": 1}, "contact": {"name": "Li", '
            '"email": "li@example.com"}, "representatives": [{"name": "ok"}, {"name": "\\udfff"}]}')

    response = gateway.call("POST", "/api/tenants/2023-ningbo/teams", role="applicant", data=body.encode())

    invalid = ["contains NUL or invalid Unicode"]
    assert (response.status_code, response.json()) == _refused("invalid text", {
        "name": invalid, "representatives.1.name": invalid, "unit.name": invalid})
    assert gateway.downstream.calls == []


def test_lone_surrogate_in_a_password_is_400_not_500(gateway):
    response = gateway.call("POST", "/api/auth/token",
                            data=b'{"username": "applicant-1", "password": "\\ud800"}')

    assert (response.status_code, response.json()) == _refused(
        "invalid text", {"password": ["contains NUL or invalid Unicode"]})


def test_missing_and_mistyped_fields_are_400_with_dotted_field_names(gateway):
    requests_ = {
        "register_team, nothing": ("register_team", {}),
        "register_team, wrong types": ("register_team", {
            "name": "Blue Lantern", "track": "hardware",
            "unit": {"name": "Ningbo Optics Ltd", "uscc": 913302, "kind": "bank", "staff": "many",
                     "revenue_cny": -1},
            "contact": {"name": "Li Wei", "email": "not an address"},
            "representatives": [{"name": 5}], "role": "operator"}),
        "register_team, objects of the wrong shape": ("register_team", {
            "name": "Blue Lantern", "track": "hardware", "unit": "Ningbo Optics Ltd", "contact": [],
            "representatives": "Li Wei"}),
        "submit_project": ("submit_project", {"title": "x", "summary": 42}),
        "submit_score_sheet": ("submit_score_sheet", {"technical": "high", "application": 101,
                                                      "commercial": 70, "defence": True}),
        # 99.995 was once rounded to 100.00 and "88" taken as 88: neither is what the expert sent
        "submit_score_sheet, text and off the step": ("submit_score_sheet", {
            "technical": "88", "application": 99.995, "commercial": 70, "defence": 70.5}),
        "create_account": ("create_account", {"username": "A", "password": "short", "email": 3,
                                              "display_name": ""}),
        "create_token": ("create_token", {"username": ["applicant-1"], "password": None}),
    }
    roles = {"register_team": "applicant", "submit_project": "applicant", "submit_score_sheet": "expert"}

    outcomes = {case: gateway.send(route, role=roles.get(route), json=body)
                for case, (route, body) in requests_.items()}

    missing = ["Missing data for required field."]
    assert {case: (r.status_code, r.json()) for case, r in outcomes.items()} == {
        "register_team, nothing": _refused("invalid input", {
            "name": missing, "track": missing, "unit": missing, "contact": missing}),
        "register_team, wrong types": _refused("invalid input", {
            "unit.uscc": ["Not a valid string."],
            "unit.kind": ["Must be one of: software, industrial, university, other."],
            "unit.staff": ["Not a valid integer."],
            "unit.revenue_cny": [
                "Must be greater than or equal to 0 and less than or equal to 100000000000000."],
            "contact.email": ["Not a valid email address."],
            "representatives.0.name": ["Not a valid string."],
            "role": ["Unknown field."]}),
        "register_team, objects of the wrong shape": _refused("invalid input", {
            "unit._schema": ["Invalid input type."], "contact._schema": ["Invalid input type."],
            "representatives": ["Not a valid list."]}),
        "submit_project": _refused("invalid input", {
            "title": ["Length must be between 2 and 200."], "summary": ["Not a valid string."]}),
        "submit_score_sheet": _refused("invalid input", {
            "technical": ["Not a valid number."],
            "application": ["Must be greater than or equal to 0 and less than or equal to 100."],
            "defence": ["Not a valid number."]}),
        "submit_score_sheet, text and off the step": _refused("invalid input", {
            "technical": ["Not a valid number."], "application": ["Must be a multiple of 0.01."]}),
        "create_account": _refused("invalid input", {
            "username": ["3-64 lower-case letters, digits, . _ -"],
            "password": ["Length must be between 10 and 128."],
            "email": ["Not a valid email address."],
            "display_name": ["Length must be between 1 and 100."]}),
        "create_token": _refused("invalid input", {
            "username": ["Not a valid string."], "password": ["Field may not be null."]}),
    }
    assert gateway.downstream.calls == []


def test_bad_query_and_header_values_are_400_on_their_name(gateway):
    outcomes = {
        "review status": gateway.call("GET", "/api/tenants/2023-ningbo/reviews?status=lost", role="expert"),
        "short Idempotency-Key": gateway.send("submit_project", role="applicant",
                                              headers={"Idempotency-Key": "abc"}),
    }

    assert {case: (r.status_code, r.json()) for case, r in outcomes.items()} == {
        "review status": _refused("invalid input", {
            "status": ["Must be one of: awaiting, completed, superseded, withdrawn."]}),
        "short Idempotency-Key": _refused("bad Idempotency-Key", {"Idempotency-Key": ["8-64 characters"]}),
    }
    assert gateway.downstream.calls == []


def test_json_sent_in_chunks_is_read_whole(gateway):
    body = json.dumps({"title": "Lens sorter", "summary": "Sorts lenses by defect."}).encode()

    response = gateway.call("POST", "/api/tenants/2023-ningbo/teams/team-1/submissions", role="applicant",
                            data=iter([body[:10], body[10:]]))

    assert response.status_code == 201
    assert [c.kwargs for c in gateway.downstream.calls] == [
        {"tenant": "2023-ningbo", "team_id": "team-1", "request_id": None,
         "data": {"title": "Lens sorter", "summary": "Sorts lenses by defect."}}]


def test_integers_beyond_what_the_database_stores_are_400_not_a_service_failure(gateway):
    unit = {"name": "Ningbo Optics Ltd", "uscc": "91330200MA2AAAAA1X", "kind": "software",
            "staff": 2**63, "revenue_cny": 10**30}
    body = {"name": "Blue Lantern", "track": "quality", "unit": unit,
            "contact": {"name": "Li Wei", "email": "li.wei@example.com"}}

    response = gateway.send("register_team", role="applicant", json=body)

    assert (response.status_code, response.json()) == _refused("invalid input", {
        "unit.staff": ["Must be greater than or equal to 0 and less than or equal to 10000000."],
        "unit.revenue_cny": [
            "Must be greater than or equal to 0 and less than or equal to 100000000000000."]})
    assert gateway.downstream.calls == []


@pytest.mark.parametrize(("unit", "team", "refused"), [
    ({"staff": 300.99}, {}, {"unit.staff": ["Not a valid integer."]}),  # marshmallow cut it to 300
    ({"staff": "301"}, {}, {"unit.staff": ["Not a valid integer."]}),
    ({"staff": True}, {}, {"unit.staff": ["Not a valid integer."]}),
    ({"revenue_cny": 1.5}, {}, {"unit.revenue_cny": ["Not a valid integer."]}),
    ({"central_soe": "on"}, {}, {"unit.central_soe": ["Not a valid boolean."]}),
    ({"central_soe": 1}, {}, {"unit.central_soe": ["Not a valid boolean."]}),
    ({}, {"name": "   "}, {"name": ["May not be blank."]}),
    ({}, {"name": "\u200b\u200b\u200b"}, {"name": ["Contains control or invisible characters."]}),
    ({}, {"name": "Blue\u202eLantern"}, {"name": ["Contains control or invisible characters."]}),
    ({"name": "\u2066Ningbo Optics\u2069"}, {}, {"unit.name": ["Contains control or invisible characters."]}),
])
def test_what_was_taken_by_coercion_or_invisibly_is_400_on_its_field(gateway, unit, team, refused):
    body = {"name": "Blue Lantern", "track": "quality",
            "unit": {"name": "Ningbo Optics Ltd", "uscc": "91330200MA2AAAAA1X", "kind": "software",
                     "staff": 300, "revenue_cny": 1, **unit},
            "contact": {"name": "Li Wei", "email": "li.wei@example.com"}, **team}

    response = gateway.send("register_team", role="applicant", json=body)

    assert (response.status_code, response.json()) == _refused("invalid input", refused)
    assert gateway.downstream.calls == []


@pytest.mark.parametrize("field,value", [
    ("filename", "a\x00b.pdf"), ("filename", "a" * 5000), ("filename", "\u202egpj.exe"),
    ("size", 1934.5), ("size", "1934"), ("size", 9 * 1024**3), ("sha256", "D3E0"), ("kind", "poster")])
def test_a_malformed_upload_announcement_is_400_on_its_field(gateway, field, value):
    body = {**gateway.valid_body("request_upload"), field: value}

    response = gateway.send("request_upload", role="applicant", json=body)

    assert (response.status_code, list(response.json()["fields"])) == (400, [field]), response.text
    assert gateway.downstream.calls == []
