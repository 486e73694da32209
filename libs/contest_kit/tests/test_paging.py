"""Keyset pagination: pages in a stable order that neither skip nor repeat a row while rows are added."""
import base64
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from marshmallow import Schema, fields
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_contracts.fields import PageQuery
from contest_kit.boundary import load_arguments
from contest_kit.db import Store, TenantScoped, UtcDateTime, make_engine, session_factory
from contest_kit.errors import ValidationFailed
from contest_kit.paging import Keyset, PreparedList, columns, cut, encode, items

NINGBO = "2023-ningbo"
WUXI = "2023-wuxi"
T0 = datetime(2023, 5, 1, 8, 0, tzinfo=UTC)
NOT_A_CURSOR = {"cursor": ["not a cursor of this list: start again from the first page"]}


class Base(DeclarativeBase):
    pass


class Row(TenantScoped, Base):
    __tablename__ = "rows"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    colour: Mapped[str] = mapped_column(String(10))


class RowSchema(Schema):
    id = fields.String()
    at = fields.DateTime()
    colour = fields.String()


ASCENDING = Keyset(Row.at, Row.id)
NEWEST_FIRST = Keyset(Row.at, Row.id, descending=True)
PREPARED = {keyset: PreparedList(keyset, [Row.id, Row.at, Row.colour], filters=("colour",))
            for keyset in (ASCENDING, NEWEST_FIRST)}


@pytest.fixture(params=["session", "prepared"])
def store(request, db_url):
    """Each list read both ways: through a tenant's Session (whole objects) and as a
    PreparedList (Core, statements built once), as hot lists are."""
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    store = Store(session_factory(engine))
    store.reader = request.param
    yield store
    engine.dispose()


def add(store, *rows, tenant=NINGBO):
    """rows: (id, minutes after T0, colour)"""
    with store.session(tenant=tenant) as session:
        session.add_all([Row(id=id_, at=T0 + timedelta(minutes=minutes), colour=colour)
                         for id_, minutes, colour in rows])


def page(store, keyset=ASCENDING, limit=2, cursor=None, colour=None, tenant=NINGBO):
    if store.reader == "prepared":
        answer = PREPARED[keyset].page(store, tenant, limit=limit, cursor=cursor, filters={"colour": colour})
        return dict(answer, items_json=json.dumps([item["id"] for item in items(answer)]))
    query = select(Row) if colour is None else select(Row).where(Row.colour == colour)
    with store.session(tenant=tenant) as session:
        return keyset.page(session, query, limit=limit, cursor=cursor, total=True,
                           dump=lambda rows: [row.id for row in rows])


def walk(store, between=lambda number: None, **kwargs):
    """Every page from the first, following `next`; `between(n)` runs after the n-th page."""
    pages, cursor = [], None
    while True:
        answer = page(store, cursor=cursor, **kwargs)
        pages.append(items(answer))
        between(len(pages))
        if answer["next"] is None:
            return pages
        cursor = answer["next"]


def test_pages_come_in_the_requested_size_in_a_stable_order_with_the_total(store):
    # b and c share an instant: the id settles their order.
    add(store, ("d", 3, "red"), ("a", 0, "red"), ("c", 1, "blue"), ("b", 1, "red"), ("e", 4, "blue"))
    add(store, ("w", 0, "red"), tenant=WUXI)

    first = page(store)
    second = page(store, cursor=first["next"])
    last = page(store, cursor=second["next"])

    assert [(items(p), p["total"]) for p in (first, second, last)] == [
        (["a", "b"], 5), (["c", "d"], 5), (["e"], 5)]
    assert last["next"] is None
    assert page(store, cursor=first["next"]) == second  # the same cursor, the same page


def test_descending_order_and_filters(store):
    add(store, ("a", 0, "red"), ("b", 1, "red"), ("c", 1, "blue"), ("d", 3, "red"), ("e", 4, "red"))

    assert walk(store, keyset=NEWEST_FIRST) == [["e", "d"], ["c", "b"], ["a"]]
    assert walk(store, colour="red") == [["a", "b"], ["d", "e"]]
    assert page(store, colour="red")["total"] == 4


def test_following_next_visits_every_row_once_while_rows_are_inserted_between_pages(store):
    add(store, *[(f"r{n:02}", n, "red") for n in range(10)])
    inserted = []

    def insert(number):
        # One row before the pages walked so far, one among those still to come, one at the end.
        new = [(f"early{number}", -number, "red"), (f"mid{number}", 2 * number + 0.5, "red"),
               (f"late{number}", 100 + number, "red")]
        add(store, *new)
        inserted.extend(row[0] for row in new)

    pages = walk(store, between=insert, limit=3)

    seen = [id_ for p in pages for id_ in p]
    assert len(seen) == len(set(seen))  # nothing repeated
    assert {f"r{n:02}" for n in range(10)} <= set(seen)  # nothing that was there skipped
    assert not any(id_.startswith("early") for id_ in seen)  # behind the cursor: for a new walk
    assert {f"late{n}" for n in range(1, len(pages))} <= set(seen)  # ahead of it: met on the way
    assert seen == sorted(seen, key=lambda id_: _minutes(store, id_))


