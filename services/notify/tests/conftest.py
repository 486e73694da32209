"""Notify's service under test: one container per test, a real SMTP server on loopback per module.

The kit's pytest plugin (contest_kit.testing) gives `rpc`, `store`, `deliver` and the rest
from the `service` fixture here.
"""
import email
import email.policy
import socket
import subprocess
import sys

import pytest

from contest_kit.testing import free_port, wait_until
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
        return wait_until(all_arrived, timeout=timeout)


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    """`python -m contest_cli.smtp_sink` on a free loopback port, as `contest up` runs it."""
    directory, port = tmp_path_factory.mktemp("mail"), free_port()
    sink = subprocess.Popen([sys.executable, "-m", "contest_cli.smtp_sink", "--port", str(port),
                             "--dir", str(directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: sink.poll() is not None or _accepts(port), timeout=15)
        assert sink.poll() is None, "the SMTP sink exited"
        yield Mailbox(directory, port)
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def _accepts(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def service(start_service, mailbox):
    """A running notify service mailing through the sink (killed by container_factory at teardown)."""
    return start_service(NotifyService, SMTP_HOST="127.0.0.1", SMTP_PORT=mailbox.port,
                         MAIL_FROM="noreply@contest.test")


@pytest.fixture
def notify(service):
    return service
