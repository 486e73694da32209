"""Fixtures shared by the kit's tests (the kit's pytest plugin gives rabbit_config, pg_url, db_url)."""
import socket

import pytest

from contest_kit.db import Store, make_engine, session_factory
from contest_kit.tables import KitBase


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
