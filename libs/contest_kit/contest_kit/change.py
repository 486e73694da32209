"""One state change: its rows, its audit entry and its event commit together, or none of them.

A command handler gets a `Command` (who calls, for which request, in which service) and
opens a `Change` for a tenant:

    with command.change(tenant) as change:
        team = change.add(Team(...))
        change.record("team.registered", {...})
        change.emit(TEAM_REGISTERED, {...})

`record` appends to the tenant's audit chain and `emit` writes the event to the outbox, in the
transaction of the rows; leaving the block commits all of it, an exception rolls all of it
back. An event consumer gets a Change too (contest_kit.consumer), opened for the event's
tenant with its inbox row. Handlers built on this need no nameko: a test hands them a
Command over any Store.
"""
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest_kit import audit
from contest_kit.context import Actor
from contest_kit.envelope import new_correlation_id
from contest_kit.errors import Conflict, IdempotencyConflict
from contest_kit.i18n import catalogue
from contest_kit.outbox import emit
from contest_kit.tables import IdempotencyRecord

_ = catalogue.gettext


@dataclass(frozen=True)
class Command:
    """What a handler works with: the service's store, who calls, and on behalf of which request."""

    store: object  # contest_kit.db.Store
    service: str
    actor: Actor | None = None
    correlation_id: str = field(default_factory=new_correlation_id)

    @contextmanager
    def change(self, tenant):
        """A transaction for `tenant` that commits on leaving the block (see the module doc)."""
        with self.store.session(tenant=tenant) as session:
            yield Change(session, self, tenant)

    def read(self, tenant=None, all_tenants=False):
        """A session to read with, scoped to `tenant`."""
        return self.store.session(tenant=tenant, all_tenants=all_tenants)


class Change:
    def __init__(self, session, command, tenant):
        self.session = session
        self.command = command
        self.tenant = tenant
        self._key = None

    def add(self, row):
        """Add a row and flush it, so that its generated id is there to record and emit."""
        self.session.add(row)
        self.session.flush()
        return row

    def record(self, action, data):
        """Append `action` with `data` to the tenant's audit chain, in this transaction."""
        return audit.record(self.session, tenant=self.tenant, actor=self.command.actor, action=action,
                            data=data, correlation_id=self.command.correlation_id)

    def emit(self, contract, payload, tenant=None):
        """Write an event of `contract` to the outbox, in this transaction; for the change's tenant,
        or for `tenant` when one change concerns several (an edition's, for each of its stations)."""
        return emit(self.session, contract, tenant=tenant or self.tenant, payload=payload,
                    correlation_id=self.command.correlation_id, producer=self.command.service)

    def replay(self, key, command, request):
        """The answer given earlier to this Idempotency-Key, or None to go on (then `remember`).

        Keys belong to the account that sent them, per tenant. The same key with another
        request is refused (422, as Stripe and the IETF idempotency-key draft do); the same
        key while its first request is still being handled is a 409 to retry.
        """
        if not key:
            return None
        digest = _fingerprint(command, request)
        actor_id = self.command.actor.id if self.command.actor else "system"
        earlier = self.session.scalar(select(IdempotencyRecord).where(
            IdempotencyRecord.tenant == self.tenant, IdempotencyRecord.actor_id == actor_id,
            IdempotencyRecord.key == key))
        if earlier is not None:
            if earlier.command != command or earlier.request_hash != digest:
                raise IdempotencyConflict(
                    _("this Idempotency-Key was sent before with a different request"),
                    {"Idempotency-Key": [_("already used for another request; send a new key")]})
            if earlier.answer is None:
                raise Conflict(_("the first request with this Idempotency-Key is still being handled"))
            return earlier.answer
        self._key = IdempotencyRecord(tenant=self.tenant, actor_id=actor_id, key=key, command=command,
                                      request_hash=digest)
        try:
            self.add(self._key)
        except IntegrityError:
            # Another request with this key got in between the look-up and the insert.
            raise Conflict(_("the first request with this Idempotency-Key is still being handled")) from None
        return None

    def remember(self, answer):
        """Keep `answer` for the key `replay` took (if any); returns it."""
        if self._key is not None:
            self._key.answer = json.loads(json.dumps(answer, default=str))
        return answer


def _fingerprint(command, request):
    canonical = json.dumps({"command": command, "request": request}, sort_keys=True, default=str,
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
