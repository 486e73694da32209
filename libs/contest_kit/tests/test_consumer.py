from types import SimpleNamespace

import eventlet
import pytest
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_contracts.events import SUBMISSION_RECEIVED
from contest_kit.consumer import consumes
from contest_kit.consumer import handle as kit_handle
from contest_kit.db import Store, TenantScoped, make_engine, session_factory
from contest_kit.envelope import Envelope
from contest_kit.service import ParkedEvents
from contest_kit.tables import InboxEntry, KitBase, ParkedEvent

NINGBO = "2023-ningbo"
FAST = (0, 0)


class ReviewBase(DeclarativeBase):
    pass


class Submission(TenantScoped, ReviewBase):
    """The consumer's effect: one row per submission it was told about."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


class Claim(TenantScoped, ReviewBase):
    """A domain table with its own unique `event_id` column, to confuse a sloppy duplicate check."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)


@pytest.fixture
def service(kit_store):
    ReviewBase.metadata.create_all(kit_store.engine)
    return SimpleNamespace(name="review", db=kit_store)


@pytest.fixture
def body(payloads):
    return Envelope(type="submission-received", tenant=NINGBO, payload=payloads["submission-received"],
                    correlation_id="corr-1").to_message()


def handle(service, fn, contract, body, **options):
    """The kit's handle() for a consumer of `contract` in `service`, over the service's store."""
    return kit_handle(service.db, service, fn, contract, body, **options)


def record_submission(service, change, event):
    change.session.add(Submission(title=event.payload["title"]))


class Flaky:
    """An effect that fails its first `failures` calls, then records the submission."""

    def __init__(self, failures):
        self.failures = failures
        self.calls = 0
        self.__name__ = "flaky"

    def __call__(self, service, change, event):
        self.calls += 1
        record_submission(service, change, event)
        change.session.flush()
        if self.calls <= self.failures:
            raise RuntimeError(f"boom {self.calls}")


def _submissions(service):
    with service.db.session(all_tenants=True) as session:
        return [(s.tenant, s.title) for s in session.scalars(select(Submission).order_by(Submission.id))]


def _inbox(service):
    with service.db.session(all_tenants=True) as session:
        return [(e.event_id, e.consumer, e.type, e.tenant)
                for e in session.scalars(select(InboxEntry).order_by(InboxEntry.id))]


def _parked(service):
    with service.db.session(all_tenants=True) as session:
        return [(p.consumer, p.type, p.event_id, p.reason, p.attempts, p.replayed_at is None)
                for p in session.scalars(select(ParkedEvent).order_by(ParkedEvent.id))]


def test_handle_applies_a_valid_event_once_in_its_tenant(service, body):
    outcome = handle(service, record_submission, SUBMISSION_RECEIVED, body)

    assert outcome == "applied"
    assert _submissions(service) == [(NINGBO, "Lens sorter")]
    assert _inbox(service) == [(body["event_id"], "review.record_submission", "submission-received", NINGBO)]
    assert _parked(service) == []


def test_handle_skips_an_event_it_has_applied_before(service, body):
    first = handle(service, record_submission, SUBMISSION_RECEIVED, body)

    second = handle(service, record_submission, SUBMISSION_RECEIVED, dict(body))

    assert (first, second) == ("applied", "duplicate")
    assert _submissions(service) == [(NINGBO, "Lens sorter")]
    assert len(_inbox(service)) == 1


def test_handle_applies_one_event_once_per_consumer(service, body):
    def another_consumer(service, session, event):
        record_submission(service, session, event)

    outcomes = [handle(service, fn, SUBMISSION_RECEIVED, body)
                for fn in (record_submission, another_consumer)]

    assert outcomes == ["applied", "applied"]
    assert _submissions(service) == [(NINGBO, "Lens sorter"), (NINGBO, "Lens sorter")]


def test_handle_parks_an_event_missing_a_payload_field(service, body):
    del body["payload"]["title"]

    outcome = handle(service, record_submission, SUBMISSION_RECEIVED, body)

    assert outcome == "parked"
    assert _parked(service) == [(
        "review.record_submission", "submission-received", body["event_id"],
        "invalid event: {'title': ['Missing data for required field.']}", 0, True)]
    assert _submissions(service) == []
    assert _inbox(service) == []


def test_handle_parks_an_event_of_another_type(service, body):
    body["type"] = "team-registered"

    outcome = handle(service, record_submission, SUBMISSION_RECEIVED, body)

    assert outcome == "parked"
    assert [p[3] for p in _parked(service)] == [
        "invalid event: {'type': ['expected submission-received, got team-registered']}"]
    assert _submissions(service) == []


def test_handle_parks_an_event_of_a_type_the_catalogue_does_not_know(service, body):
    body["type"] = "team-dissolved"

    outcome = handle(service, record_submission, SUBMISSION_RECEIVED, body)

    assert outcome == "parked"
    reason = "invalid event: {'type': ['expected submission-received, got team-dissolved']}"
    assert _parked(service) == [("review.record_submission", "submission-received", body["event_id"],
                                 reason, 0, True)]
    assert _submissions(service) == []


