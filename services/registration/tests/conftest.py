"""Registration's service under test: one container per test, on SQLite and on PostgreSQL.

The kit's pytest plugin (contest_kit.testing) gives `rpc`, `store`, `events` and the rest
from the `service` fixture here.
"""
import pytest

from registration.service import RegistrationService


@pytest.fixture
def blob_dir(tmp_path):
    return tmp_path / "blobs"


@pytest.fixture
def service(start_service, blob_dir):
    return start_service(RegistrationService, BLOB_BACKEND="local", BLOB_DIR=str(blob_dir))


@pytest.fixture
def registration(service):
    return service
