"""Helpers for the edge of a service: load input or refuse it field by field."""
from marshmallow import ValidationError

from contest_kit.errors import ValidationFailed


def load_or_refuse(schema, data, message="invalid input"):
    """Load `data` with a marshmallow schema; raise ValidationFailed with its field messages."""
    if not isinstance(data, dict):
        raise ValidationFailed(message, {"_schema": ["expected a JSON object"]})
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ValidationFailed(message, _flatten(exc.messages)) from None


def _flatten(messages, prefix=""):
    """{'unit': {'uscc': ['..']}} -> {'unit.uscc': ['..']}: one key per field a form shows."""
    flat = {}
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = [str(m) for m in value] if isinstance(value, list) else [str(value)]
    return flat