def test_handle_parks_an_unsupported_version(service, body):
    body["version"] = 2

    outcome = handle(service, record_submission, SUBMISSION_RECEIVED, body)

    assert outcome == "parked"
    assert [p[3] for p in _parked(service)] == ["invalid event: {'version': ['unsupported version 2']}"]


@pytest.mark.parametrize("raw", ["not json object", ["a", "list"], None])
def test_handle_parks_a_body_that_is_not_an_object(service, raw):
    outcome = handle(service, record_submission, SUBMISSION_RECEIVED, raw)

    assert outcome == "parked"
    assert _parked(service) == [("review.record_submission", "submission-received", None,
                                 "invalid event: {'_schema': ['an event must be a JSON object']}", 0, True)]
    assert _submissions(service) == []


def test_handle_retries_a_failing_effect_then_parks_it(service, body):
    effect = Flaky(failures=99)

    outcome = handle(service, effect, SUBMISSION_RECEIVED, body, retry_delays=FAST)

    assert outcome == "parked"
    assert effect.calls == len(FAST) + 1
    assert _parked(service) == [("review.flaky", "submission-received", body["event_id"],
                                 "RuntimeError: boom 3", 3, True)]


def test_handle_applies_an_effect_that_fails_once_then_succeeds(service, body):
    effect = Flaky(failures=1)

    outcome = handle(service, effect, SUBMISSION_RECEIVED, body, retry_delays=FAST)

    assert outcome == "applied"
    assert effect.calls == 2
    assert _submissions(service) == [(NINGBO, "Lens sorter")]
    assert [entry[1] for entry in _inbox(service)] == ["review.flaky"]
    assert _parked(service) == []


def test_handle_rolls_back_effect_and_inbox_row_together(service, body):
    effect = Flaky(failures=99)

    handle(service, effect, SUBMISSION_RECEIVED, body, retry_delays=FAST)

    assert _submissions(service) == []
    assert _inbox(service) == []


def test_handle_treats_an_integrity_error_of_the_effect_as_a_failure_not_a_duplicate(service, body, payloads):
    def claim_once(service, change, event):
        change.session.add(Claim(event_id="the-one-claim"))
        change.session.flush()

    other = Envelope(type="submission-received", tenant=NINGBO, payload=payloads["submission-received"],
                     correlation_id="corr-2").to_message()
    first = handle(service, claim_once, SUBMISSION_RECEIVED, body, retry_delays=FAST)

    second = handle(service, claim_once, SUBMISSION_RECEIVED, other, retry_delays=FAST)

    assert (first, second) == ("applied", "parked")
    assert [(p[2], p[4]) for p in _parked(service)] == [(other["event_id"], 3)]
    assert [entry[0] for entry in _inbox(service)] == [body["event_id"]]


def test_handle_applies_an_event_delivered_twice_at_once_only_once(pg_url, body):
    engine = make_engine(pg_url)
    KitBase.metadata.create_all(engine)
    ReviewBase.metadata.create_all(engine)
    service = SimpleNamespace(name="review", db=Store(session_factory(engine)))
    inside = eventlet.event.Event()

    def slow_effect(service, change, event):
        record_submission(service, change, event)
        inside.send()
        eventlet.sleep(0.3)  # the twin checks the inbox now, finds nothing, and inserts

    first = eventlet.spawn(handle, service, slow_effect, SUBMISSION_RECEIVED, body)
    inside.wait()
    twin = eventlet.spawn(handle, service, slow_effect, SUBMISSION_RECEIVED, dict(body))

    outcomes = (first.wait(), twin.wait())
    submissions = _submissions(service)
    engine.dispose()

    assert outcomes == ("applied", "duplicate")
    assert submissions == [(NINGBO, "Lens sorter")]


def test_handle_applies_a_parked_event_after_the_fix_despite_the_earlier_failure(service, body):
    effect = Flaky(failures=3)
    handle(service, effect, SUBMISSION_RECEIVED, body, retry_delays=FAST)

    outcome = handle(service, effect, SUBMISSION_RECEIVED, body, retry_delays=FAST)

    assert outcome == "applied"
    assert _submissions(service) == [(NINGBO, "Lens sorter")]


class ReviewService(ParkedEvents):
    """A consumer as services write one, called here without a container."""

    name = "review"
    broken = False

    def __init__(self, db):
        self.db = db

    @consumes(SUBMISSION_RECEIVED)
    def on_submission(self, change, event):
        if self.broken:
            raise RuntimeError("not yet")
        record_submission(self, change, event)


def test_consumes_handler_applies_the_event(service, body):
    review = ReviewService(service.db)

    outcome = review.on_submission(body, service.db)

    assert outcome == "applied"
    assert _inbox(service) == [(body["event_id"], "review.on_submission", "submission-received", NINGBO)]


