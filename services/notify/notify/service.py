"""Notify's nameko entrypoints: every team-facing event becomes an inbox message."""
import json

from nameko.rpc import rpc
from sqlalchemy import select

from contest_kit.audited import AuditRecord
from contest_kit.consumer import ParkedEvents, consumes
from contest_kit.context import CallContext, require
from contest_kit.db import Database
from contest_kit.errors import EXPECTED
from contest_kit.metrics import Observable
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelayRunner
from notify.domain.templates import render
from notify.mailer import Mailer
from notify.models import Message, Recipient
from notify.schemas import InboxMessageSchema

STAFF = ("station_admin", "committee", "operator")


class NotifyService(Observable, ParkedEvents, AuditRecord):
    name = "notify"

    db = Database("notify:migrations")
    relay = OutboxRelayRunner()
    mailer = Mailer()
    call = CallContext()

    @consumes("team-registered")
    def on_team_registered(self, session, event):
        p = event.payload
        recipient = session.scalar(select(Recipient).where(Recipient.team_id == p["team_id"]))
        if recipient is None:
            recipient = Recipient(tenant=event.tenant, team_id=p["team_id"])
            session.add(recipient)
        recipient.owner_id, recipient.name = p["owner_id"], p["contact_name"]
        recipient.email, recipient.locale = p["contact_email"], p["locale"]
        self._tell(session, event)

    @consumes("submission-received")
    def on_submission_received(self, session, event):
        self._tell(session, event)

    @consumes("review-completed")
    def on_review_completed(self, session, event):
        self._tell(session, event)

    @consumes("ranking-updated")
    def on_ranking_updated(self, session, event):
        self._tell(session, event)

    def _tell(self, session, event):
        params = json.loads(json.dumps(event.payload, default=str))  # Decimals as text
        message = Message(tenant=event.tenant, team_id=params["team_id"], event_id=event.event_id,
                          cause=event.type, params=params)
        session.add(message)
        session.flush()
        emit(session, "notification-delivered", tenant=event.tenant, producer=self.name,
             correlation_id=event.correlation_id,
             payload={"message_id": message.id, "team_id": message.team_id, "cause": event.type,
                      "channels": ["inbox", "email"]})

    @rpc(expected_exceptions=EXPECTED)
    def inbox(self, tenant, team_id, locale="zh-CN"):
        """A team's messages, newest first, in `locale`: for its own account and the tenant's staff."""
        actor = require(self.call.actor)
        with self.db.session(tenant=tenant) as session:
            owner = session.scalar(select(Recipient.owner_id).where(Recipient.team_id == team_id))
            if not (actor.role == "applicant" and owner is not None and owner == actor.id):
                require(actor, tenant=tenant, roles=STAFF)
            rows = session.scalars(select(Message).where(Message.team_id == team_id)
                                   .order_by(Message.created_at.desc(), Message.id)).all()
            out = []
            for row in rows:
                subject, body = render(row.cause, row.params, locale)
                out.append(InboxMessageSchema().dump({
                    "id": row.id, "cause": row.cause, "subject": subject, "body": body,
                    "created_at": row.created_at, "mailed": row.mailed_at is not None}))
            return out