def _minutes(store, id_):
    with store.session(all_tenants=True) as session:
        row = session.get(Row, id_)
        return row.at, row.id


def _cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "garbage!", "%%%", "☃", "e30", _cursor({"at": "2023"}), _cursor(["a"]), _cursor(["a", "b", "c"]),
    _cursor([1, "a"]), _cursor(["2023-05-01T08:00:00", "a"]), _cursor(["2023-05-01T08:00:00+00:00", 1]),
    _cursor(["2023-05-01T08:00:00+00:00", "a\u0000"]), _cursor(["2023-05-01T08:00:00+00:00", "\ud800"]),
    _cursor(["0001-01-01T00:00:00+14:00", "a"]), _cursor(["not a time", "a"]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode()], ids=repr)
def test_a_cursor_that_is_not_one_of_this_list_is_400_on_the_field_cursor(store, cursor):
    add(store, ("a", 0, "red"))

    with pytest.raises(ValidationFailed) as refused:
        page(store, cursor=cursor)

    assert refused.value.fields == {"cursor": ["不是此列表的游标：请从第一页重新开始"]}


def test_a_cursor_with_another_offset_means_the_same_instant(store):
    add(store, ("a", 0, "red"), ("b", 60, "red"))
    beijing = timezone(timedelta(hours=8))
    eight_hours_ahead = encode((datetime(2023, 5, 1, 16, 0, tzinfo=beijing), "a"))  # 08:00 UTC

    assert items(page(store, cursor=eight_hours_ahead)) == ["b"]


def test_cut_pages_a_list_computed_whole():
    ranked = [{"group": g, "place": p, "id": i} for g, p, i in
              ((0, 1, "x"), (0, 2, "a"), (0, 2, "b"), (1, 1, "c"), (1, 2, "d"))]

    def key(item):
        return item["group"], item["place"], item["id"]

    first = cut(ranked, key, (int, int, str), limit=2, cursor=None)
    second = cut(ranked, key, (int, int, str), limit=2, cursor=first["next"])
    last = cut(ranked, key, (int, int, str), limit=2, cursor=second["next"])

    assert [(items(p), p["total"]) for p in (first, second, last)] == [
        (ranked[:2], 5), (ranked[2:4], 5), (ranked[4:], 5)]
    assert last["next"] is None
    with pytest.raises(ValidationFailed) as refused:
        cut(ranked, key, (int, int, str), limit=2, cursor=_cursor(["0", 1, "x"]))
    assert refused.value.fields == {"cursor": ["不是此列表的游标：请从第一页重新开始"]}


@pytest.mark.parametrize(("given", "refused"), [
    ({"limit": 0}, {"limit": ["必须在 1 到 200 之间。"]}),
    ({"limit": 201}, {"limit": ["必须在 1 到 200 之间。"]}),
    ({"limit": "ten"}, {"limit": ["不是有效的整数。"]}),
    ({"cursor": "c" * 257}, {"cursor": ["长度必须在 1 到 256 之间。"]}),
    ({"cursor": ""}, {"cursor": ["长度必须在 1 到 256 之间。"]}),
], ids=repr)
def test_a_page_query_holds_1_to_200_items_and_a_bounded_cursor(given, refused):
    with pytest.raises(ValidationFailed) as raised:
        load_arguments(PageQuery(), given)

    assert raised.value.fields == refused


def test_a_page_query_defaults_to_the_first_page_of_50():
    assert load_arguments(PageQuery(), {"limit": None, "cursor": None}) == {"limit": 50, "cursor": None}
    assert load_arguments(PageQuery(), {"limit": "200"}) == {"limit": 200, "cursor": None}


def test_a_prepared_list_answers_what_a_session_reads_as_columns(store):
    add(store, ("a", 0, "red"), ("b", 1, "blue"))
    prepared = PREPARED[ASCENDING].page(store, NINGBO, limit=5, cursor=None)
    with store.session(tenant=NINGBO) as session:
        read = ASCENDING.page(session, select(*columns(Row, RowSchema())), limit=5, cursor=None, total=True)

    assert prepared == read
    assert items(prepared)[0] == {"id": "a", "at": "2023-05-01T08:00:00+00:00", "colour": "red"}


def test_a_prepared_list_is_read_for_a_tenant_with_its_own_filters_only(store):
    with pytest.raises(ValueError, match="for a tenant"):
        PREPARED[ASCENDING].page(store, None, limit=5, cursor=None)
    with pytest.raises(ValueError, match="not a filter"):
        PREPARED[ASCENDING].page(store, NINGBO, limit=5, cursor=None, filters={"tenant": WUXI})


def test_a_prepared_list_is_of_a_tenant_scoped_table_and_answers_its_order():
    class Other(DeclarativeBase):
        pass

    class Shared(Other):
        __tablename__ = "shared"
        id: Mapped[str] = mapped_column(String(32), primary_key=True)

    with pytest.raises(ValueError, match="not tenant-scoped"):
        PreparedList(Keyset(Shared.id), [Shared.id])
    with pytest.raises(ValueError, match="ordered by"):
        PreparedList(ASCENDING, [Row.id, Row.colour])
