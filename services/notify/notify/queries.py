"""What notify answers without changing anything."""
from sqlalchemy import select

from contest_contracts.i18n import current_locale
from contest_contracts.notify import InboxMessage, InboxQuery
from contest_contracts.vocabulary import APPLICANT, STAFF
from contest_kit.boundary import load_arguments
from contest_kit.context import require
from contest_kit.errors import NotFound
from contest_kit.paging import Keyset
from notify.i18n import _
from notify.messages import render
from notify.models import Message, Recipient

MESSAGE, QUERY = InboxMessage(), InboxQuery()
# Newest first; the id settles messages of the same instant (descending too: one direction
# throughout is one row-value comparison, contest_kit.paging).
ORDER = Keyset(Message.created_at, Message.id, descending=True)


def inbox(command, tenant, team_id, locale=None, **arguments):
    """A page of a team's messages, newest first, in `locale` (default: the caller's): for its own
    account and the tenant's staff; `arguments`: limit, cursor. An unknown team, or another's,
    answers as registration does: 404."""
    actor = require(command.actor)
    if actor.role != APPLICANT:
        require(actor, tenant=tenant, roles=STAFF)
    query = load_arguments(QUERY, arguments)
    locale = locale or current_locale()

    def dump(rows):  # only the page's messages are rendered
        out = []
        for row in rows:
            subject, body = render(row.cause, row.params, locale)
            out.append(MESSAGE.dump({"id": row.id, "cause": row.cause, "subject": subject, "body": body,
                                     "created_at": row.created_at, "mailed": row.mailed_at is not None}))
        return out

    unknown = NotFound(_("no such team"), {"team_id": [_("not found")]})
    with command.read(tenant) as session:
        owner = session.scalar(select(Recipient.owner_id).where(Recipient.team_id == team_id))
        if actor.role == APPLICANT and owner != actor.id:
            raise unknown
        page = ORDER.page(session, select(Message).where(Message.team_id == team_id), limit=query["limit"],
                          cursor=query["cursor"], dump=dump, total=True)
    # Notify knows a team from its events: a recipient, or messages waiting for one.
    if owner is None and not page["total"]:
        raise unknown
    return page
