"""Mails inbox messages whose team has an address, through the configured SMTP server.

A message is marked mailed, and its notification-delivered event written, only after the
server accepted it, in one transaction per round of up to 50 mails; a crash in between can
only resend that round's mails, with the same Message-IDs, so mail clients can tell. Messages
wait here until their team's address is known, whatever order events arrived in.
"""
import base64
import logging
import smtplib
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import select

from contest_contracts.events import NOTIFICATION_DELIVERED
from contest_kit.db import utc_now
from contest_kit.envelope import new_correlation_id
from contest_kit.outbox import emit
from contest_kit.relay import PollingLoop
from notify.handlers import MAIL
from notify.messages import render
from notify.models import Message, Recipient
from notify.settings import NotifySettings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


class MailRefused(RuntimeError):
    pass


class Mailer(PollingLoop):
    identifier = "mailer"

    def __init__(self, poll_interval=5.0, batch_size=50):
        super().__init__(poll_interval)
        self.batch_size = batch_size

    def prepare(self):
        self.settings = NotifySettings.from_config(self.container.config)
        self.database.store.when_committed(MAIL, self.wake)

    def close(self):
        self.database.store.when_committed(MAIL, None)

    def work_once(self):
        with self.database.store.session(all_tenants=True) as session:  # every tenant's messages
            rows = session.execute(
                select(Message, Recipient)
                .join(Recipient, (Recipient.team_id == Message.team_id)
                      & (Recipient.tenant == Message.tenant))
                .where(Message.mailed_at.is_(None), Message.mail_attempts < MAX_ATTEMPTS)
                .order_by(Message.created_at).limit(self.batch_size)).all()
            if not rows:
                return 0
            sent = 0
            with smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=30) as smtp:
                for message, recipient in rows:
                    message.mail_attempts += 1
                    try:
                        mail = self._compose(message, recipient)
                        if isinstance(mail, bytes):
                            smtp.sendmail(self.settings.mail_from, [recipient.email], mail)
                        else:  # a non-ASCII address: smtplib negotiates SMTPUTF8 for it
                            smtp.send_message(mail)
                    except (smtplib.SMTPServerDisconnected, OSError) as exc:
                        message.mail_error = str(exc)[:500]
                        break  # the rest wait for the next round and a new connection
                    except smtplib.SMTPException as exc:
                        message.mail_error = str(exc)[:500]
                        log.warning("mail to %s failed: %s", recipient.email, exc)
                        continue
                    self._delivered(session, message)
                    sent += 1
            # One commit for the round: what the server accepted is marked mailed, so is never
            # sent again, unless this process dies before this line (then its Message-ID, the
            # same, lets mail clients tell the copy).
            session.commit()
            if sent == 0:
                # The server refuses everything: back off instead of burning every attempt at once.
                raise MailRefused(f"the SMTP server accepted none of {len(rows)} mails")
            return sent

    def _delivered(self, session, message):
        message.mailed_at = utc_now()
        message.mail_error = None
        emit(session, NOTIFICATION_DELIVERED, tenant=message.tenant, producer="notify",
             correlation_id=message.correlation_id or new_correlation_id(),
             payload={"message_id": message.id, "team_id": message.team_id, "cause": message.cause,
                      "channels": ["inbox", "email"]})

    def _compose(self, message, recipient):
        """The mail as the bytes SMTP sends: a plain text part in UTF-8, the subject RFC 2047-encoded.

        Written out directly rather than through email.message.EmailMessage, whose header
        registry and generator cost more than everything else a mail needs (py-spy, during a
        burst); an address that is not ASCII still takes that route (an EmailMessage comes back),
        which knows SMTPUTF8.
        """
        subject, body = render(message.cause, message.params, recipient.locale)
        headers = {"From": self.settings.mail_from, "To": recipient.email,
                   "Subject": Header(subject, "utf-8").encode(),
                   "Message-ID": f"<{message.id}@contest.local>", "Date": format_datetime(message.created_at),
                   "X-Contest-Tenant": message.tenant, "X-Contest-Event": message.event_id,
                   "MIME-Version": "1.0", "Content-Type": 'text/plain; charset="utf-8"',
                   "Content-Transfer-Encoding": "base64"}
        try:
            head = "".join(f"{name}: {value}\r\n" for name, value in headers.items()).encode("ascii")
        except UnicodeEncodeError:
            return _with_email_package(headers, subject, body)
        return head + b"\r\n" + base64.encodebytes(body.encode("utf-8")).replace(b"\n", b"\r\n")


def _with_email_package(headers, subject, body):
    mail = EmailMessage()
    for name in ("From", "To", "Message-ID", "Date", "X-Contest-Tenant", "X-Contest-Event"):
        mail[name] = headers[name]
    mail["Subject"] = subject
    mail.set_content(body)
    return mail
