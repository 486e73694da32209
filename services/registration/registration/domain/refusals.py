"""A refusal names the field, a stable code a program can test, and a message a person reads.

The codes are listed, with what each means, in docs/refusals.md; they never change once
published, whatever the wording of the message becomes.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    field: str
    code: str
    message: str


class Refusals(list):
    """The refusals of one request, collected rule by rule."""

    def add(self, field, code, message):
        self.append(Refusal(field, code, message))

    def messages(self):
        """field -> messages, as the error's `fields`."""
        found = {}
        for refusal in self:
            found.setdefault(refusal.field, []).append(refusal.message)
        return found

    def codes(self):
        """field -> codes, as the error's `codes`."""
        found = {}
        for refusal in self:
            found.setdefault(refusal.field, []).append(refusal.code)
        return found
