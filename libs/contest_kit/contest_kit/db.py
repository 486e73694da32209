"""Database access: engines, tenant scoping, and the nameko dependency.

Tenant scoping is enforced on the Session, not left to each query: a session
opened for a tenant only ever reads, updates or deletes rows of that tenant,
and refuses to insert rows of another. A session opened with no tenant refuses
to touch tenant-scoped tables at all unless it says `all_tenants=True`, so a
forgotten filter fails loudly instead of leaking data.
"""
import os
from contextlib import contextmanager
from datetime import UTC

from nameko.extensions import DependencyProvider
from sqlalchemy import DateTime, String, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    sessionmaker,
    with_loader_criteria,
)
from sqlalchemy.sql import visitors


class UtcDateTime(TypeDecorator):
    """A timestamp that comes back timezone-aware (UTC) from SQLite too.

    SQLite keeps no offset, so without this the same API answer would carry
    `+00:00` on PostgreSQL and nothing on SQLite.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times")
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class KitBase(DeclarativeBase):
    """Tables the kit keeps in every service's database (outbox, inbox, parked)."""


class TenantScoped:
    """Mixin for every row that belongs to one tenant."""

    tenant: Mapped[str] = mapped_column(String(64), index=True)


class TenantScopeMissing(RuntimeError):
    """A tenant-scoped table was touched by a session opened for no tenant."""


def _is_sqlite(url):
    return str(url).startswith("sqlite")


def make_engine(url, **overrides):
    """An engine for a SQLite or PostgreSQL URL, tuned for nameko under eventlet."""
    if _is_sqlite(url):
        path = make_url(url).database
        options = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if path and path != ":memory:" and not path.startswith("file:"):
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            # sqlite3 blocks the whole process while it waits for a lock, so
            # greenthreads of one process must never wait on each other inside
            # SQLite: one pooled connection makes them queue in the (green) pool.
            # (An in-memory database gets SQLAlchemy's SingletonThreadPool,
            # which takes none of these options.)
            options.update(pool_size=1, max_overflow=0, pool_timeout=60)
        options.update(overrides)
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    _make_psycopg2_green()
    options = {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True}
    options.update(overrides)
    return create_engine(url, **options)


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _make_psycopg2_green():
    # psycopg2 blocks the process on I/O unless told to wait through select(),
    # which eventlet has made cooperative (STACK.md, snag 5).
    try:
        import eventlet.patcher
        import psycopg2.extensions
        import psycopg2.extras
    except ImportError:  # pragma: no cover - psycopg2 is a kit dependency
        return
    if eventlet.patcher.is_monkey_patched("select"):
        psycopg2.extensions.set_wait_callback(psycopg2.extras.wait_select)


def session_factory(engine):
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def scoped_session(factory, tenant=None, all_tenants=False):
    """A session that commits on success, rolls back on error, and is tenant-scoped."""
    session = factory()
    session.info["tenant"] = tenant
    session.info["all_tenants"] = all_tenants
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _touches_tenant_scoped(statement):
    # `ORMExecuteState.all_mappers` lists only the selected entities: it misses
    # `select(func.count()).select_from(Model)`, joins and subqueries. Every
    # ORM entity a statement mentions carries a "parententity" annotation,
    # which is also what the loader criteria below attach to.
    for element in visitors.iterate(statement):
        entity = getattr(element, "_annotations", {}).get("parententity")
        if entity is not None and issubclass(entity.mapper.class_, TenantScoped):
            return True
    return False


@event.listens_for(Session, "do_orm_execute")
def _scope_statement_to_tenant(state):
    if state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.session.info.get("all_tenants"):
        return
    tenant = state.session.info.get("tenant")
    if tenant is None:
        if _touches_tenant_scoped(state.statement):
            raise TenantScopeMissing("query on a tenant-scoped table from a session with no tenant")
        return
    # Applied to every statement: the criteria only bind where a tenant-scoped
    # entity appears (joins, subqueries and lazy loads included).
    state.statement = state.statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant == tenant, include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _refuse_foreign_rows(session, _context, _instances):
    if session.info.get("all_tenants"):
        return
    tenant = session.info.get("tenant")
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if obj.tenant is None:
            obj.tenant = tenant
        if tenant is None or obj.tenant != tenant:
            raise TenantScopeMissing(
                f"{type(obj).__name__} of tenant {obj.tenant!r} added in a session of {tenant!r}")
    # A loaded row moved to another tenant, or a foreign row attached and changed or deleted.
    for verb, objects in (("changed", session.dirty), ("deleted", session.deleted)):
        for obj in objects:
            if isinstance(obj, TenantScoped) and (tenant is None or obj.tenant != tenant):
                raise TenantScopeMissing(
                    f"{type(obj).__name__} of tenant {obj.tenant!r} {verb} in a session of {tenant!r}")


class Store:
    """What a worker gets from `Database`: sessions bound to the service's engine."""

    def __init__(self, factory):
        self._factory = factory

    def session(self, tenant=None, all_tenants=False):
        return scoped_session(self._factory, tenant=tenant, all_tenants=all_tenants)

    @property
    def engine(self):
        return self._factory.kw["bind"]

    def ping(self):
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


class Database(DependencyProvider):
    """The service's database, by `DB_URL` in config; migrates on start when told to."""

    def __init__(self, migrations):
        self.migrations = migrations  # e.g. "registration:migrations"
        self.engine = None
        self.store = None

    def setup(self):
        config = self.container.config
        self.engine = make_engine(config["DB_URL"])
        if _truthy(config.get("DB_AUTO_MIGRATE", True)):
            from contest_kit.migrate import upgrade
            upgrade(self.engine, self.migrations)
        self.store = Store(session_factory(self.engine))

    def stop(self):
        if self.engine is not None:
            self.engine.dispose()

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        return self.store


def _truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")
