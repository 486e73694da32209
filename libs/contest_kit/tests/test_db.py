import pytest
from sqlalchemy import String, delete, func, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import Store, TenantScoped, TenantScopeMissing, make_engine, session_factory

NINGBO = "2023-ningbo"
WUHAN = "2023-wuhan"


class NotesBase(DeclarativeBase):
    pass


class Note(TenantScoped, NotesBase):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(50))


class Label(NotesBase):
    """Not tenant-scoped: shared reference data that points at notes."""

    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_text: Mapped[str] = mapped_column(String(50))


@pytest.fixture
def store(db_url):
    engine = make_engine(db_url)
    NotesBase.metadata.create_all(engine)
    store = Store(session_factory(engine))
    with store.session(all_tenants=True) as session:
        session.add_all([Note(tenant=NINGBO, text="ningbo-1"), Note(tenant=NINGBO, text="ningbo-2"),
                         Note(tenant=WUHAN, text="wuhan-1")])
        session.add_all([Label(note_text="ningbo-1"), Label(note_text="wuhan-1")])
    yield store
    engine.dispose()


def _all_notes(store):
    with store.session(all_tenants=True) as session:
        return [(n.tenant, n.text) for n in session.scalars(select(Note).order_by(Note.id))]


def test_session_for_a_tenant_selects_only_its_rows(store):
    with store.session(tenant=NINGBO) as session:
        texts = session.scalars(select(Note.text).order_by(Note.id)).all()
        notes = [n.text for n in session.scalars(select(Note).order_by(Note.id))]
        count = session.scalar(select(func.count()).select_from(Note))

    assert texts == ["ningbo-1", "ningbo-2"]
    assert notes == ["ningbo-1", "ningbo-2"]
    assert count == 2


def test_session_for_a_tenant_scopes_joins_and_subqueries_from_unscoped_tables(store):
    with store.session(tenant=NINGBO) as session:
        joined = session.scalars(select(Label.note_text).join(Note, Note.text == Label.note_text)).all()
        nested = session.scalars(select(Label.note_text).where(
            Label.note_text.in_(select(Note.text)))).all()

    assert joined == ["ningbo-1"]
    assert nested == ["ningbo-1"]


def test_session_for_a_tenant_reads_unscoped_tables_whole(store):
    with store.session(tenant=NINGBO) as session:
        labels = session.scalars(select(Label.note_text).order_by(Label.id)).all()

    assert labels == ["ningbo-1", "wuhan-1"]


def test_session_scopes_the_same_statement_to_each_sessions_own_tenant(store):
    statement = select(Note.text).order_by(Note.id)

    with store.session(tenant=NINGBO) as session:
        ningbo = session.scalars(statement).all()
    with store.session(tenant=WUHAN) as session:
        wuhan = session.scalars(statement).all()

    assert (ningbo, wuhan) == (["ningbo-1", "ningbo-2"], ["wuhan-1"])


def test_session_for_a_tenant_cannot_get_a_row_of_another_by_id(store):
    with store.session(all_tenants=True) as session:
        wuhan_id = session.scalar(select(Note.id).where(Note.tenant == WUHAN))

    with store.session(tenant=NINGBO) as session:
        found = session.get(Note, wuhan_id)

    assert found is None


def test_session_for_a_tenant_updates_only_its_rows(store):
    with store.session(tenant=NINGBO) as session:
        session.execute(update(Note).values(text="changed"))

    assert _all_notes(store) == [(NINGBO, "changed"), (NINGBO, "changed"), (WUHAN, "wuhan-1")]


def test_session_for_a_tenant_deletes_only_its_rows(store):
    with store.session(tenant=NINGBO) as session:
        session.execute(delete(Note))

    assert _all_notes(store) == [(WUHAN, "wuhan-1")]


def test_session_for_a_tenant_cannot_delete_another_tenants_row_by_filter(store):
    with store.session(tenant=NINGBO) as session:
        result = session.execute(delete(Note).where(Note.text == "wuhan-1"))

    assert result.rowcount == 0
    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


@pytest.mark.parametrize("statement", [
    select(Note),
    select(func.count()).select_from(Note),
    select(Label).join(Note, Note.text == Label.note_text),
    select(Label).where(Label.note_text.in_(select(Note.text))),
    update(Note).values(text="x"),
    delete(Note),
], ids=["select", "count", "join", "subquery", "update", "delete"])
def test_session_with_no_tenant_refuses_tenant_scoped_statements(store, statement):
    with pytest.raises(TenantScopeMissing), store.session() as session:
        session.execute(statement)

    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


def test_session_with_no_tenant_reads_unscoped_tables(store):
    with store.session() as session:
        labels = session.scalars(select(Label.note_text).order_by(Label.id)).all()

    assert labels == ["ningbo-1", "wuhan-1"]


def test_session_for_all_tenants_sees_every_row(store):
    with store.session(all_tenants=True) as session:
        tenants = session.scalars(select(Note.tenant).order_by(Note.id)).all()

    assert tenants == [NINGBO, NINGBO, WUHAN]


def test_session_for_a_tenant_refuses_to_add_a_row_of_another(store):
    with pytest.raises(TenantScopeMissing) as caught, store.session(tenant=NINGBO) as session:
        session.add(Note(tenant=WUHAN, text="smuggled"))

    assert str(caught.value) == "Note of tenant '2023-wuhan' added in a session of '2023-ningbo'"
    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


def test_session_for_a_tenant_refuses_to_move_a_row_to_another(store):
    with pytest.raises(TenantScopeMissing), store.session(tenant=NINGBO) as session:
        note = session.scalars(select(Note).where(Note.text == "ningbo-1")).one()
        note.tenant = WUHAN

    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


def test_session_for_a_tenant_refuses_to_delete_a_row_of_another_it_was_handed(store):
    with store.session(all_tenants=True) as session:
        wuhan = session.scalars(select(Note).where(Note.tenant == WUHAN)).one()

    with pytest.raises(TenantScopeMissing), store.session(tenant=NINGBO) as session:
        session.delete(session.merge(wuhan, load=False))

    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


def test_session_with_no_tenant_refuses_to_add_a_tenant_scoped_row(store):
    with pytest.raises(TenantScopeMissing), store.session() as session:
        session.add(Note(text="orphan"))

    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


def test_row_without_tenant_gets_the_sessions_tenant(store):
    with store.session(tenant=WUHAN) as session:
        session.add(Note(text="wuhan-2"))

    assert _all_notes(store)[-1] == (WUHAN, "wuhan-2")


def test_session_rolls_back_everything_when_the_block_raises(store):
    with pytest.raises(RuntimeError), store.session(tenant=NINGBO) as session:
        session.add(Note(text="ningbo-3"))
        session.flush()
        raise RuntimeError("boom")

    assert _all_notes(store) == [(NINGBO, "ningbo-1"), (NINGBO, "ningbo-2"), (WUHAN, "wuhan-1")]


def test_store_ping_reaches_the_database(store):
    assert store.ping() is None


def test_make_engine_creates_the_directory_of_a_sqlite_file(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/var/deep/service.db")

    with engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    engine.dispose()

    assert (tmp_path / "var" / "deep" / "service.db").is_file()
    assert mode == "wal"


def test_make_engine_accepts_an_in_memory_sqlite_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = make_engine("sqlite://")

    with engine.connect() as conn:
        one = conn.exec_driver_sql("SELECT 1").scalar()
    engine.dispose()

    assert one == 1
    assert list(tmp_path.iterdir()) == []
