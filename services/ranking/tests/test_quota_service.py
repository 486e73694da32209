"""The committee allocates places among stations: kept, audited, announced (quota-allocated); bad
allocations are refused with nothing kept."""
import json

import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.tables import AuditEntry

NATIONAL = "2023-national"
COMMITTEE = Actor("u-committee", "committee", NATIONAL)
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", "2023-ningbo")
STATIONS = [{"name": "2023-ningbo", "weight": "5100"}, {"name": "2023-wuxi", "weight": "3300"},
            {"name": "2023-yantai", "weight": "1600"}]


def allocate(rpc, actor=COMMITTEE, code="national-final", **form):
    return rpc(actor, "allocate_quota", NATIONAL, code, {"units": STATIONS, **form})


def audit(store):
    with store.session() as session:
        return [(e.action, e.data) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_the_committee_allocates_and_allocates_again_each_time_audited(rpc, store):
    first = allocate(rpc, method="hamilton", seats=10)
    again = allocate(rpc, method="dhondt", seats=10)

    assert [(u["name"], u["seats"]) for u in first["units"]] == [
        ("2023-ningbo", 5), ("2023-wuxi", 3), ("2023-yantai", 2)]
    assert [u["seats"] for u in again["units"]] == [6, 3, 1]
    assert rpc(COMMITTEE, "quota", NATIONAL, "national-final") == again
    entries = [data for action, data in audit(store) if action == "ranking.quota-allocated"]
    assert [(e["method"], e["before"] and e["before"]["method"]) for e in entries] == [
        ("hamilton", None), ("dhondt", "hamilton")]


def test_bounds_hold_and_impossible_ones_are_refused_with_nothing_kept(rpc, store):
    bounded = allocate(rpc, method="sainte-lague", seats=10, maximum=4)
    with pytest.raises(Conflict) as below:
        allocate(rpc, code="special", method="hamilton", seats=5, minimum=2)
    with pytest.raises(Conflict) as above:
        allocate(rpc, code="special", method="hamilton", seats=10, maximum=3)
    with pytest.raises(Conflict) as twice:
        rpc(COMMITTEE, "allocate_quota", NATIONAL, "special", {
            "method": "hamilton", "seats": 3, "units": STATIONS + STATIONS[:1]})
    with pytest.raises(ValidationFailed) as method:
        allocate(rpc, code="special", method="borda", seats=3)
    with pytest.raises(ValidationFailed) as negative:
        rpc(COMMITTEE, "allocate_quota", NATIONAL, "special", {
            "method": "hamilton", "seats": 3, "units": [{"name": "a", "weight": "-1"}]})

    assert [u["seats"] for u in bounded["units"]] == [4, 4, 2]
    assert below.value.codes == {"minimum": ["seats-below-minimums"]}
    assert above.value.codes == {"maximum": ["seats-above-maximums"]}
    assert twice.value.codes == {"units": ["duplicate-unit"]}
    assert set(method.value.fields) == {"method"} and "units" in json.dumps(negative.value.fields)
    with pytest.raises(NotFound):
        rpc(COMMITTEE, "quota", NATIONAL, "special")
    assert [a for a, _ in audit(store)].count("ranking.quota-allocated") == 1


def test_only_the_committee_allocates(rpc):
    with pytest.raises(Forbidden):
        allocate(rpc, actor=NINGBO_ADMIN, method="hamilton", seats=10)
    with pytest.raises(Forbidden):
        rpc(NINGBO_ADMIN, "allocate_quota", "2023-ningbo", "national-final", {
            "method": "hamilton", "seats": 10, "units": STATIONS})
