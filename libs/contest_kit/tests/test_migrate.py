import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from contest_kit.db import make_engine
from contest_kit.migrate import upgrade

SCRIPTS = Path(__file__).parent / "alembic_scripts"
KIT_TABLES = ["audit_log", "idempotency_keys", "inbox", "outbox", "parked_events"]


def _service_package(root):
    """A service package `kitdemo` whose migrations are the tests' miniature scripts."""
    package = root / "kitdemo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copytree(SCRIPTS, package / "migrations", ignore=shutil.ignore_patterns("__pycache__"))
    (package / "migrations" / "__init__.py").write_text("")
    (package / "migrations" / "versions" / "__init__.py").write_text("")
    return root


def _state(engine):
    with engine.connect() as conn:
        versions = sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return sorted(inspect(engine).get_table_names()), versions


@pytest.fixture
def kitdemo(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(_service_package(tmp_path)))
    yield "kitdemo:migrations"
    for name in [m for m in sys.modules if m == "kitdemo" or m.startswith("kitdemo.")]:
        del sys.modules[name]


def test_upgrade_applies_the_service_branch_and_the_kit_branch(db_url, kitdemo):
    engine = make_engine(db_url)

    upgrade(engine, kitdemo)

    assert _state(engine) == (sorted(["alembic_version", "notes", *KIT_TABLES]), ["0001", "kit0002"])
    engine.dispose()


def test_upgrade_twice_changes_nothing_the_second_time(db_url, kitdemo):
    engine = make_engine(db_url)
    upgrade(engine, kitdemo)

    upgrade(engine, kitdemo)

    assert _state(engine) == (sorted(["alembic_version", "notes", *KIT_TABLES]), ["0001", "kit0002"])
    engine.dispose()


def _migrate(*args, pythonpath=None):
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DB_URL")}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "contest_kit.migrate", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_migrate_command_without_a_url_exits_with_a_clear_error():
    result = _migrate("registration")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "python -m contest_kit.migrate: error: no database URL: pass --url or set REGISTRATION_DB_URL")


def test_migrate_command_upgrades_a_service_package_by_name(tmp_path):
    url = f"sqlite:///{tmp_path}/kitdemo.db"

    result = _migrate("kitdemo", "--url", url, pythonpath=_service_package(tmp_path))

    assert (result.returncode, result.stdout) == (0, f"kitdemo: migrated {url}\n")
    engine = make_engine(url)
    assert _state(engine) == (sorted(["alembic_version", "notes", *KIT_TABLES]), ["0001", "kit0002"])
    engine.dispose()


def test_new_revision_goes_on_the_service_branch_after_its_head(kitdemo, tmp_path):
    from contest_kit.migrate import new_revision

    path = Path(new_revision("kitdemo", "drop notes"))

    text_ = path.read_text()
    assert path.parent == tmp_path / "kitdemo" / "migrations" / "versions"
    assert "down_revision = '0001'" in text_
    assert "op.drop_table('notes')" in text_  # the miniature's models (none) lack the notes table
