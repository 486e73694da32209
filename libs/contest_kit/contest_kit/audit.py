"""The audit record: a hash-chained log of decisions, per service and tenant.

The notices require review records to be archived for inspection (留档备查).
Each entry holds who (account and role), what (a typed action and its data),
when, the correlation id, its place in the tenant's chain (`seq`) and the hash
of the entry before it. `record()` writes an entry in the caller's transaction,
so a decision and its entry commit or roll back together. Changing, removing or
reordering an entry breaks the chain, and `verify()` names the first break.

Nothing in the platform updates or deletes an entry; the RPC and HTTP API only
read them.
"""
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, select, text

from contest_kit.paging import Keyset
from contest_kit.tables import AuditEntry

GENESIS = "0" * 64
ACTION = re.compile(r"^[a-z][a-z-]*(\.[a-z][a-z-]*)+$")  # e.g. "score-sheet.submitted"
FIELDS = ("seq", "tenant", "actor_id", "actor_role", "action", "data", "occurred_at", "correlation_id",
          "prev_hash")


def entry_hash(entry):
    """sha256 over the canonical JSON of an entry's fields (all but its own hash)."""
    canonical = json.dumps({f: entry[f] for f in FIELDS}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _jsonable(data):
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


_LAST = (select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.tenant == bindparam("tenant"))
         .order_by(AuditEntry.seq.desc()).limit(1))
_APPEND = insert(AuditEntry.__table__)


def record(session, *, tenant, actor, action, data, correlation_id):
    """Append an entry to `tenant`'s chain in `session`'s transaction; returns its fields.

    `actor` is a contest_kit.context.Actor, or None for the system itself (an
    event handler acting on another service's decision).
    """
    if not ACTION.match(action):
        raise ValueError(f"audit action must look like 'thing.happened': {action!r}")
    if session.bind.dialect.name == "postgresql":
        # Two transactions appending to one chain would both take the same seq:
        # the second waits here until the first commits, then reads its entry.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": int(hashlib.sha256(f"audit:{tenant}".encode()).hexdigest()[:15], 16)})
    # Core, not the ORM: this runs with every decision, and two columns are all it needs.
    last = session.execute(_LAST, {"tenant": tenant}).first()
    fields = {
        "seq": (last.seq + 1) if last else 1,
        "tenant": tenant,
        "actor_id": actor.id if actor else "system",
        "actor_role": actor.role if actor else "system",
        "action": action,
        "data": _jsonable(data),
        "occurred_at": datetime.now(UTC).isoformat(),
        "correlation_id": correlation_id or "-",
        "prev_hash": last.hash if last else GENESIS,
    }
    fields["hash"] = entry_hash(fields)
    session.execute(_APPEND, {**fields, "recorded_at": datetime.now(UTC)})
    return fields


def as_dict(entry):
    return {**{f: getattr(entry, f) for f in FIELDS}, "hash": entry.hash}


@dataclass(frozen=True)
class Break:
    """The first place a chain does not hold, and why."""

    position: int  # 1-based line or place in the sequence examined
    seq: int | None
    kind: str  # changed | missing | reordered | duplicated | malformed
    detail: str


def verify(entries):
    """Walk a tenant's chain in the order given; return the first Break, or None if it holds.

    - changed: an entry's fields no longer give its hash (its content was edited);
    - missing: a seq was skipped, or the chain does not start at 1 (an entry was removed);
    - reordered: seqs go backwards (entries were moved);
    - duplicated: a seq appears twice;
    - a link that does not match the previous entry's hash is reported as changed.

    Entries cut off the end leave a shorter chain that still holds: compare the
    last hash with one kept elsewhere (an earlier export) to catch that.
    """
    entries = list(entries)
    present = {e.get("seq") for e in entries if isinstance(e, dict)}
    expected_seq, prev_hash, seen = 1, GENESIS, set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            return Break(position, None, "malformed", "not a JSON object")
        missing = [f for f in (*FIELDS, "hash") if f not in entry]
        if missing:
            return Break(position, entry.get("seq"), "malformed", f"missing fields: {', '.join(missing)}")
        seq = entry["seq"]
        if seq in seen:
            return Break(position, seq, "duplicated", f"seq {seq} appears twice")
        seen.add(seq)
        if seq < expected_seq:
            return Break(position, seq, "reordered", f"seq {seq} comes after seq {expected_seq - 1}")
        if seq > expected_seq and expected_seq in present:
            return Break(position, seq, "reordered", f"seq {seq} comes before seq {expected_seq}")
        if seq > expected_seq:
            return Break(position, seq, "missing",
                         f"seq {expected_seq}{'' if seq == expected_seq + 1 else f'-{seq - 1}'} "
                         f"missing before seq {seq}")
        if entry_hash(entry) != entry["hash"]:
            return Break(position, seq, "changed", f"entry {seq} does not match its hash")
        if entry["prev_hash"] != prev_hash:
            return Break(position, seq, "changed", f"entry {seq} does not link to entry {seq - 1}")
        expected_seq, prev_hash = seq + 1, entry["hash"]
    return None


def entries_for(session, tenant):
    """A tenant's chain in order, as plain dicts."""
    rows = session.scalars(select(AuditEntry).where(AuditEntry.tenant == tenant).order_by(AuditEntry.seq))
    return [as_dict(row) for row in rows]


def head_of(session, tenant):
    """The tenant's chain head: {"seq", "hash"} of its last entry, both None when it has none."""
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.tenant == tenant)
                           .order_by(AuditEntry.seq.desc()).limit(1)).first()
    return {"seq": None, "hash": None} if last is None else {"seq": last.seq, "hash": last.hash}


ORDER = Keyset(AuditEntry.seq)  # (tenant, seq) is unique, and indexed by that constraint


def page_for(session, tenant, *, limit, cursor):
    """A page of a tenant's chain in order (contest_kit.paging), with the number of its entries."""
    return ORDER.page(session, select(AuditEntry).where(AuditEntry.tenant == tenant), limit=limit,
                      cursor=cursor, dump=lambda rows: [as_dict(row) for row in rows], total=True)
