import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, text

from contest_kit.db import make_engine
from contest_kit.migrate import upgrade

SCRIPTS = Path(__file__).parent / "alembic_scripts"


def _state(engine):
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    return sorted(inspect(engine).get_table_names()), version


def test_upgrade_applies_the_scripts_up_to_head(db_url):
    engine = make_engine(db_url)

    upgrade(engine, str(SCRIPTS))

    assert _state(engine) == (["alembic_version", "notes"], "0001")
    engine.dispose()


def test_upgrade_twice_changes_nothing_the_second_time(db_url):
    engine = make_engine(db_url)
    upgrade(engine, str(SCRIPTS))

    upgrade(engine, str(SCRIPTS))

    assert _state(engine) == (["alembic_version", "notes"], "0001")
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
    package = tmp_path / "kitdemo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copytree(SCRIPTS, package / "migrations", ignore=shutil.ignore_patterns("__pycache__"))
    url = f"sqlite:///{tmp_path}/kitdemo.db"

    result = _migrate("kitdemo", "--url", url, pythonpath=tmp_path)

    assert (result.returncode, result.stdout) == (0, f"kitdemo: migrated {url}\n")
    engine = make_engine(url)
    assert _state(engine) == (["alembic_version", "notes"], "0001")
    engine.dispose()
