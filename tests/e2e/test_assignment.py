"""An online review round through the public HTTP API: the station opens the round and profiles its
experts, one of whom worked for the team's unit two years ago; the assignment recuses that expert, the
two others score, the review completes and reaches the ranking, and once the station closes the round
nothing more is scored; the round's ranking by trimmed mean explains each place, and its export is
recomputed by `contest ranking verify`."""
import csv
from datetime import UTC, datetime, timedelta

import pytest

from contest_cli.main import main
from contest_cli.seed import DEMO_PASSWORD
from contest_contracts.review import EXPERT_SHEET
from tests.conftest import Client, team_form, uscc
from tests.e2e.test_flow import wait_for

pytestmark = pytest.mark.e2e
TENANT = "2023-ningbo"
UNIT = uscc("91330200MA2H00001")
LABELS = {key: label for key, label, _width in EXPERT_SHEET}


def test_a_round_from_submission_to_review_completed_with_a_recusal(platform, tmp_path):
    base = platform.url()
    team, admin = Client.login(base, "team-demo"), Client.login(base, "admin-ningbo")
    experts = {n: Client.login(base, f"expert{n}-ningbo") for n in (1, 2, 3)}
    team_id = team.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        "甬江智造", uscc_code=UNIT, email="lilei@example.com")).json()["id"]
    project_id = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/submissions",
                           json={"title": "注塑质量优化", "summary": "工业大脑"}).json()["project_id"]
    wait_for(lambda: admin.get(f"/api/tenants/{TENANT}/reviews").json(), bool)
    now = datetime.now(UTC)
    opened = admin.put(f"/api/tenants/{TENANT}/rounds/online-review", json={
        "kind": "online-review", "name": "网络评审", "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(days=7)).isoformat()})
    assert (opened.status_code, opened.json()["status"]) == (200, "open"), opened.text

    former = {"uscc": UNIT, "name": "甬江智造的单位", "until": "2025-06-30"}
    for n in (1, 2, 3):
        kept = admin.put(f"/api/tenants/{TENANT}/experts/expert{n}-ningbo", json={
            "name": f"专家{n}", "kind": "industry", "units": [former] if n == 1 else []})
        assert kept.status_code == 200, kept.text
    refused = admin.put(f"/api/tenants/{TENANT}/experts/team-demo", json={"name": "某人", "kind": "industry"})
    too_many = admin.post(f"/api/tenants/{TENANT}/assignments", json={"k": 3})
    report = admin.post(f"/api/tenants/{TENANT}/assignments", json={"k": 2})

    assert refused.status_code == 404
    assert (too_many.status_code, too_many.json()["codes"]) == (
        400, {f"projects.{project_id}": ["too-few-experts"]})
    assert (report.status_code, report.json()["pairs"], report.json()["recusals"]) == (200, 2, 1), report.text
    [recusal] = admin.get(f"/api/tenants/{TENANT}/recusals").json()
    assert (recusal["rule"], recusal["detail"]) == ("former-employer", f"worked for {UNIT} until 2025-06-30")
    assert experts[1].get(f"/api/tenants/{TENANT}/reviews").json() == []

    sheet = {"technical": 80, "application": 80, "commercial": 80, "defence": 80}
    recused = experts[1].post(f"/api/tenants/{TENANT}/projects/{project_id}/score-sheets", json=sheet)
    answers = [experts[n].post(f"/api/tenants/{TENANT}/projects/{project_id}/score-sheets", json=sheet)
               for n in (2, 3)]

    assert (recused.status_code, recused.json()["codes"]) == (403, {"project_id": ["recused"]})
    assert [(a.status_code, a.json()["review_completed"]) for a in answers] == [(201, False), (201, True)]
    ranking = wait_for(lambda: admin.get(f"/api/tenants/{TENANT}/ranking").json(), bool)
    assert [(r["project_id"], r["score"]) for r in ranking] == [(project_id, "80.00")]

    closed = admin.post(f"/api/tenants/{TENANT}/rounds/online-review/close")
    late = experts[2].post(f"/api/tenants/{TENANT}/projects/{project_id}/score-sheets", json=sheet)
    assert (closed.status_code, closed.json()["status"]) == (200, "closed"), closed.text
    assert (late.status_code, late.json()["codes"]) == (409, {"round": ["round-closed"]})
    [listed] = experts[2].get(f"/api/tenants/{TENANT}/rounds").json()
    assert (listed["code"], listed["status"], listed["rubric"]["scale"]) == ("online-review", "closed", 100)

    group = admin.get(f"/api/tenants/{TENANT}/reviews?status=completed").json()[0]["group"]
    query = f"group={group}&aggregation=trimmed-mean"
    ranked = wait_for(lambda: admin.get(f"/api/tenants/{TENANT}/rounds/online-review/ranking?{query}").json(),
                      lambda body: body.get("places"))
    [first] = ranked["places"]
    assert (first["project_id"], first["score"], first["explanation"]["arithmetic"]) == (
        project_id, "80.00", "(80.00 + 80.00) / 2 = 80.00 (not trimmed: 2 sheets, fewer than 5)")
    export = admin.get(f"/api/tenants/{TENANT}/rounds/online-review/ranking/export?{query}")
    (tmp_path / "export.json").write_text(export.text, encoding="utf-8")
    assert main(["ranking", "verify", str(tmp_path / "export.json")]) == 0
    assert experts[2].get(f"/api/tenants/{TENANT}/rounds/online-review/ranking?{query}").status_code == 403

    advanced = admin.post(f"/api/tenants/{TENANT}/rounds/online-review/advancement",
                          json={"group": group, "rule": "top-n", "value": 1})
    assert (advanced.status_code, [t["project_id"] for t in advanced.json()["teams"]]) == (201, [project_id])
    told = wait_for(lambda: team.get(f"/api/tenants/{TENANT}/teams/{team_id}/inbox").json(),
                    lambda inbox: any(m["cause"] == "teams-advanced" for m in inbox))
    assert [m["subject"] for m in told if m["cause"] == "teams-advanced"] == ["晋级通知：online-review"]


def test_a_station_imports_its_sheet_of_experts_twice(platform, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONTEST_PASSWORD", DEMO_PASSWORD)
    rows = [{"username": "expert1-ningbo", "name": "王工", "kind": "industry", "fields": "quality，green",
             "units.0.uscc": UNIT, "units.0.name": "甬江", "units.0.until": "2025-06-30", "cap": "40"},
            {"username": "expert2-ningbo", "name": "李投", "kind": "investor"},
            {"username": "team-demo", "name": "不是专家", "kind": "industry"}]
    sheet = tmp_path / "experts.csv"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(LABELS.values())
        writer.writerows([[row.get(key, "") for key in LABELS] for row in rows])
    login = ["--tenant", TENANT, "--username", "admin-ningbo", "--gateway", platform.url()]

    first = main(["experts", "import", str(sheet), *login, "--report", str(tmp_path / "first.csv")])
    second = main(["experts", "import", str(sheet), *login, "--report", str(tmp_path / "second.csv")])

    report = list(csv.reader((tmp_path / "first.csv").read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert (first, second) == (1, 1)
    assert [(r[0], r[1], r[2]) for r in report] == [("2", "kept", "expert1-ningbo"),
                                                     ("3", "refused", "expert2-ningbo"),
                                                     ("4", "refused", "team-demo")]
    assert "kind" in report[1][3] and "username" in report[2][3]
    [kept] = Client.login(platform.url(), "admin-ningbo").get(f"/api/tenants/{TENANT}/experts").json()
    assert (kept["username"], kept["fields"], kept["cap"], kept["units"][0]["until"]) == (
        "expert1-ningbo", ["quality", "green"], 40, "2025-06-30")
    assert "3 rows: 1 kept, 2 refused" in capsys.readouterr().out
