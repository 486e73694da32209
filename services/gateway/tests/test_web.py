"""The gateway's HTTP plumbing, without a server: reading bodies and loading them field by field."""
import pytest
from werkzeug.test import EnvironBuilder

from contest_contracts.i18n import use_locale
from contest_contracts.registration import TeamForm
from contest_contracts.review import Scores
from contest_kit.boundary import load_or_refuse
from contest_kit.errors import ValidationFailed
from gateway.web import read_body, read_json


def check(schema, data):
    """What the gateway does with a body: load it with the service's own schema (in English here)."""
    with use_locale("en"):
        return load_or_refuse(schema, data)

REGISTRATION = {
    "name": "Blue Lantern", "track": "hardware",
    "unit": {"name": "Ningbo Optics Ltd", "uscc": "91330200MA2AAAAA1X", "kind": "software", "staff": 40,
             "revenue_cny": 12_000_000},
    "contact": {"name": "Li Wei", "email": "li.wei@example.com"},
    "representatives": [{"name": "Li Wei", "title": "CTO"}],
}


def _request(body, **headers):
    return EnvironBuilder(method="POST", path="/", data=body, headers=headers).get_request()


def _refusal(fn, *args):
    with use_locale("en"), pytest.raises(ValidationFailed) as refused:
        fn(*args)
    return refused.value.message, refused.value.fields


def test_check_returns_the_data_loaded_with_its_defaults():
    loaded = check(TeamForm(), REGISTRATION)

    assert loaded == {**REGISTRATION, "unit": {**REGISTRATION["unit"], "central_soe": False},
                      "contact": {**REGISTRATION["contact"], "locale": "zh-CN"},
                      "representatives": [{"name": "Li Wei", "title": "CTO", "phone": None, "email": None}]}


def test_check_names_nested_fields_with_dots():
    data = {**REGISTRATION, "unit": {**REGISTRATION["unit"], "uscc": 913302, "staff": -1},
            "representatives": [{"name": "Li Wei"}, {"title": "CEO"}]}

    assert _refusal(check, TeamForm(), data) == ("invalid input", {
        "unit.uscc": ["Not a valid string."],
        "unit.staff": ["Must be greater than or equal to 0 and less than or equal to 10000000."],
        "representatives.1.name": ["Missing data for required field."],
    })


def test_check_names_a_nested_object_of_the_wrong_type_by_its_schema():
    assert _refusal(check, TeamForm(), {**REGISTRATION, "contact": "Li Wei"}) == (
        "invalid input", {"contact._schema": ["Invalid input type."]})


def test_check_refuses_scores_out_of_range():
    scores = {"technical": 100.01, "application": -1, "commercial": 50, "defence": 50}

    assert _refusal(check, Scores(), scores) == ("invalid input", {
        "technical": ["Must be greater than or equal to 0 and less than or equal to 100."],
        "application": ["Must be greater than or equal to 0 and less than or equal to 100."],
    })


def test_read_json_returns_the_object():
    assert read_json(_request(b'{"title": "\xe9\x80\x8f\xe9\x95\x9c"}')) == {"title": "透镜"}


@pytest.mark.parametrize(("body", "refusal"), [
    (b"", ("request body required", {"_schema": ["send a JSON object"]})),
    (b"[]", ("request body must be a JSON object", {"_schema": ["expected an object"]})),
    (b"1e5", ("request body must be a JSON object", {"_schema": ["expected an object"]})),
    (b"{'single': 'quotes'}", ("request body is not JSON", {
        "_schema": ["Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"]})),
    (b"[" * 50_000, ("request body is not JSON", {"_schema": ["nested too deeply"]})),
    (b'{"a": {"b": ["ok", "\\u0000"]}}', ("invalid text", {"a.b.1": ["contains NUL or invalid Unicode"]})),
    (b'{"\\ud800": 1}', ("invalid text", {"_schema": ["invalid field name"]})),
])
def test_read_json_refuses_what_is_not_a_storable_json_object(body, refusal):
    assert _refusal(read_json, _request(body)) == refusal


def test_read_json_reads_a_json_body_sent_as_a_form():
    request = _request(b'{"title": "x"}', **{"Content-Type": "application/x-www-form-urlencoded"})

    assert read_json(request) == {"title": "x"}


def test_read_body_refuses_a_declared_length_over_the_limit():
    too_large = ValidationFailed("too large", {"content": ["at most 4 bytes"]})

    assert _refusal(read_body, _request(b"12345"), 4, too_large) == (
        "too large", {"content": ["at most 4 bytes"]})


def test_read_body_takes_a_body_of_exactly_the_limit():
    assert read_body(_request(b"1234"), 4, ValidationFailed("too large")) == b"1234"
