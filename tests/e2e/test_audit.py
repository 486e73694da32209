"""The audit record as the committee, a station and an auditor meet it."""
import json
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import Client, boot, make_platform, team_form, uscc

pytestmark = pytest.mark.e2e
TENANT = "2023-ningbo"
SCORES = {"technical": 88, "application": 85.5, "commercial": 80, "defence": 90}


@pytest.fixture(scope="module")
def scored(request, tmp_path_factory):
    """One team registered, submitted and scored by three experts, on a platform of its own."""
    vhost_config = request.getfixturevalue("module_rabbit_config")
    platform = make_platform(tmp_path_factory.mktemp("audit") / "var", vhost_config["AMQP_URI"])
    try:
        boot(platform)
        base = platform.url()
        team = Client.login(base, "team-demo")
        team_id = team.post(f"/api/tenants/{TENANT}/teams", json=team_form(
            "审计队", uscc_code=uscc("91330200MA2H00004"), email="audit@example.com")).json()["id"]
        project_id = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/submissions",
                               json={"title": "可追溯项目", "summary": "留档备查"}).json()["project_id"]
        experts = [Client.login(base, f"expert{i}-ningbo") for i in (1, 2, 3)]
        for _ in range(100):
            if experts[0].get(f"/api/tenants/{TENANT}/reviews").json():
                break
            time.sleep(0.2)
        for expert in experts:
            expert.post(f"/api/tenants/{TENANT}/projects/{project_id}/score-sheets", json=SCORES)
        yield platform, team_id, project_id
    finally:
        platform.stop_all()


@pytest.fixture(scope="module")
def module_rabbit_config():
    import uuid
    vhost = f"test-audit-{uuid.uuid4().hex[:8]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    yield {"AMQP_URI": f"pyamqp://guest:guest@127.0.0.1:5672/{vhost}", "VHOST": vhost}
    subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True)


def contest(platform, *args):
    return subprocess.run([sys.executable, "-m", "contest_cli.main", "--amqp-uri", platform.amqp_uri, *args],
                          capture_output=True, text=True, timeout=120)


def test_audit_committee_reads_each_decision_in_order(scored):
    platform, _team_id, project_id = scored
    committee = Client.login(platform.url(), "committee")

    review = committee.get(f"/api/tenants/{TENANT}/audit/review").json()
    registration = committee.get(f"/api/tenants/{TENANT}/audit/registration").json()

    assert [e["action"] for e in review] == ["score-sheet.submitted"] * 3 + ["review.completed"]
    assert [e["actor_role"] for e in review] == ["expert"] * 4
    assert review[-1]["data"]["score"] == "86.05"
    assert review[-1]["data"]["project_id"] == project_id
    # The station's own definition by the committee comes first (the demo seed defines it).
    assert [e["action"] for e in registration] == ["station.defined", "team.registered",
                                                   "material-version.submitted"]
    assert registration[0]["actor_role"] == "committee"
    assert registration[1]["data"]["group"] == "emerging"
    assert registration[1]["data"]["group_basis"] == {
        "unit_kind": "software", "staff": 120, "revenue_cny": 30_000_000, "central_soe": False,
        "rule": "below-thresholds", "thresholds": {
            "software_staff": 300, "software_revenue_cny": 100_000_000, "industrial_staff": 1000,
            "industrial_revenue_cny": 400_000_000}}


def test_audit_readers_are_the_station_the_committee_and_operators_only(scored):
    platform = scored[0]
    codes = {user: Client.login(platform.url(), user).get(f"/api/tenants/{TENANT}/audit/review").status_code
             for user in ("admin-ningbo", "committee", "operator", "admin-beijing", "expert1-ningbo",
                          "team-demo")}

    assert codes == {"admin-ningbo": 200, "committee": 200, "operator": 200, "admin-beijing": 403,
                     "expert1-ningbo": 403, "team-demo": 403}


def test_audit_nobody_can_write_the_record_over_http(scored):
    platform = scored[0]
    committee = Client.login(platform.url(), "committee")

    answers = [committee.request(m, f"/api/tenants/{TENANT}/audit/review").status_code
               for m in ("POST", "PUT", "PATCH", "DELETE")]

    assert answers == [405, 405, 405, 405]


def test_audit_excel_export_opens_with_a_row_per_entry(scored, tmp_path):
    from openpyxl import load_workbook
    platform = scored[0]
    answer = Client.login(platform.url(), "committee").get(f"/api/tenants/{TENANT}/audit/review?format=xlsx")
    (tmp_path / "audit.xlsx").write_bytes(answer.content)

    rows = list(load_workbook(tmp_path / "audit.xlsx").active.iter_rows(values_only=True))
    assert answer.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [r[4] for r in rows[2:]] == ["score-sheet.submitted"] * 3 + ["review.completed"]


def test_audit_cli_export_verifies_and_a_tampered_export_is_named(scored, tmp_path):
    platform = scored[0]
    out = tmp_path / "review.jsonl"
    exported = contest(platform, "audit", "export", "--service", "review", "--tenant", TENANT,
                       "--out", str(out), "--xlsx", str(tmp_path / "review.xlsx"))
    intact = contest(platform, "audit", "verify", "--file", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    second = json.loads(lines[1])
    second["data"]["total"] = "99.00"
    lines[1] = json.dumps(second, ensure_ascii=False)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tampered = contest(platform, "audit", "verify", "--file", str(out))
    (tmp_path / "junk.jsonl").write_text("not json\n")
    junk = contest(platform, "audit", "verify", "--file", str(tmp_path / "junk.jsonl"))

    assert exported.stdout.strip() == (f"exported 4 entries to {out}, {tmp_path / 'review.xlsx'}")
    assert (intact.returncode, intact.stdout.strip()) == (0, f"intact: 4 entries ({out})")
    assert (tampered.returncode, tampered.stdout.strip()) == (
        1, "BROKEN at entry 2 (seq 2): changed: entry 2 does not match its hash")
    assert (junk.returncode, junk.stderr.strip().splitlines()[-1]) == (
        2, "refused: line 1 is not JSON: Expecting value")


def test_audit_live_verification_names_an_entry_changed_in_the_database(scored):
    platform = scored[0]
    committee = Client.login(platform.url(), "committee")
    before = committee.get(f"/api/tenants/{TENANT}/audit/registration/verify").json()
    with sqlite3.connect(platform.var / "registration.db") as conn:
        conn.execute("UPDATE audit_log SET data = json_set(data, '$.group', 'leading') "
                     "WHERE action = 'team.registered'")
    after = committee.get(f"/api/tenants/{TENANT}/audit/registration/verify").json()
    cli = contest(platform, "audit", "verify", "--service", "registration", "--tenant", TENANT)

    assert before == {"service": "registration", "tenant": TENANT, "entries": 3, "intact": True,
                      "first_break": None}
    assert after["intact"] is False
    assert after["first_break"] == {"position": 2, "seq": 2, "kind": "changed",
                                    "detail": "entry 2 does not match its hash"}
    assert (cli.returncode, cli.stdout.strip()) == (
        1, "BROKEN at entry 2 (seq 2): changed: entry 2 does not match its hash")
