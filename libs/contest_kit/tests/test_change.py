"""The kit helper every state change goes through: rows, audit entry and event together or not at all."""
import pytest
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_contracts.events import NOTIFICATION_DELIVERED, TEAM_REGISTERED
from contest_kit.change import Command
from contest_kit.context import Actor
from contest_kit.db import TenantScoped
from contest_kit.errors import Conflict, IdempotencyConflict
from contest_kit.outbox import OUTBOX
from contest_kit.tables import AuditEntry, IdempotencyRecord, OutboxEvent

NINGBO = "2023-ningbo"
ALICE = Actor("u-alice", "applicant")
BOB = Actor("u-bob", "applicant")


class Base(DeclarativeBase):
    pass


class Team(TenantScoped, Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


@pytest.fixture
def store(kit_store):
    Base.metadata.create_all(kit_store.engine)
    return kit_store


def _counts(store):
    with store.session(all_tenants=True) as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Team, AuditEntry, OutboxEvent))


def _register(command, payload, fail=False):
    with command.change(NINGBO) as change:
        team = change.add(Team(name=payload["team_name"]))
        change.record("team.registered", {"team_id": team.id})
        change.emit(TEAM_REGISTERED, payload)
        if fail:
            raise RuntimeError("the disk is full")
    return team


def test_change_commits_its_row_audit_entry_and_event_together(store, payloads):
    command = Command(store, "registration", ALICE, "corr-7")

    team = _register(command, payloads["team-registered"])

    assert _counts(store) == (1, 1, 1)
    with store.session(all_tenants=True) as session:
        entry = session.scalars(select(AuditEntry)).one()
        event = session.scalars(select(OutboxEvent)).one()
    assert (entry.tenant, entry.actor_id, entry.action, entry.data, entry.correlation_id) == (
        NINGBO, "u-alice", "team.registered", {"team_id": team.id}, "corr-7")
    assert (event.tenant, event.type, '"correlation_id": "corr-7"' in event.body) == (
        NINGBO, "team-registered", True)


def test_change_rolls_back_row_audit_entry_and_event_together(store, payloads):
    command = Command(store, "registration", ALICE)

    with pytest.raises(RuntimeError):
        _register(command, payloads["team-registered"], fail=True)

    assert _counts(store) == (0, 0, 0)


def test_change_refuses_an_event_its_service_does_not_produce_and_keeps_nothing(store, payloads):
    command = Command(store, "review", ALICE)

    with pytest.raises(ValueError):
        _register(command, payloads["team-registered"])

    assert _counts(store) == (0, 0, 0)


def test_change_writes_no_outbox_row_for_an_event_nobody_consumes(store, payloads):
    command = Command(store, "notify", None)

    with command.change(NINGBO) as change:
        change.emit(NOTIFICATION_DELIVERED, payloads["notification-delivered"])

    assert _counts(store) == (0, 0, 0)


def test_relay_is_woken_after_a_change_with_an_event_commits_and_only_then(store, payloads):
    woken = []
    store.when_committed(OUTBOX, lambda: woken.append("relay"))
    command = Command(store, "registration", ALICE)

    with command.change(NINGBO) as change:
        change.add(Team(name="no event"))
    after_no_event = list(woken)
    with pytest.raises(RuntimeError):
        _register(command, payloads["team-registered"], fail=True)
    after_rollback = list(woken)
    _register(command, payloads["team-registered"])

    assert (after_no_event, after_rollback, woken) == ([], [], ["relay"])


def _submit(command, key, request):
    with command.change(NINGBO) as change:
        if (earlier := change.replay(key, "register_team", request)) is not None:
            return earlier
        team = change.add(Team(name=request["name"]))
        return change.remember({"id": team.id, "name": team.name})


def test_replay_answers_a_repeated_key_with_the_first_answer_and_changes_nothing(store):
    command = Command(store, "registration", ALICE)

    first = _submit(command, "key-0001", {"name": "Blue Lantern"})
    again = _submit(command, "key-0001", {"name": "Blue Lantern"})

    assert again == first
    assert _counts(store)[0] == 1


def test_replay_refuses_a_repeated_key_with_another_request_as_422(store):
    command = Command(store, "registration", ALICE)
    _submit(command, "key-0001", {"name": "Blue Lantern"})

    with pytest.raises(IdempotencyConflict) as refused:
        _submit(command, "key-0001", {"name": "Red Lantern"})

    assert (refused.value.status, list(refused.value.fields)) == (422, ["Idempotency-Key"])
    assert _counts(store)[0] == 1


def test_keys_belong_to_the_account_that_sent_them(store):
    _submit(Command(store, "registration", ALICE), "key-0001", {"name": "Blue Lantern"})

    bobs = _submit(Command(store, "registration", BOB), "key-0001", {"name": "Red Lantern"})

    assert bobs["name"] == "Red Lantern"
    assert _counts(store)[0] == 2


def test_a_change_without_a_key_is_never_replayed(store):
    command = Command(store, "registration", ALICE)

    answers = [_submit(command, None, {"name": "Blue Lantern"}) for _ in range(2)]

    assert answers[0] != answers[1]
    with store.session(all_tenants=True) as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0


def test_a_key_whose_first_request_failed_can_be_sent_again(store):
    command = Command(store, "registration", ALICE)

    with pytest.raises(RuntimeError), command.change(NINGBO) as change:
        change.replay("key-0001", "register_team", {"name": "Blue Lantern"})
        raise RuntimeError("refused after the key was taken")
    retried = _submit(command, "key-0001", {"name": "Blue Lantern"})

    assert retried["name"] == "Blue Lantern"


def test_a_key_whose_first_request_is_still_running_is_a_conflict(store):
    command = Command(store, "registration", ALICE)
    with command.change(NINGBO) as change:
        change.replay("key-0001", "register_team", {"name": "Blue Lantern"})  # no answer remembered yet

    with pytest.raises(Conflict):
        _submit(command, "key-0001", {"name": "Blue Lantern"})
