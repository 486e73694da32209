"""Notify's service under test: one container per test, a real SMTP server on loopback per module."""
import email
import email.policy
import socket
import subprocess
import sys

import pytest
from nameko.testing.services import entrypoint_waiter

from contest_kit import testing as bus
from notify.service import NotifyService


class Mailbox:
    """The .eml files the SMTP sink wrote, parsed; tests pick theirs by X-Contest-Event."""

    def __init__(self, directory, port):
        self.directory, self.port = directory, port

    def mails(self, event_ids):
        parsed = (email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                  for path in sorted(self.directory.glob("*.eml")))
        return [mail for mail in parsed if mail["X-Contest-Event"] in event_ids]

    def wait_for(self, event_ids, timeout=10.0):
        """The mails caused by `event_ids`, once there is one for each."""
        def all_arrived():
            found = self.mails(event_ids)
            return found if len(found) >= len(event_ids) else None
        return bus.wait_until(all_arrived, timeout=timeout)


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    """`python -m contest_cli.smtp_sink` on a free loopback port, as `contest up` runs it."""
    directory, port = tmp_path_factory.mktemp("mail"), bus.free_port()
    sink = subprocess.Popen([sys.executable, "-m", "contest_cli.smtp_sink", "--port", str(port),
                             "--dir", str(directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bus.wait_until(lambda: sink.poll() is not None or _accepts(port), timeout=15)
        assert sink.poll() is None, "the SMTP sink exited"
        yield Mailbox(directory, port)
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def _accepts(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def notify(rabbit_config, db_url, mailbox, container_factory):
    """A running notify service mailing through the sink (killed by container_factory at teardown)."""
    container = container_factory(NotifyService, bus.service_config(
        rabbit_config, db_url, SMTP_HOST="127.0.0.1", SMTP_PORT=mailbox.port,
        MAIL_FROM="noreply@contest.test"))
    container.start()
    return container


@pytest.fixture
def rpc(notify):
    """rpc(actor, method, *args): call notify as that actor."""
    return lambda actor, method, *args, **kw: bus.call(notify, method, actor, *args, **kw)


@pytest.fixture
def deliver(notify, rabbit_config):
    """deliver(body): publish the event to its producer's exchange; returns the handler's outcome."""
    handlers = {"team-registered": ("registration", "on_team_registered"),
                "submission-received": ("registration", "on_submission_received")}

    def deliver(body):
        producer, handler = handlers[body["type"]]
        with entrypoint_waiter(notify, handler, timeout=10) as handled:
            bus.publish(rabbit_config["AMQP_URI"], producer, body["type"], body)
        return handled.get()
    return deliver


@pytest.fixture
def wait_until():
    return bus.wait_until


@pytest.fixture
def outcome():
    return bus.outcome


@pytest.fixture
def store(notify):
    return bus.store(notify)
