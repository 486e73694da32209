"""From review-completed to a round's advancement through the public HTTP API: two projects the
experts score alike stand in an open tie, which blocks the advancement until the committee's
deliberation orders it; the station then publishes the ranking, and its published export, with the
audit chain's head, verifies with `contest ranking verify`."""
from datetime import UTC, datetime, timedelta

import pytest

from contest_cli.main import main
from tests.conftest import Client, team_form, uscc
from tests.e2e.test_flow import wait_for

pytestmark = pytest.mark.e2e
TENANT = "2023-ningbo"
ROUND = f"/api/tenants/{TENANT}/rounds/online-review"


def project_of(base, number):
    """A team of an applicant account of its own, and its submitted project; (team id, project id)."""
    username = f"ranked-{number}"
    account = {"username": username, "password": "ranked-pass-2023", "email": f"{username}@example.com",
               "display_name": username}
    assert Client(base).post("/api/accounts", json=account).status_code == 201
    applicant = Client.login(base, username, "ranked-pass-2023")
    team = applicant.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        f"并列队{number}", uscc_code=uscc(f"91330200MA2R{number:05}"), email=f"{username}@example.com"))
    assert team.status_code == 201, team.text
    submitted = applicant.post(f"/api/tenants/{TENANT}/teams/{team.json()['id']}/submissions",
                               json={"title": f"并列项目{number}", "summary": "同分"})
    return team.json()["id"], submitted.json()["project_id"]


def test_an_open_tie_blocks_the_advancement_until_the_committee_deliberates(platform, tmp_path):
    base = platform.url()
    admin, committee = Client.login(base, "admin-ningbo"), Client.login(base, "committee")
    experts = [Client.login(base, f"expert{n}-ningbo") for n in (1, 2, 3)]
    now = datetime.now(UTC)
    opened = admin.put(ROUND, json={"kind": "online-review", "name": "网络评审",
                                    "opens_at": (now - timedelta(hours=1)).isoformat(),
                                    "closes_at": (now + timedelta(days=1)).isoformat()})
    assert opened.status_code == 200, opened.text
    projects = [project_of(base, n)[1] for n in (1, 2)]
    wait_for(lambda: admin.get(f"/api/tenants/{TENANT}/reviews").json(), lambda items: len(items) == 2)
    sheet = {"technical": 80, "application": 75, "commercial": 70, "defence": 90}
    for expert in experts:
        for project in projects:
            scored = expert.post(f"/api/tenants/{TENANT}/projects/{project}/score-sheets", json=sheet)
            assert scored.status_code == 201, scored.text
    group = admin.get(f"/api/tenants/{TENANT}/reviews?status=completed").json()[0]["group"]

    ranked = wait_for(lambda: admin.get(f"{ROUND}/ranking?group={group}").json(),
                      lambda body: len(body.get("places", [])) == 2)
    blocked = admin.post(f"{ROUND}/advancement", json={"group": group, "rule": "top-n", "value": 1})
    order = sorted(projects, reverse=True)
    decided = committee.post(f"{ROUND}/deliberations", json={"group": group, "order": order,
                                                             "reason": "合议：现场答辩更完整"})
    settled = admin.get(f"{ROUND}/ranking?group={group}").json()
    advanced = admin.post(f"{ROUND}/advancement", json={"group": group, "rule": "top-n", "value": 1})
    publication = admin.post(f"{ROUND}/ranking/publications", json={"group": group})
    export = committee.get(f"{ROUND}/ranking/published?group={group}")
    workbook = committee.get(f"{ROUND}/ranking/published?group={group}&format=xlsx")
    (tmp_path / "export.json").write_text(export.text, encoding="utf-8")

    assert ranked["open_ties"] == [sorted(projects)]
    assert (blocked.status_code, blocked.json()["codes"]) == (409, {"rule": ["tie-open"]})
    assert decided.status_code == 201, decided.text
    assert [(p["project_id"], p["rank"], p["settled_by"]) for p in settled["places"]] == [
        (order[0], 1, "deliberation"), (order[1], 2, "deliberation")]
    assert (advanced.status_code, [t["project_id"] for t in advanced.json()["teams"]]) == (201, [order[0]])
    assert publication.status_code == 201, publication.text
    assert export.json()["audit_head"] == publication.json()["audit_head"]
    assert workbook.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert main(["ranking", "verify", str(tmp_path / "export.json")]) == 0
