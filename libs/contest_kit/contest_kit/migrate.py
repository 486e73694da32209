"""Alembic migrations, run from code: each service's own branch, plus the kit's.

A service's `migrations/env.py` is three lines calling `run_env` with its own
metadata. The kit's tables (outbox, inbox, parked events, audit log) live in
every service's database; their history is one branch, labelled "kit", in
`contest_kit/migrations/versions`, which every service's migrations run beside.
So a change to a kit table is one migration, not one per service.

`python -m contest_kit.migrate <service>` upgrades the database named by
`<SERVICE>_DB_URL` (or `--url`) and exits: the k8s init container's job.
"""
import argparse
import os
import sys
import zlib
from datetime import UTC
from importlib.resources import files

from alembic import command, context
from alembic.config import Config
from sqlalchemy import engine_from_config, pool, text
from sqlalchemy.engine import make_url

from contest_kit.db import UtcDateTime, make_engine
from contest_kit.tables import KitBase

KIT_VERSIONS = "contest_kit.migrations.versions"


def alembic_config(script_location, url=None):
    """`script_location` is a service's "<package>:migrations"."""
    config = Config()
    config.set_main_option("script_location", script_location)
    package = script_location.split(":", 1)[0]
    locations = [str(files(f"{package}.migrations.versions")), str(files(KIT_VERSIONS))]
    config.set_main_option("version_path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(locations))
    if url:
        config.set_main_option("sqlalchemy.url", str(url).replace("%", "%%"))
    return config


def upgrade_service(service, url):
    """Bring `service`'s database at `url` to its newest schema (its branch and the kit's)."""
    engine = make_engine(url)
    try:
        upgrade(engine, f"{service}:migrations")
    finally:
        engine.dispose()


def upgrade(engine, script_location, revision="heads"):
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
    # `--new --kit` compares the kit's tables only, so a kit revision never takes a service's change.
    kit_only = context.config.attributes.get("kit_only", False)
    target = [KitBase.metadata] if kit_only else [KitBase.metadata, service_metadata]
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = engine_from_config(context.config.get_section(context.config.config_ini_section),
                                    prefix="sqlalchemy.", poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection, target, kit_only)
        return
    _run(connection, target, kit_only)


def _kit_tables_only(obj, name, type_, reflected, compare_to):
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name in KitBase.metadata.tables


def _run(connection, target, kit_only=False):
    context.configure(connection=connection, target_metadata=target,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True, render_item=_render_item,
                      include_object=_kit_tables_only if kit_only else None)
    with context.begin_transaction():
        context.run_migrations()


def _render_item(kind, obj, _context):
    # Migrations stay plain SQLAlchemy: the kit's UtcDateTime is a DateTime with a time zone.
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def new_revision(service, message, kit=False):
    """Write a migration for what the models have and the migrations lack, from a scratch database.

    With `kit`, the revision goes on the kit's branch (a change to outbox,
    inbox, parked events or the audit log), else on the service's own.
    """
    import tempfile
    from datetime import datetime
    branch, location = ("kit", files(KIT_VERSIONS)) if kit else (
        service, files(f"{service}.migrations.versions"))
    with tempfile.TemporaryDirectory() as scratch:
        config = alembic_config(f"{service}:migrations", f"sqlite:///{scratch}/scratch.db")
        command.upgrade(config, "heads")
        config.attributes["kit_only"] = kit
        rev_id = f"{branch}{datetime.now(UTC):%Y%m%d%H%M%S}"
        script = command.revision(config, message=message, autogenerate=True, head=f"{branch}@head",
                                  version_path=str(location), rev_id=rev_id)
    return script.path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m contest_kit.migrate")
    parser.add_argument("service", help="registration, review, ranking, notify or gateway")
    parser.add_argument("--url", help="database URL (default: $<SERVICE>_DB_URL)")
    parser.add_argument("--new", metavar="MESSAGE", help="write a new migration for model changes instead")
    parser.add_argument("--kit", action="store_true", help="with --new: on the kit's branch")
    args = parser.parse_args(argv)
    if args.new:
        print(f"wrote {new_revision(args.service, args.new, args.kit)}")
        return 0
    url = args.url or os.environ.get(f"{args.service.upper()}_DB_URL")
    if not url:
        parser.error(f"no database URL: pass --url or set {args.service.upper()}_DB_URL")
    upgrade_service(args.service, url)
    print(f"{args.service}: migrated {make_url(url).render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
