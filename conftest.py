"""Root fixtures for every test layer.

eventlet must patch the standard library before anything imports socket or
threading (STACK.md, snag 4), hence first thing here.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import os  # noqa: E402
import subprocess  # noqa: E402
import uuid  # noqa: E402

import pytest  # noqa: E402

RABBIT_HOST = os.environ.get("TEST_RABBIT_HOST", "127.0.0.1:5672")
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def _rabbitmqctl(*args):
    return subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def rabbit_config():
    """A vhost of its own for each test, so runs never see each other's messages.

    Overrides nameko's fixture, which needs the management plugin (STACK.md, snag 6).
    """
    vhost = f"test-{uuid.uuid4().hex[:12]}"
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    yield {"AMQP_URI": f"pyamqp://guest:guest@{RABBIT_HOST}/{vhost}", "VHOST": vhost}
    _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def pg_admin_url():
    return PG_ADMIN_URL


@pytest.fixture
def pg_url():
    """A PostgreSQL database of its own, created for the test and dropped after."""
    from sqlalchemy import create_engine, text
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Run a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/service.db"
    return request.getfixturevalue("pg_url")