def test_parked_events_can_be_listed_and_replayed_once_fixed(service, body):
    review = ReviewService(service.db)
    review.broken = True
    handle(review, ReviewService.on_submission.apply, SUBMISSION_RECEIVED, body, retry_delays=FAST)
    listed = review.list_parked()
    review.broken = False

    outcome = review.replay_parked(listed[0]["id"])

    assert [(p["consumer"], p["event_id"], p["attempts"]) for p in listed] == [
        ("review.on_submission", body["event_id"], 3)]
    assert outcome == "applied"
    assert _submissions(service) == [(NINGBO, "Lens sorter")]
    assert review.list_parked() == []
    assert len(review.list_parked(include_replayed=True)) == 1
    assert review.replay_parked(listed[0]["id"]) == "not-found"


def test_replaying_a_still_invalid_event_parks_it_once_more_and_retires_the_old_entry(service, body):
    review = ReviewService(service.db)
    del body["payload"]["title"]
    review.on_submission(body, service.db)
    [first] = review.list_parked()

    outcome = review.replay_parked(first["id"])

    assert outcome == "parked"
    assert [p["id"] for p in review.list_parked()] == [first["id"] + 1]
    assert len(review.list_parked(include_replayed=True)) == 2


# -- batches -----------------------------------------------------------------------------------

from sqlalchemy import event as sa_event  # noqa: E402

from contest_kit.consumer import handle_batch  # noqa: E402


def _bodies(payloads, count, tenant=NINGBO, title="Lens sorter"):
    return [Envelope(type="submission-received", tenant=tenant, correlation_id=f"corr-{n}",
                     payload={**payloads["submission-received"], "title": f"{title} {n}"}).to_message()
            for n in range(count)]


def _commits(service):
    counted = []
    sa_event.listen(service.db.engine, "commit", lambda _conn: counted.append(1))
    return counted


def test_a_batch_is_applied_in_one_transaction_with_its_inbox_rows(service, payloads):
    bodies = _bodies(payloads, 5)
    commits = _commits(service)

    outcomes = handle_batch(service.db, service, record_submission, SUBMISSION_RECEIVED, bodies)

    assert outcomes == ["applied"] * 5
    assert len(commits) == 1
    assert _submissions(service) == [(NINGBO, f"Lens sorter {n}") for n in range(5)]
    assert [entry[0] for entry in _inbox(service)] == [body["event_id"] for body in bodies]


def test_a_poison_event_in_a_batch_is_parked_alone_and_the_others_are_applied(service, payloads):
    bodies = _bodies(payloads, 4)

    def poisoned(service, change, event):
        if event.payload["title"] == "Lens sorter 2":
            raise RuntimeError("this one never works")
        record_submission(service, change, event)

    outcomes = handle_batch(service.db, service, poisoned, SUBMISSION_RECEIVED, bodies, retry_delays=FAST)

    assert outcomes == ["applied", "applied", "parked", "applied"]
    assert _submissions(service) == [(NINGBO, f"Lens sorter {n}") for n in (0, 1, 3)]
    assert [(p[2], p[3]) for p in _parked(service)] == [
        (bodies[2]["event_id"], "RuntimeError: this one never works")]


def test_a_malformed_body_in_a_batch_is_parked_and_the_rest_applied_together(service, payloads):
    bodies = _bodies(payloads, 3)
    del bodies[1]["payload"]["title"]
    commits = _commits(service)

    outcomes = handle_batch(service.db, service, record_submission, SUBMISSION_RECEIVED, bodies)

    assert outcomes == ["applied", "parked", "applied"]
    assert len(commits) == 2  # the parked entry, and the batch
    assert [p[2] for p in _parked(service)] == [bodies[1]["event_id"]]


def test_an_event_twice_in_a_batch_or_seen_before_is_applied_once(service, payloads):
    [seen, fresh] = _bodies(payloads, 2)
    handle(service, record_submission, SUBMISSION_RECEIVED, seen)

    outcomes = handle_batch(service.db, service, record_submission, SUBMISSION_RECEIVED,
                            [seen, fresh, dict(fresh)])

    assert outcomes == ["duplicate", "applied", "duplicate"]
    assert _submissions(service) == [(NINGBO, "Lens sorter 0"), (NINGBO, "Lens sorter 1")]


def test_a_batch_of_two_tenants_commits_each_tenant_apart(service, payloads):
    bodies = _bodies(payloads, 2) + _bodies(payloads, 2, tenant="2023-wuxi", title="Kite")
    commits = _commits(service)

    outcomes = handle_batch(service.db, service, record_submission, SUBMISSION_RECEIVED, bodies)

    assert outcomes == ["applied"] * 4
    assert len(commits) == 2
    assert sorted(_submissions(service)) == [
        ("2023-ningbo", "Lens sorter 0"), ("2023-ningbo", "Lens sorter 1"), ("2023-wuxi", "Kite 0"),
        ("2023-wuxi", "Kite 1")]
