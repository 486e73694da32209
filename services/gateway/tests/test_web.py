"""The gateway's HTTP plumbing, without a server: reading bodies and checking them field by field."""
import pytest
from werkzeug.test import EnvironBuilder

from contest_kit.errors import ValidationFailed
from gateway.schemas import ScoreSheetRequestSchema, TeamRegistrationSchema
from gateway.web import check, read_body, read_json

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
    with pytest.raises(ValidationFailed) as refused:
        fn(*args)
    return refused.value.message, refused.value.fields


def test_check_returns_valid_data_as_sent():
    assert check(TeamRegistrationSchema(), REGISTRATION) is REGISTRATION


def test_check_names_nested_fields_with_dots():
    data = {**REGISTRATION, "unit": {**REGISTRATION["unit"], "uscc": 913302, "staff": -1},
            "representatives": [{"name": "Li Wei"}, {"title": "CEO"}]}

    assert _refusal(check, TeamRegistrationSchema(), data) == ("invalid input", {
        "unit.uscc": ["Not a valid string."],
        "unit.staff": ["Must be greater than or equal to 0."],
        "representatives.1.name": ["Missing data for required field."],
    })


def test_check_names_a_nested_object_of_the_wrong_type_by_its_schema():
    assert _refusal(check, TeamRegistrationSchema(), {**REGISTRATION, "contact": "Li Wei"}) == (
        "invalid input", {"contact._schema": ["Invalid input type."]})


def test_check_refuses_scores_out_of_range():
    scores = {"technical": 100.01, "application": -1, "commercial": 50, "defence": 50}

    assert _refusal(check, ScoreSheetRequestSchema(), scores) == ("invalid input", {
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
    (b'{"a": {"b": ["ok", "\\u0000"]}}', ("invalid text", {
        "a.b.1": ["含有无效字符 (contains NUL or invalid Unicode)"]})),
    (b'{"\\ud800": 1}', ("invalid text", {"_schema": ["字段名无效 (invalid field name)"]})),
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
