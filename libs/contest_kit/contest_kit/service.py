"""The skeleton every domain service shares, so that its own `service.py` is entrypoints only.

    class ReviewService(ContestService):
        name = "review"

        @rpc
        def submit_score_sheet(self, tenant, project_id, data):
            return handlers.submit_score_sheet(self.command, tenant, project_id, data)

`ContestService` brings the database, the outbox relay, the call context, `/health` and
`/metrics`, and the operators' RPC for parked events and the audit record. `rpc` is nameko's
with the contest's errors expected (they go back to the caller as themselves, not as a
RemoteError logged as a crash). `self.command` is what a handler needs (contest_kit.change).
"""
import json
import os
from datetime import UTC, datetime

from nameko.timer import Timer
from nameko.web.handlers import http
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import select
from werkzeug.wrappers import Response

from contest_contracts.fields import PageQuery
from contest_contracts.vocabulary import STAFF
from contest_kit.audit import entries_for, head_of, page_for, verify
from contest_kit.boundary import load_arguments
from contest_kit.change import Command
from contest_kit.consumer import handle
from contest_kit.context import CallContext, require
from contest_kit.db import Database
from contest_kit.errors import EXPECTED
from contest_kit.relay import OutboxRelayRunner
from contest_kit.replies import ReplyingRpc
from contest_kit.tables import ParkedEvent


def rpc(fn):
    """nameko's `@rpc`, with the contest's errors expected and replies sent as contest_kit.replies
    sends them. Every RPC entrypoint of a service must be declared with it: two kinds of RPC
    consumer in one service would share its queue and take each other's calls."""
    return ReplyingRpc.decorator(expected_exceptions=EXPECTED)(fn)


class SettingTimer(Timer):
    """nameko's timer, firing every `key` seconds of the service's config (`default` without it), so
    that a deployment or a test can set the pace: `@every("FREEZE_CHECK_SECONDS", 10)`."""

    def __init__(self, key, default, **kwargs):
        self.key, self.default = key, default
        super().__init__(interval=default, **kwargs)

    def setup(self):
        self.interval = float(self.container.config.get(self.key, self.default))


every = SettingTimer.decorator


class Observable:
    """`/health` (the database answers) and `/metrics`; needs a `db` dependency and a `name`."""

    @http("GET", "/health")
    def health(self, request):
        try:
            self.db.ping()
        except Exception as exc:  # health must answer, whatever broke
            return _json(503, {"status": "down", "service": self.name, "db": str(exc)[:200]})
        # The pid tells `contest up` that the answer came from the process it started.
        return _json(200, {"status": "ok", "service": self.name, "pid": os.getpid()})

    @http("GET", "/metrics")
    def metrics(self, request):
        return Response(generate_latest(), status=200, content_type=CONTENT_TYPE_LATEST)


def _json(status, body):
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json; charset=utf-8")


class ParkedEvents:
    """RPC for operators: list and replay a service's parked events."""

    @rpc
    def list_parked(self, include_replayed=False):
        with self.db.session(all_tenants=True) as session:
            query = select(ParkedEvent).order_by(ParkedEvent.id)
            if not include_replayed:
                query = query.where(ParkedEvent.replayed_at.is_(None))
            return [{"id": p.id, "consumer": p.consumer, "type": p.type, "event_id": p.event_id,
                     "reason": p.reason, "attempts": p.attempts,
                     "parked_at": p.parked_at.isoformat()} for p in session.scalars(query)]

    @rpc
    def replay_parked(self, parked_id):
        """Run a parked event through its consumer again; returns the new outcome.

        The entry is retired whatever the outcome: if the event is parked again, that wrote a
        fresh entry with the new reason, so it is never listed twice.
        """
        with self.db.session(all_tenants=True) as session:
            parked = session.get(ParkedEvent, parked_id)
            if parked is None or parked.replayed_at is not None:
                return "not-found"
            method = getattr(type(self), parked.consumer.split(".", 1)[1], None)
            if not hasattr(method, "apply"):
                return "not-replayable"  # an undecodable body: nothing to run it through
            body = parked.body
        outcome = handle(self.db, self, method.apply, method.consumed, body)
        with self.db.session(all_tenants=True) as session:
            session.get(ParkedEvent, parked_id).replayed_at = datetime.now(UTC)
        return outcome


_PAGE = PageQuery()


class AuditRecord:
    """RPC: a service's audit record, readable (never writable) by the tenant's staff.

    `audit_entries` answers the whole chain (verifying and exporting need every entry);
    `audit_page` a page of it, as every list is read."""

    @rpc
    def audit_entries(self, tenant):
        """The tenant's chain in order: for its station admins, the committee and operators."""
        require(self.call.actor, tenant=tenant, roles=STAFF)
        with self.db.session(all_tenants=True) as session:
            return entries_for(session, tenant)

    @rpc
    def audit_page(self, tenant, limit=None, cursor=None):
        """A page of the tenant's chain in order (contest_kit.paging), for reading it a page at a time."""
        require(self.call.actor, tenant=tenant, roles=STAFF)
        query = load_arguments(_PAGE, {"limit": limit, "cursor": cursor})
        with self.db.session(all_tenants=True) as session:
            return page_for(session, tenant, limit=query["limit"], cursor=query["cursor"])

    @rpc
    def audit_head(self, tenant):
        """The tenant's last entry's seq and hash (both None for an empty chain): what a public notice
        publishes, so that a chain cut short later shows against it."""
        require(self.call.actor, tenant=tenant, roles=STAFF)
        with self.db.session(all_tenants=True) as session:
            return head_of(session, tenant)

    @rpc
    def audit_verify(self, tenant):
        """Walk the live chain; None when it holds, else the first break as a dict."""
        require(self.call.actor, tenant=tenant, roles=STAFF)
        with self.db.session(all_tenants=True) as session:
            broken = verify(entries_for(session, tenant))
        return None if broken is None else broken.__dict__


class ContestService(Observable, ParkedEvents, AuditRecord):
    """Base of registration, review, ranking and notify."""

    name = None
    db = Database()
    relay = OutboxRelayRunner()
    call = CallContext()

    @property
    def command(self):
        """Who calls and for which request, with the service's store: what handlers take."""
        return Command(self.db, self.name, self.call.actor, self.call.correlation_id)
