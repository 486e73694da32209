"""Database access: engines, tenant scoping, and the nameko dependency.

Migrations are not run here: `contest_kit.migrate` runs them as a step of their own
(`python -m contest_kit.serve` before the service starts, an init container in Kubernetes).

Tenant scoping is enforced on the Session, not left to each query: a session
opened for a tenant only ever reads, updates or deletes rows of that tenant,
and refuses to insert rows of another. A session opened with no tenant refuses
to touch tenant-scoped tables at all unless it says `all_tenants=True`, so a
forgotten filter fails loudly instead of leaking data.
"""
import os
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

from nameko.extensions import DependencyProvider, SharedExtension
from sqlalchemy import DateTime, String, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import (
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
    `+00:00` on PostgreSQL and nothing on SQLite. Times are stored as UTC: SQLite
    would otherwise keep a Beijing time's wall clock and read it back as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utc_now():
    return datetime.now(UTC)


def new_id():
    """A row id that says nothing about how many rows there are (32 hex characters)."""
    return uuid.uuid4().hex


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
def scoped_session(factory, tenant=None, all_tenants=False, info=None):
    """A session that commits on success, rolls back on error, and is tenant-scoped."""
    session = factory()
    session.info.update(info or {})
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
    # entity appears (joins, subqueries and lazy loads included). Made once per session:
    # building the option is a good part of what scoping a statement costs.
    option = state.session.info.get(_CRITERIA)
    if option is None:
        option = state.session.info[_CRITERIA] = _tenant_criteria(tenant)
    state.statement = state.statement.options(option)


_CRITERIA = "contest.tenant_criteria"


def _tenant_criteria(tenant):
    return with_loader_criteria(TenantScoped, lambda cls: cls.tenant == tenant, include_aliases=True)


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


_WAKE, _WAKERS = "contest.wake", "contest.wakers"


def wake_after_commit(session, name):
    """Have `name`'s waker (see Store.when_committed) called once this transaction commits."""
    session.info.setdefault(_WAKE, set()).add(name)


@event.listens_for(Session, "after_commit")
def _call_wakers(session):
    wakers = session.info.get(_WAKERS, {})
    for name in session.info.pop(_WAKE, ()):
        if (waker := wakers.get(name)) is not None:
            waker()


@event.listens_for(Session, "after_rollback")
def _forget_wakes(session):
    session.info.pop(_WAKE, None)


class Store:
    """What a worker gets from `Database`: sessions bound to the service's engine."""

    def __init__(self, factory):
        self._factory = factory
        self._wakers = {}

    def session(self, tenant=None, all_tenants=False):
        return scoped_session(self._factory, tenant=tenant, all_tenants=all_tenants,
                              info={_WAKERS: self._wakers})

    def when_committed(self, name, waker):
        """Call `waker()` after every transaction that `wake_after_commit(session, name)` marked:
        how the relay learns of new outbox rows and the mailer of new mail, without polling."""
        if waker is None:
            self._wakers.pop(name, None)
        else:
            self._wakers[name] = waker

    @property
    def engine(self):
        return self._factory.kw["bind"]

    def ping(self):
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


class DatabaseEngine(SharedExtension):
    """The engine of the service's database (`DB_URL`), one per container.

    Every extension that needs the database declares one as an attribute
    (`database = DatabaseEngine()`); nameko binds them all to this single instance, so the
    dependency, the relay, the mailer and parking share one pool, and none of them has to
    look for another in the container.
    """

    engine = None
    store = None

    def setup(self):
        url = self.container.config.get("DB_URL")
        if not url:
            raise RuntimeError(f"{self.container.service_name}: DB_URL is not configured")
        self.engine = make_engine(url)
        self.store = Store(session_factory(self.engine))

    def stop(self):
        if self.engine is not None:
            self.engine.dispose()

    def kill(self):
        self.stop()


class Database(DependencyProvider):
    """What a worker gets as `self.db`: the Store of the service's database."""

    database = DatabaseEngine()

    def get_dependency(self, worker_ctx):
        return self.database.store

    @property
    def store(self):
        return self.database.store
