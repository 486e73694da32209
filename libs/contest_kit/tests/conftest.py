"""Fixtures shared by the kit's tests (the kit's pytest plugin gives rabbit_config, pg_url, db_url)."""
import socket

import pytest

from contest_kit.db import Store, make_engine, session_factory
from contest_kit.tables import KitBase

VALID_PAYLOADS = {
    "team-registered": {
        "team_id": "t-1", "team_name": "Blue Lantern", "owner_id": "u-7", "unit_name": "Ningbo Optics Ltd",
        "uscc": "91330200MA2AAAAA1X", "group": "emerging", "track": "hardware",
        "contact_name": "Li Wei", "contact_email": "li.wei@example.com", "locale": "zh-CN",
    },
    "submission-received": {
        "team_id": "t-1", "project_id": "p-1", "version": 1, "title": "Lens sorter",
        "track": "hardware", "group": "emerging",
        "materials": [{"kind": "slides", "key": "2023-ningbo/t-1/1/slides.pdf", "sha256": "a" * 64,
                       "size": 1024}],
    },
    "review-completed": {
        "team_id": "t-1", "project_id": "p-1", "version": 1, "group": "emerging", "track": "hardware",
        "title": "Lens sorter", "score": "87.50", "sheet_count": 5,
    },
    "ranking-updated": {
        "team_id": "t-1", "project_id": "p-1", "group": "emerging", "rank": 2, "ranked_count": 9,
        "score": "87.50",
    },
    "notification-delivered": {
        "message_id": "m-1", "team_id": "t-1", "cause": "submission-received",
        "channels": ["inbox", "email"],
    },
}


@pytest.fixture
def payloads():
    """One valid payload per event type of the catalogue (a fresh copy per test)."""
    import copy
    return copy.deepcopy(VALID_PAYLOADS)


@pytest.fixture
def kit_engine(db_url):
    """An engine over SQLite or PostgreSQL with the kit's tables (outbox, inbox, parked) created."""
    engine = make_engine(db_url)
    KitBase.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def kit_store(kit_engine):
    return Store(session_factory(kit_engine))


@pytest.fixture
def sqlite_store(tmp_path):
    """The kit's tables on SQLite only, for tests where the database is not the point."""
    engine = make_engine(f"sqlite:///{tmp_path}/kit.db")
    KitBase.metadata.create_all(engine)
    yield Store(session_factory(engine))
    engine.dispose()


@pytest.fixture
def unused_port():
    """A loopback port nothing listens on (free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
