"""Mails inbox messages whose team has an address, through the configured SMTP server.

A message is marked mailed only after the server accepted it; a crash in
between can only resend it, with the same Message-ID so mail clients can
tell. Messages wait here until their team's address is known, whatever order
events arrived in.
"""
import logging
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import select

from contest_kit.db import session_factory
from contest_kit.relay import PollingLoop
from notify.domain.templates import render
from notify.models import Message, Recipient

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


class MailRefused(RuntimeError):
    pass


class Mailer(PollingLoop):
    identifier = "mailer"

    def __init__(self, poll_interval=1.0, batch_size=50):
        super().__init__(poll_interval)
        self.batch_size = batch_size

    def prepare(self):
        config = self.container.config
        self.sessions = session_factory(self.database().engine)
        self.smtp_host = config.get("SMTP_HOST", "127.0.0.1")
        self.smtp_port = int(config.get("SMTP_PORT", 8025))
        self.sender = config.get("MAIL_FROM", "noreply@contest.local")

    def work_once(self):
        with self.sessions() as session:
            session.info["all_tenants"] = True  # the mailer serves every tenant's outbox
            rows = session.execute(
                select(Message, Recipient)
                .join(Recipient, (Recipient.team_id == Message.team_id)
                      & (Recipient.tenant == Message.tenant))
                .where(Message.mailed_at.is_(None), Message.mail_attempts < MAX_ATTEMPTS)
                .order_by(Message.created_at).limit(self.batch_size)).all()
            if not rows:
                return 0
            sent = 0
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=30) as smtp:
                for message, recipient in rows:
                    message.mail_attempts += 1
                    try:
                        smtp.send_message(self._compose(message, recipient))
                    except smtplib.SMTPServerDisconnected as exc:
                        message.mail_error = str(exc)[:500]
                        break  # the rest wait for the next round and a new connection
                    except smtplib.SMTPException as exc:
                        message.mail_error = str(exc)[:500]
                        log.warning("mail to %s failed: %s", recipient.email, exc)
                        continue
                    message.mailed_at = datetime.now(UTC)
                    message.mail_error = None
                    sent += 1
                    session.commit()  # what the server accepted is never sent again
            session.commit()
            if sent == 0:
                # The server refuses everything: back off instead of burning every attempt at once.
                raise MailRefused(f"the SMTP server accepted none of {len(rows)} mails")
            return sent

    def _compose(self, message, recipient):
        subject, body = render(message.cause, message.params, recipient.locale)
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = recipient.email
        mail["Subject"] = subject
        mail["Message-ID"] = f"<{message.id}@contest.local>"
        mail["Date"] = format_datetime(message.created_at)
        mail["X-Contest-Tenant"] = message.tenant
        mail["X-Contest-Event"] = message.event_id
        mail.set_content(body)
        return mail
