"""Errors every service raises and the gateway maps to HTTP statuses once.

Registered with nameko's `deserialize_to_instance` so that an error raised in
a service arrives at the gateway as the same class with the same arguments
(field-level messages included), not as an opaque RemoteError.
"""
from nameko.exceptions import deserialize_to_instance


class ContestError(Exception):
    """Base of the errors a command may raise on purpose."""

    status = 400

    def __init__(self, message="", fields=None):
        super().__init__(message, fields or {})
        self.message = message
        self.fields = fields or {}

    def __str__(self):
        # Logs and nameko's serialised "value" show the message, not the args tuple.
        return self.message

    def to_dict(self):
        body = {"error": type(self).__name__, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
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


EXPECTED = (ValidationFailed, Unauthenticated, Forbidden, NotFound, Conflict)
