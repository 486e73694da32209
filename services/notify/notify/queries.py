"""What notify answers without changing anything."""
from sqlalchemy import select

from contest_contracts.i18n import current_locale
from contest_contracts.notify import InboxMessage
from contest_contracts.vocabulary import APPLICANT, STAFF
from contest_kit.context import require
from contest_kit.errors import NotFound
from notify.i18n import _
from notify.messages import render
from notify.models import Message, Recipient

MESSAGE = InboxMessage()


def inbox(command, tenant, team_id, locale=None):
    """A team's messages, newest first, in `locale` (default: the caller's): for its own account
    and the tenant's staff. An unknown team, or another's, answers as registration does: 404."""
    actor = require(command.actor)
    if actor.role != APPLICANT:
        require(actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        owner = session.scalar(select(Recipient.owner_id).where(Recipient.team_id == team_id))
        rows = session.scalars(select(Message).where(Message.team_id == team_id)
                               .order_by(Message.created_at.desc(), Message.id)).all()
    # Notify knows a team from its events: a recipient, or messages waiting for one.
    if (owner is None and not rows) or (actor.role == APPLICANT and owner != actor.id):
        raise NotFound(_("no such team"), {"team_id": [_("not found")]})
    locale = locale or current_locale()
    out = []
    for row in rows:
        subject, body = render(row.cause, row.params, locale)
        out.append(MESSAGE.dump({"id": row.id, "cause": row.cause, "subject": subject, "body": body,
                                 "created_at": row.created_at, "mailed": row.mailed_at is not None}))
    return out
