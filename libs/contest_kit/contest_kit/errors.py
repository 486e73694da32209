"""Errors every service raises and the gateway maps to HTTP statuses once.

Registered with nameko's `deserialize_to_instance` so that an error raised in
a service arrives at the gateway as the same class with the same arguments
(field-level messages included), not as an opaque RemoteError.
"""
from nameko.exceptions import deserialize_to_instance


class ContestError(Exception):
    """Base of the errors a command may raise on purpose.

    `message` and `fields` are already in the caller's language (contest_kit.i18n). `codes`
    gives, for a field, the stable codes of its refusals (`{"unit.uscc": ["uscc-check"]}`), which
    a client or a station's own system can test without reading any language.
    """

    status = 400
    headers = {}

    def __init__(self, message="", fields=None, codes=None):
        super().__init__(message, fields or {}, codes or {})
        self.message = str(message)
        self.fields = fields or {}
        self.codes = codes or {}

    def __str__(self):
        # Logs and nameko's serialised "value" show the message, not the args tuple.
        return self.message

    def to_dict(self):
        body = {"error": type(self).__name__, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        if self.codes:
            body["codes"] = self.codes
        return body


@deserialize_to_instance
class ValidationFailed(ContestError):
    status = 400


@deserialize_to_instance
class Unauthenticated(ContestError):
    status = 401


@deserialize_to_instance
class Forbidden(ContestError):
    status = 403


@deserialize_to_instance
class NotFound(ContestError):
    status = 404


@deserialize_to_instance
class Conflict(ContestError):
    status = 409


@deserialize_to_instance
class IdempotencyConflict(ContestError):
    """An Idempotency-Key sent again with a different request (IETF idempotency-key draft)."""

    status = 422


class TooManyRequests(ContestError):
    """Raised by the gateway only (login throttling); carries Retry-After."""

    status = 429

    def __init__(self, message="", fields=None, retry_after=60):
        super().__init__(message, fields)
        self.headers = {"Retry-After": str(int(retry_after))}


class MethodNotAllowed(ContestError):
    """Raised by the gateway only: the path exists, the method does not; carries Allow."""

    status = 405

    def __init__(self, message="", fields=None, allowed=()):
        super().__init__(message, fields)
        self.headers = {"Allow": ", ".join(sorted(allowed))}


class Unavailable(ContestError):
    """Raised by the gateway only: the broker cannot be reached; worth retrying."""

    status = 503
    headers = {"Retry-After": "5"}


EXPECTED = (ValidationFailed, Unauthenticated, Forbidden, NotFound, Conflict, IdempotencyConflict)
