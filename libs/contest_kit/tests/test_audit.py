"""The hash-chained audit record: writing in the caller's transaction, and finding each kind of tampering."""
import json

import pytest
from sqlalchemy import select

from contest_kit.audit import GENESIS, Break, entries_for, entry_hash, record, verify
from contest_kit.audit_export import ExportUnreadable, read_jsonl, write_jsonl, write_xlsx
from contest_kit.context import Actor
from contest_kit.tables import AuditEntry

NINGBO, BEIJING = "2023-ningbo", "2023-beijing"
EXPERT = Actor(id="e-1", role="expert", tenant=NINGBO)


def write_chain(store, tenant, count):
    for n in range(count):
        with store.session(tenant=tenant) as session:
            record(session, tenant=tenant, actor=EXPERT, action="score-sheet.submitted",
                   data={"project_id": f"p-{n}", "total": "86.05"}, correlation_id=f"c-{n}")
    with store.session(all_tenants=True) as session:
        return entries_for(session, tenant)


def test_audit_chain_links_each_entry_to_the_one_before(kit_store):
    chain = write_chain(kit_store, NINGBO, 3)

    assert [e["seq"] for e in chain] == [1, 2, 3]
    assert chain[0]["prev_hash"] == GENESIS
    assert [e["prev_hash"] for e in chain[1:]] == [e["hash"] for e in chain[:-1]]
    assert [entry_hash(e) for e in chain] == [e["hash"] for e in chain]
    assert verify(chain) is None


def test_audit_chains_of_two_tenants_are_apart(kit_store):
    write_chain(kit_store, NINGBO, 2)
    beijing = write_chain(kit_store, BEIJING, 1)

    assert [(e["tenant"], e["seq"], e["prev_hash"]) for e in beijing] == [(BEIJING, 1, GENESIS)]


def test_audit_entry_rolls_back_with_the_change_it_records(kit_store):
    with pytest.raises(RuntimeError), kit_store.session(tenant=NINGBO) as session:
        record(session, tenant=NINGBO, actor=EXPERT, action="score-sheet.submitted", data={},
               correlation_id="c")
        raise RuntimeError("the change failed")

    with kit_store.session(all_tenants=True) as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_audit_refuses_an_untyped_action(kit_store):
    with pytest.raises(ValueError), kit_store.session(tenant=NINGBO) as session:
        record(session, tenant=NINGBO, actor=EXPERT, action="did stuff", data={}, correlation_id="c")


def test_audit_system_entries_name_the_system_as_actor(kit_store):
    with kit_store.session(tenant=NINGBO) as session:
        record(session, tenant=NINGBO, actor=None, action="ranking.updated", data={}, correlation_id=None)
    with kit_store.session(all_tenants=True) as session:
        entry = entries_for(session, NINGBO)[0]

    assert (entry["actor_id"], entry["actor_role"], entry["correlation_id"]) == ("system", "system", "-")


def chain_of(count):
    chain, prev = [], GENESIS
    for seq in range(1, count + 1):
        entry = {"seq": seq, "tenant": NINGBO, "actor_id": "e-1", "actor_role": "expert",
                 "action": "score-sheet.submitted", "data": {"n": seq},
                 "occurred_at": f"2023-11-0{seq}T10:00:00+00:00", "correlation_id": "c", "prev_hash": prev}
        entry["hash"] = prev = entry_hash(entry)
        chain.append(entry)
    return chain


def test_verify_names_a_changed_entry():
    chain = chain_of(5)
    chain[2]["data"] = {"n": 99}

    assert verify(chain) == Break(3, 3, "changed", "entry 3 does not match its hash")


def test_verify_names_a_changed_entry_whose_hash_was_recomputed():
    chain = chain_of(5)
    chain[2]["data"] = {"n": 99}
    chain[2]["hash"] = entry_hash(chain[2])

    assert verify(chain) == Break(4, 4, "changed", "entry 4 does not link to entry 3")


def test_verify_names_a_removed_entry():
    chain = chain_of(5)
    del chain[1]

    assert verify(chain) == Break(2, 3, "missing", "seq 2 missing before seq 3")


def test_verify_names_reordered_entries():
    chain = chain_of(5)
    chain[2], chain[3] = chain[3], chain[2]

    assert verify(chain) == Break(3, 4, "reordered", "seq 4 comes before seq 3")


def test_verify_names_a_duplicated_entry():
    chain = chain_of(3)
    chain.insert(2, dict(chain[1]))

    assert verify(chain) == Break(3, 2, "duplicated", "seq 2 appears twice")


def test_verify_names_an_entry_without_its_fields():
    chain = chain_of(2)
    del chain[1]["actor_role"]

    assert verify(chain) == Break(2, 2, "malformed", "missing fields: actor_role")


def test_export_round_trip_keeps_the_chain_verifiable(tmp_path):
    chain = chain_of(4)
    write_jsonl(chain, tmp_path / "audit.jsonl")

    assert read_jsonl(tmp_path / "audit.jsonl") == chain
    assert verify(read_jsonl(tmp_path / "audit.jsonl")) is None


def test_export_that_does_not_parse_is_refused_with_its_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    path.write_text(json.dumps(chain_of(1)[0]) + "\n{not json\n", encoding="utf-8")

    with pytest.raises(ExportUnreadable, match="line 2 is not JSON"):
        read_jsonl(path)


def test_export_of_something_else_is_refused(tmp_path):
    path = tmp_path / "audit.jsonl"
    path.write_text('{"hello": "world"}\n', encoding="utf-8")

    with pytest.raises(ExportUnreadable, match="line 1 is not an audit entry"):
        read_jsonl(path)


def test_excel_export_has_a_row_per_entry(tmp_path):
    from openpyxl import load_workbook
    chain = chain_of(3)
    write_xlsx(chain, tmp_path / "audit.xlsx")

    sheet = load_workbook(tmp_path / "audit.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ("序号 Seq", "时间 When", "账号 Account", "角色 Role", "操作 Action")
    assert [r[0] for r in rows[2:]] == [1, 2, 3]
    assert rows[2][5] == '{"n": 1}'
