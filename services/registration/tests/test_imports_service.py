"""A station's import of a sheet of teams: valid rows land, refused rows come back with their reasons
and codes, nothing is half-written, and the same sheet twice changes nothing."""
import pytest
from sqlalchemy import func, select
from stdnum.cn.uscc import calc_check_digit

from contest_kit.context import Actor
from contest_kit.errors import Forbidden, ValidationFailed
from contest_kit.tables import AuditEntry, OutboxEvent
from registration.models import PersonClaim, Team

NINGBO, WUXI = "2023-ningbo", "2023-wuxi"
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
COMMITTEE = Actor("u-committee", "committee", "2023-national")
ALICE = Actor("u-alice", "applicant")


def uscc(n):
    code = f"913302000000{n:05d}"
    return code + calc_check_digit(code)


def row(n, **changes):
    team = {"name": f"导入队{n}", "track": "quality",
            "unit": {"name": f"导入{n}公司", "uscc": uscc(n), "kind": "software", "staff": 10,
                     "revenue_cny": 1},
            "contact": {"name": "联系人", "email": f"contact{n}@example.com"}, **changes}
    return {"row": n + 2, "team": team}


def count(store, model, *where):
    with store.session(all_tenants=True) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_valid_rows_land_and_refused_rows_say_why_row_by_row(rpc, store):
    sheet = {"rows": [row(1), row(2, track="blockchain"), row(3, unit={"name": "x", "uscc": "9133"}), row(4)]}

    report = rpc(NINGBO_ADMIN, "import_teams", NINGBO, sheet)

    assert (report["created"], report["unchanged"], report["refused"]) == (2, 0, 2)
    assert [(r["row"], r["status"]) for r in report["rows"]] == [
        (3, "created"), (4, "refused"), (5, "refused"), (6, "created")]
    assert report["rows"][1]["codes"] == {"track": ["unknown-track"]}
    assert set(report["rows"][2]["fields"]) >= {"unit.uscc"}
    assert (count(store, Team), count(store, OutboxEvent, OutboxEvent.type == "team-registered"),
            count(store, AuditEntry, AuditEntry.action == "team.registered")) == (2, 2, 2)


def test_the_same_sheet_twice_changes_nothing(rpc, store):
    sheet = {"rows": [row(1), row(2)]}
    first = rpc(NINGBO_ADMIN, "import_teams", NINGBO, sheet)

    again = rpc(NINGBO_ADMIN, "import_teams", NINGBO, sheet)

    assert [r["team_id"] for r in again["rows"]] == [r["team_id"] for r in first["rows"]]
    assert (again["created"], again["unchanged"], count(store, Team),
            count(store, OutboxEvent, OutboxEvent.type == "team-registered")) == (0, 2, 2, 2)


def test_a_row_refused_late_leaves_nothing_half_written(rpc, store):
    # Row 2's representative is row 1's contact: one person, one team, refused once row 2's team row
    # was written in its transaction.
    sheet = {"rows": [row(1), row(2, representatives=[{"name": "联系人", "email": "contact1@example.com"}])]}

    report = rpc(NINGBO_ADMIN, "import_teams", NINGBO, sheet)

    assert [r["status"] for r in report["rows"]] == ["created", "refused"]
    assert report["rows"][1]["codes"] == {"representatives.0.email": ["person-in-another-team"]}
    assert (count(store, Team), count(store, PersonClaim)) == (1, 1)


def test_only_the_station_s_administrator_or_the_committee_imports(rpc, store):
    for actor in (WUXI_ADMIN, ALICE):
        with pytest.raises(Forbidden):
            rpc(actor, "import_teams", NINGBO, {"rows": [row(1)]})

    assert rpc(COMMITTEE, "import_teams", NINGBO, {"rows": [row(1)]})["created"] == 1


@pytest.mark.parametrize("sheet", [{"rows": []}, {"rows": [row(n) for n in range(501)]},
                                   {"rows": [{"row": 1}]}, {}])
def test_a_batch_that_is_no_sheet_is_refused_whole(rpc, store, sheet):
    with pytest.raises(ValidationFailed):
        rpc(NINGBO_ADMIN, "import_teams", NINGBO, sheet)

    assert count(store, Team) == 0
