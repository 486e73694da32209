"""Registration's service under test: one container per test, on SQLite and on PostgreSQL.

The kit's pytest plugin (contest_kit.testing) gives `rpc`, `store`, `events` and the rest
from the `service` fixture here. The service starts with the demo edition and two stations
already in its database (written as rows, so that no tenant-defined event or audit entry of
theirs gets in the way of what a test counts); test_editions.py defines them through the RPC.
"""
from datetime import datetime

import pytest

from contest_contracts.fields import SHANGHAI
from contest_kit.testing import store
from registration.models import Edition, Station
from registration.service import RegistrationService

EDITION = "2023"
TRACKS = ("quality", "servitization", "industrial-brain", "supply-chain", "green")
# Open for the tests: a far close, so that they do not begin to fail on a date.
CLOSES = datetime(2099, 10, 22, 23, 59, 59, tzinfo=SHANGHAI)
THRESHOLDS = {"software_staff": 300, "software_revenue_cny": 100_000_000, "industrial_staff": 1000,
              "industrial_revenue_cny": 400_000_000}


def put_edition(session, code=EDITION, closes=CLOSES, **fields):
    session.merge(Edition(**{
        "code": code, "name": f"{code} edition", "theme": "", "year": 2023, "registration_closes_at": closes,
        "cutoffs": [], "tracks": [{"code": c, "name_zh": c, "name_en": c} for c in TRACKS],
        "thresholds": THRESHOLDS, "max_representatives": 5, **fields}))


def put_station(session, code, kind="station", edition=EDITION, **fields):
    session.merge(Station(**{
        "code": code, "edition": edition, "kind": kind, "name_zh": code, "name_en": code,
        "tracks": list(TRACKS), "registration_closes_at": None, "organisers": [], "affiliates": [],
        "conflict_relations": ["parent", "subsidiary", "branch", "holding"], **fields}))


def put_world(container):
    with store(container).session() as session:
        put_edition(session)
        session.flush()
        for code in ("2023-ningbo", "2023-wuxi"):
            put_station(session, code)
        put_station(session, "2023-national", kind="national")


@pytest.fixture
def blob_dir(tmp_path):
    return tmp_path / "blobs"


@pytest.fixture
def blob_config(blob_dir):
    """Where the service keeps materials (test_materials_service.py serves them, on both adapters).
    The materials freeze's timer is made slow: tests that freeze call it or start their own."""
    return {"BLOB_BACKEND": "local", "BLOB_DIR": str(blob_dir), "FREEZE_CHECK_SECONDS": 3600}


@pytest.fixture
def service(start_service, blob_config):
    container = start_service(RegistrationService, **blob_config)
    put_world(container)
    return container


@pytest.fixture
def registration(service):
    return service


class World:
    """The service's edition and stations, changed the way the test needs them."""

    def __init__(self, container):
        self.store = store(container)

    def edition(self, **fields):
        with self.store.session() as session:
            put_edition(session, **fields)

    def station(self, code, **fields):
        with self.store.session() as session:
            put_station(session, code, **fields)


@pytest.fixture
def world(service):
    return World(service)
