"""Alembic migrations, one history per service, run from code.

A service's `migrations/env.py` is three lines calling `run_env` with its own
metadata; the kit's tables (outbox, inbox, parked events) are part of every
service's history because they live in every service's database.

`python -m contest_kit.migrate <service>` upgrades the database named by
`<SERVICE>_DB_URL` (or `--url`) and exits: the k8s init container's job.
"""
import argparse
import os
import sys
import zlib

from alembic import command, context
from alembic.config import Config
from sqlalchemy import engine_from_config, pool, text

from contest_kit.db import KitBase, make_engine


def alembic_config(script_location, url=None):
    config = Config()
    config.set_main_option("script_location", script_location)
    if url:
        config.set_main_option("sqlalchemy.url", str(url).replace("%", "%%"))
    return config


def upgrade(engine, script_location, revision="head"):
    config = alembic_config(script_location)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together must not migrate together: the first holds
            # this lock until its transaction ends, the others then find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": zlib.crc32(script_location.encode())})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def run_env(service_metadata):
    """Body of every service's migrations/env.py."""
    import contest_kit.audit  # noqa: F401 - these register the kit's tables on KitBase.metadata
    import contest_kit.outbox  # noqa: F401
    target = [KitBase.metadata, service_metadata]
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = engine_from_config(context.config.get_section(context.config.config_ini_section),
                                    prefix="sqlalchemy.", poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection, target)
        return
    _run(connection, target)


def _run(connection, target):
    context.configure(connection=connection, target_metadata=target,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m contest_kit.migrate")
    parser.add_argument("service", help="registration, review, ranking, notify or gateway")
    parser.add_argument("--url", help="database URL (default: $<SERVICE>_DB_URL)")
    args = parser.parse_args(argv)
    url = args.url or os.environ.get(f"{args.service.upper()}_DB_URL")
    if not url:
        parser.error(f"no database URL: pass --url or set {args.service.upper()}_DB_URL")
    engine = make_engine(url)
    upgrade(engine, f"{args.service}:migrations")
    print(f"{args.service}: migrated {engine.url.render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
