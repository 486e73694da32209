"""Outbox → relay → RabbitMQ → consumer inbox, in two real nameko containers."""
import pytest
from kombu import Connection
from nameko.rpc import rpc
from nameko.testing.services import entrypoint_hook, entrypoint_waiter
from sqlalchemy import String, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_contracts.events import SUBMISSION_RECEIVED
from contest_kit.consumer import consumes
from contest_kit.db import Database, Store, TenantScoped, make_engine, session_factory
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelayRunner
from contest_kit.tables import InboxEntry, KitBase, OutboxEvent
from contest_kit.testing import wait_until

NINGBO = "2023-ningbo"


class ReviewBase(DeclarativeBase):
    pass


class Submission(TenantScoped, ReviewBase):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


class RegistrationService:
    name = "registration"
    db = Database()
    relay = OutboxRelayRunner(poll_interval=0.05)

    @rpc
    def submit(self, payload):
        with self.db.session(tenant=NINGBO) as session:
            envelope = emit(session, SUBMISSION_RECEIVED, tenant=NINGBO, payload=payload,
                            correlation_id="corr-svc", producer=self.name)
        return envelope.event_id


class ReviewService:
    name = "review"
    db = Database()

    @consumes(SUBMISSION_RECEIVED)
    def on_submission(self, change, event):
        change.session.add(Submission(title=event.payload["title"]))


def _store(url, *bases):
    engine = make_engine(url)
    for base in bases:
        base.metadata.create_all(engine)
    return Store(session_factory(engine))


@pytest.fixture
def stores(tmp_path, db_url):
    """Registration on SQLite, review on SQLite or PostgreSQL: one database each, tables made."""
    registration = _store(f"sqlite:///{tmp_path}/registration.db", KitBase)
    review = _store(db_url, KitBase, ReviewBase)
    yield registration, review
    registration.engine.dispose()
    review.engine.dispose()


def _config(rabbit_config, store):
    return {"AMQP_URI": rabbit_config["AMQP_URI"], "DB_URL": store.engine.url.render_as_string(False),
            "DB_AUTO_MIGRATE": False}


def _all_sent(store):
    with store.session() as session:
        return session.scalar(select(OutboxEvent.id).where(OutboxEvent.sent_at.is_(None)).limit(1)) is None


def test_event_emitted_by_a_command_is_applied_once_by_its_consumer(container_factory, rabbit_config,
                                                                    stores, payloads):
    registration_store, review_store = stores
    review = container_factory(ReviewService, _config(rabbit_config, review_store))
    review.start()
    registration = container_factory(RegistrationService, _config(rabbit_config, registration_store))
    registration.start()

    with entrypoint_waiter(review, "on_submission", timeout=10) as first:
        with entrypoint_hook(registration, "submit") as submit:
            event_id = submit(payloads["submission-received"])
    # A relay that crashed after publishing but before marking the row sends it again. (Review can
    # apply the event before the relay has collected its confirm and marked the row: wait for the
    # mark, or it would land after the reset below and nothing would be sent again.)
    wait_until(lambda: _all_sent(registration_store))
    with entrypoint_waiter(review, "on_submission", timeout=10) as redelivered:
        with registration_store.session() as session:
            session.execute(update(OutboxEvent).values(sent_at=None))

    assert (first.get(), redelivered.get()) == ("applied", "duplicate")
    with review_store.session(all_tenants=True) as session:
        assert [(s.tenant, s.title) for s in session.scalars(select(Submission))] == [(NINGBO, "Lens sorter")]
        assert [(e.event_id, e.consumer) for e in session.scalars(select(InboxEntry))] == [
            (event_id, "review.on_submission")]


class RelayOnly:
    """A process that only relays an outbox others write to: it declares no Database dependency."""

    name = "registration"
    relay = OutboxRelayRunner(poll_interval=0.05)


def test_a_service_with_a_relay_and_no_database_dependency_starts_and_relays(container_factory, rabbit_config,
                                                                             stores, payloads):
    from contest_kit.testing import EventTap
    registration_store, _review_store = stores
    tap = EventTap(rabbit_config["AMQP_URI"], "registration")
    container = container_factory(RelayOnly, _config(rabbit_config, registration_store))
    container.start()

    with registration_store.session(tenant=NINGBO) as session:
        envelope = emit(session, SUBMISSION_RECEIVED, tenant=NINGBO, payload=payloads["submission-received"],
                        correlation_id="corr-relay-only", producer="registration")
    [received] = tap.take(1)
    tap.close()

    assert received["event_id"] == envelope.event_id


class BatchingReview:
    name = "review"
    db = Database()

    @consumes(SUBMISSION_RECEIVED, batch=20)
    def on_submission(self, change, event):
        change.session.add(Submission(title=event.payload["title"]))


def test_a_burst_of_events_is_taken_in_batches_each_applied_once_and_acknowledged(
        container_factory, rabbit_config, stores, payloads, monkeypatch):
    import contest_kit.consumer
    from contest_kit.envelope import Envelope
    from contest_kit.testing import publish, wait_until
    _registration_store, review_store = stores
    batches = []
    real = contest_kit.consumer.handle_batch
    monkeypatch.setattr(contest_kit.consumer, "handle_batch",
                        lambda store, service, fn, contract, bodies: batches.append(len(bodies))
                        or real(store, service, fn, contract, bodies))
    review = container_factory(BatchingReview, _config(rabbit_config, review_store))
    review.start()
    bodies = [Envelope(type="submission-received", tenant=NINGBO, correlation_id=f"burst-{n}",
                       payload={**payloads["submission-received"], "title": f"T{n}"}).to_message()
              for n in range(60)]

    for body in bodies:
        publish(rabbit_config["AMQP_URI"], "registration", "submission-received", body)

    def applied():
        with review_store.session(all_tenants=True) as session:
            return len(session.scalars(select(Submission)).all()) == 60
    wait_until(applied, timeout=20)
    review.stop()  # every acknowledgement sent: nothing is left on the queue
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        _name, waiting, _consumers = connection.default_channel.queue_declare(
            "evt-registration-submission-received--review.on_submission", passive=True)

    assert sum(batches) == 60
    assert len(batches) < 60
    assert max(batches) <= 20
    assert waiting == 0
    with review_store.session(all_tenants=True) as session:
        assert len(session.scalars(select(InboxEntry)).all()) == 60
