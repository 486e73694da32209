"""Schemas as API documents describe them (apispec's marshmallow plugin), with the platform's conventions.

Scores travel as decimal text ("78.85", `fields.Decimal(as_string=True)`), never as binary
floating point; apispec would call them numbers, so the documents say what is really sent.
"""
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields


def _decimal_text(self, field, **kwargs):
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal"}
    return {}


def _step(self, field, **kwargs):
    """A score's step (contest_contracts.fields.Score): 99.995 is refused, and the document says so."""
    step = getattr(field, "step", None)
    return {"multipleOf": float(step)} if isinstance(field, fields.Decimal) and step is not None else {}


def api_spec(title, version, openapi_version="3.0.3", **options):
    """An APISpec with the marshmallow plugin, decimal text described as strings."""
    plugin = MarshmallowPlugin()
    spec = APISpec(title=title, version=version, openapi_version=openapi_version, plugins=[plugin], **options)
    plugin.converter.add_attribute_function(_decimal_text)
    plugin.converter.add_attribute_function(_step)
    return spec
