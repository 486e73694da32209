import pytest
from nameko.exceptions import deserialize, serialize

from contest_kit.errors import EXPECTED, Conflict, ValidationFailed


def test_validation_failed_survives_nameko_serialisation_with_its_fields():
    error = ValidationFailed("invalid team", {"uscc": ["Length must be 18."], "unit.name": ["Required."]})

    received = deserialize(serialize(error))

    assert type(received) is ValidationFailed
    assert (received.message, received.fields) == (
        "invalid team", {"uscc": ["Length must be 18."], "unit.name": ["Required."]})
    assert received.to_dict() == error.to_dict()


@pytest.mark.parametrize("error_class", EXPECTED)
def test_every_expected_error_survives_nameko_serialisation(error_class):
    received = deserialize(serialize(error_class("nope")))

    assert (type(received), received.message, received.fields) == (error_class, "nope", {})


def test_error_to_dict_leaves_out_empty_fields():
    assert Conflict("already registered").to_dict() == {"error": "Conflict", "message": "already registered"}


def test_error_str_is_its_message():
    assert str(ValidationFailed("invalid team", {"uscc": ["bad"]})) == "invalid team"


def test_error_statuses_are_the_http_ones():
    assert [e.status for e in EXPECTED] == [400, 401, 403, 404, 409, 422]
