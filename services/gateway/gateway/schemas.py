"""The requests and answers only the gateway has: accounts, tokens, tenants, errors."""
from marshmallow import Schema, fields

from contest_contracts.fields import ShanghaiTime, length, matches, text
from gateway.i18n import catalogue

_l = catalogue.lazy


class AccountForm(Schema):
    username = fields.String(required=True, validate=matches(r"^[a-z0-9][a-z0-9_.-]{2,63}$",
                                                             _l("3-64 lower-case letters, digits, . _ -")))
    password = fields.String(required=True, load_only=True, validate=length(10, 128))
    email = fields.Email(required=True, validate=length(max=200))
    display_name = text(1, 100, required=True)


class Account(Schema):
    id = fields.String()
    username = fields.String()
    role = fields.String()
    tenant = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    display_name = fields.String()


class Login(Schema):
    username = fields.String(required=True, validate=length(1, 64))
    password = fields.String(required=True, load_only=True, validate=length(1, 128))


class Token(Schema):
    token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    role = fields.String()
    tenant = fields.String(allow_none=True)


class Tenant(Schema):
    code = fields.String()
    edition = fields.String()
    kind = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    tracks = fields.List(fields.String(), metadata={"description": "the tracks the station runs"})
    registration_closes_at = ShanghaiTime(allow_none=True, metadata={
        "description": "when registration closes at this tenant"})


class Error(Schema):
    error = fields.String(metadata={"description": "error class, e.g. ValidationFailed"})
    message = fields.String()
    field_messages = fields.Dict(data_key="fields", keys=fields.String(), values=fields.List(fields.String()))
    codes = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "field -> the stable codes of its refusals (docs/refusals.md)"})
