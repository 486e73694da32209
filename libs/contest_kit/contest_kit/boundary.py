"""Helpers for the edge of a service: load input or refuse it field by field, in the caller's language."""
from marshmallow import ValidationError

from contest_contracts.i18n import catalogue as contracts
from contest_kit.errors import ValidationFailed
from contest_kit.i18n import catalogue

_ = catalogue.gettext


def load_or_refuse(schema, data, message=None):
    """Load `data` with a marshmallow schema (instance); raise ValidationFailed with its field messages."""
    if not isinstance(data, dict):
        raise ValidationFailed(message or _("invalid input"), {"_schema": [_("expected a JSON object")]})
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ValidationFailed(message or _("invalid input"), flatten(exc.messages)) from None


def load_arguments(schema, arguments, message=None):
    """An RPC's keyword arguments (a list's page and filters) loaded with its contract schema.

    None stands for not given: the gateway sends every query field, given or not
    (`group=None`), another caller may leave them out; both mean the schema's default.
    """
    return load_or_refuse(schema, {name: value for name, value in arguments.items() if value is not None},
                          message)


def flatten(messages, prefix=""):
    """{'unit': {'uscc': ['..']}} -> {'unit.uscc': ['..']}: one key per field a form shows.

    marshmallow's own messages ("Missing data for required field.") are translated here; the
    contracts' validators already speak the caller's language.
    """
    flat = {}
    if isinstance(messages, list):
        return {prefix or "_schema": [_translate(m) for m in messages]}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten(value, name))
        else:
            flat[name] = [_translate(m) for m in value] if isinstance(value, list) else [_translate(value)]
    return flat


def _translate(message):
    return contracts.gettext(str(message))
