"""Notify's state changes: every team-facing event becomes an inbox message, mailed later."""
import json
import uuid

from sqlalchemy import select

from contest_kit.db import wake_after_commit
from notify.models import Message, Recipient

MAIL = "mail"  # the mailer's waker (contest_kit.db.Store.when_committed)


def register_recipient(change, event):
    """A registered team's contact becomes a recipient (or is updated), then is told.

    Emits nothing; records nothing.
    """
    p = event.payload
    recipient = change.session.scalar(select(Recipient).where(Recipient.team_id == p["team_id"]))
    if recipient is None:
        recipient = Recipient(tenant=event.tenant, team_id=p["team_id"])
        change.session.add(recipient)
    recipient.owner_id, recipient.name = p["owner_id"], p["contact_name"]
    recipient.email, recipient.locale = p["contact_email"], p["locale"]
    tell(change, event)


def tell(change, event):
    """The event becomes a message in the team's inbox; the mailer sends it once its address is known.

    Emits nothing (the mailer emits notification-delivered once the mail is accepted); records nothing.
    """
    params = json.loads(json.dumps(event.payload, default=str))  # Decimals as text
    change.session.add(Message(tenant=event.tenant, team_id=params["team_id"], event_id=event.event_id,
                               cause=event.type, correlation_id=event.correlation_id, params=params))
    wake_after_commit(change.session, MAIL)


def tell_each(change, event, members="teams"):
    """An event that names several teams (teams-advanced) becomes a message to each, with the event's
    facts and the team's own (its rank, its score).

    Each message's event id is derived from the event's and the team's (uuid5), so that the one
    message per event that the messages table keeps holds per team. Emits nothing; records nothing.
    """
    common = json.loads(json.dumps({k: v for k, v in event.payload.items() if k != members}, default=str))
    for member in event.payload[members]:
        params = {**common, **json.loads(json.dumps(member, default=str))}
        change.session.add(Message(
            tenant=event.tenant, team_id=member["team_id"], cause=event.type, params=params,
            event_id=str(uuid.uuid5(uuid.UUID(event.event_id), member["team_id"])),
            correlation_id=event.correlation_id))
    wake_after_commit(change.session, MAIL)
