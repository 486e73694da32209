"""Materials end to end, through the public HTTP API only: an upload through a presigned URL, the
freeze at a stage's cut-off, and an expert reading the frozen version after the team uploaded a
later one. The files go to the gateway's /blobs/ (the local store), never through a service."""
import hashlib
import json
import time
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import create_engine, text

from contest_contracts.events import MATERIALS_FROZEN
from contest_contracts.fields import SHANGHAI
from tests.conftest import Client, boot, make_platform, team_form, uscc

pytestmark = pytest.mark.e2e
TENANT = "2023-ningbo"
PDF_V1 = b"%PDF-1.7\n" + "申报书 第一版\n".encode() * 200
PDF_V2 = b"%PDF-1.7\n" + "申报书 第二版\n".encode() * 200


@pytest.fixture
def platform(rabbit_config, tmp_path):
    platform = make_platform(tmp_path / "var", rabbit_config["AMQP_URI"],
                             service_env={"registration": {"FREEZE_CHECK_SECONDS": "0.5"}})
    try:
        yield boot(platform)
    finally:
        platform.stop_all()


def wait_for(fetch, done, timeout=30):
    deadline = time.monotonic() + timeout
    while not done(value := fetch()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def upload(team, team_id, data):
    """As the team's browser does it: announce, PUT the bytes to the URL given, confirm."""
    announced = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/uploads", json={
        "kind": "application-form", "filename": "申报书.pdf", "content_type": "application/pdf",
        "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    assert announced.status_code == 201, announced.text
    sent = requests.put(announced.json()["url"], data=data, headers=announced.json()["headers"], timeout=10)
    assert sent.status_code == 200, sent.text
    confirmed = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/uploads/{announced.json()['id']}/confirm")
    assert confirmed.status_code == 201, confirmed.text
    return announced.json(), confirmed.json()


def move_cutoff(committee, seconds):
    """The committee moves registration's close and the station stage's cut-off to `seconds` from now."""
    edition = committee.get("/api/editions/2023").json()
    now = datetime.now(SHANGHAI)
    form = {name: edition[name] for name in ("name", "theme", "year", "tracks", "thresholds",
                                             "max_representatives")}
    form["registration_closes_at"] = (now + timedelta(seconds=seconds - 1)).isoformat()
    form["cutoffs"] = [{"stage": "local", "at": (now + timedelta(seconds=seconds)).isoformat()},
                       {"stage": "final", "at": (now + timedelta(days=30)).isoformat()}]
    answer = committee.put("/api/editions/2023", json=form)
    assert answer.status_code == 200, answer.text


def test_a_stage_judges_what_was_confirmed_by_its_cut_off_and_the_expert_reads_exactly_that(platform):
    base = platform.url()
    team, committee = Client.login(base, "team-demo"), Client.login(base, "committee")
    expert = Client.login(base, "expert1-ningbo")
    registered = team.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        "甬江智造", uscc_code=uscc("91330200MA2H00001"), email="lilei@example.com"))
    assert registered.status_code == 201, registered.text
    team_id = registered.json()["id"]

    _, first = upload(team, team_id, PDF_V1)
    move_cutoff(committee, 3)
    history = wait_for(lambda: team.get(f"/api/tenants/{TENANT}/teams/{team_id}/materials").json()["kinds"],
                       lambda h: h and h[0]["frozen"])
    _, second = upload(team, team_id, PDF_V2)
    download = f"/api/tenants/{TENANT}/teams/{team_id}/materials/application-form/download"
    frozen, newest = expert.get(download + "?stage=local"), expert.get(download)

    assert [(v["version"], v["stage"]) for v in (first, second)] == [(1, "local"), (2, "final")]
    assert [(f["stage"], f["version"]) for f in history[0]["frozen"]] == [("local", 1)]
    assert frozen.status_code == 200, frozen.text
    assert requests.get(frozen.json()["url"], timeout=10).content == PDF_V1
    assert (newest.status_code, newest.json()["codes"]) == (400, {"stage": ["stage-required"]})
    inbox = wait_for(lambda: team.get(f"/api/tenants/{TENANT}/teams/{team_id}/inbox").json(),
                     lambda v: any(m["cause"] == "materials-frozen" for m in v))
    assert {m["cause"]: m["subject"] for m in inbox}["materials-frozen"] == "赛站阶段材料已锁定"
    # The contract, producer side: the event as registration wrote it to its outbox.
    engine = create_engine(f"sqlite:///{platform.var}/registration.db")
    with engine.connect() as conn:
        bodies = [json.loads(b) for (b,) in conn.execute(
            text("SELECT body FROM outbox WHERE type = 'materials-frozen'"))]
    engine.dispose()
    assert [MATERIALS_FROZEN.load(b["payload"])["materials"][0]["version"] for b in bodies] == [1]


def test_a_confirm_of_a_file_other_than_announced_is_refused_with_its_code(platform):
    base = platform.url()
    team = Client.login(base, "team-demo")
    team_id = team.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        "东海云链", uscc_code=uscc("91330200MA2H00002"), email="hmm@example.com")).json()["id"]
    announced = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/uploads", json={
        "kind": "slides", "filename": "路演.pdf", "content_type": "application/pdf", "size": len(PDF_V1),
        "sha256": hashlib.sha256(PDF_V1).hexdigest()}).json()

    requests.put(announced["url"], data=b"<html>" + PDF_V1[6:], timeout=10)
    refused = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/uploads/{announced['id']}/confirm")
    forged = requests.put(announced["url"].replace("sig=", "sig=0"), data=PDF_V1, timeout=10)

    assert (refused.status_code, refused.json()["codes"]) == (400, {"content_type": ["upload-type-mismatch"]})
    assert forged.status_code == 403
    assert team.get(f"/api/tenants/{TENANT}/teams/{team_id}/materials").json() == {"team_id": team_id,
                                                                                    "kinds": []}
