"""Materials straight to object storage, on both adapters: the local directory (its presigned URLs
served as the gateway serves them) and S3 (moto). Then the freeze at a stage's cut-off, once even
with two replicas racing, and who may read which version."""
import hashlib
import json
from datetime import UTC, datetime, timedelta

import eventlet
import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from contest_kit.blobstore import LocalBlobStore
from contest_kit.change import Command
from contest_kit.context import Actor
from contest_kit.errors import Forbidden, NotFound, ValidationFailed
from contest_kit.tables import AuditEntry, OutboxEvent
from contest_kit.testing import serving_blobs
from registration import freezes
from registration.models import Freeze, FrozenMaterial, Material, Upload
from registration.service import RegistrationService

NINGBO, WUXI = "2023-ningbo", "2023-wuxi"
HUAWEI = "914403001922038216"
ALICE, BOB = Actor("u-alice", "applicant"), Actor("u-bob", "applicant")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
NINGBO_EXPERT, WUXI_EXPERT = Actor("u-nb-expert", "expert", NINGBO), Actor("u-wx-expert", "expert", WUXI)
PDF = b"%PDF-1.7\n" + b"lens sorter " * 100
PPTX = b"PK\x03\x04\x14\x00\x06\x00" + b"slides " * 50


@pytest.fixture(params=["local", "minio"])
def blob_config(request, tmp_path):
    if request.param == "local":
        store = LocalBlobStore(tmp_path / "blobs", url_secret="materials-test")
        with serving_blobs(store) as url_base:
            yield {"BLOB_BACKEND": "local", "BLOB_DIR": str(store.root), "BLOB_URL_BASE": url_base,
                   "BLOB_URL_SECRET": "materials-test", "FREEZE_CHECK_SECONDS": 3600}
        return
    yield {"BLOB_BACKEND": "minio", "MINIO_ENDPOINT": request.getfixturevalue("s3_endpoint"),
           "MINIO_ACCESS_KEY": "testing", "MINIO_SECRET_KEY": "testing",
           "MINIO_BUCKET": f"m-{tmp_path.name.lower().replace('_', '-')}"[:63], "FREEZE_CHECK_SECONDS": 3600}


def team_form(name):
    slug = name.lower().replace(" ", ".")
    return {"name": name, "track": "quality",
            "unit": {"name": "Ningbo Optics Ltd", "uscc": HUAWEI, "kind": "software", "staff": 10,
                     "revenue_cny": 1_000_000},
            "contact": {"name": "Li Wei", "email": f"li.wei@{slug}.example.com"},
            "representatives": [{"name": "Li Wei", "email": f"li.wei@{slug}.example.com"}]}


def announce(data, kind="application-form", content_type="application/pdf", filename="申报书.pdf",
             **overrides):
    return {"kind": kind, "filename": filename, "content_type": content_type, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), **overrides}


def send(upload, data):
    """The team's browser sends the file straight to storage, as the answer says."""
    return requests.request(upload["method"], upload["url"], data=data, headers=upload["headers"], timeout=10)


def upload(rpc, actor, team_id, data, tenant=NINGBO, **form):
    announced = rpc(actor, "request_upload", tenant, team_id, announce(data, **form))
    assert send(announced, data).status_code == 200
    return rpc(actor, "confirm_upload", tenant, team_id, announced["id"])


def count(store, model, *where):
    with store.session(all_tenants=True) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def outbox(store, event_type):
    with store.session(all_tenants=True) as session:
        return [json.loads(row.body)["payload"] for row in session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == event_type).order_by(OutboxEvent.id))]


def cutoffs(**stages):
    """An edition timeline: stage -> its cut-off, minutes from now (0: this instant, after every
    upload confirmed so far and before any to come)."""
    now = datetime.now(UTC)
    return [{"stage": stage.replace("_", "-"), "at": (now + timedelta(minutes=m)).isoformat()}
            for stage, m in stages.items()]


@pytest.fixture
def team(rpc, world):
    world.edition(cutoffs=cutoffs(local=60, semi_final=120, final=180))
    return rpc(ALICE, "register_team", NINGBO, team_form("Blue Lantern"))


def test_an_upload_goes_to_storage_and_becomes_version_one_when_confirmed(rpc, store, team):
    announced = rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF))
    sent = send(announced, PDF)

    material = rpc(ALICE, "confirm_upload", NINGBO, team["id"], announced["id"])

    assert (sent.status_code, announced["method"], announced["stage"]) == (200, "PUT", "local")
    assert {k: material[k] for k in ("kind", "version", "filename", "size", "sha256", "stage")} == {
        "kind": "application-form", "version": 1, "filename": "申报书.pdf", "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(), "stage": "local"}
    [received] = outbox(store, "submission-received")
    kinds = [(m["kind"], m["version"]) for m in received["materials"]]
    assert (received["version"], received["title"], kinds) == (1, "Blue Lantern", [("application-form", 1)])
    assert count(store, AuditEntry, AuditEntry.action == "material.confirmed") == 1


def test_confirming_again_answers_the_same_version_and_records_nothing_more(rpc, store, team):
    announced = rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF))
    send(announced, PDF)

    first = rpc(ALICE, "confirm_upload", NINGBO, team["id"], announced["id"])
    again = rpc(ALICE, "confirm_upload", NINGBO, team["id"], announced["id"])

    assert (again, count(store, Material), len(outbox(store, "submission-received"))) == (first, 1, 1)


def test_each_kind_counts_its_own_versions_and_the_team_sees_them_all(rpc, team):
    upload(rpc, ALICE, team["id"], PDF)
    upload(rpc, ALICE, team["id"], PPTX, kind="slides", filename="roadshow.pptx",
           content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    upload(rpc, ALICE, team["id"], PDF + b"v2")

    history = rpc(ALICE, "team_materials", NINGBO, team["id"])["kinds"]

    assert [(h["kind"], [v["version"] for v in h["versions"]], h["frozen"]) for h in history] == [
        ("application-form", [1, 2], []), ("slides", [1], [])]


def test_a_confirm_with_nothing_sent_is_refused_and_records_nothing(rpc, store, team):
    announced = rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF))

    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "confirm_upload", NINGBO, team["id"], announced["id"])

    assert (refused.value.codes, count(store, Material)) == ({"upload_id": ["upload-missing"]}, 0)


@pytest.mark.parametrize("sent,code", [
    (PDF[:-1], {"size": ["upload-size-mismatch"]}),  # more than announced: the local store refuses the PUT
    (PDF[:-1] + b"?", {"sha256": ["upload-checksum-mismatch"]}),
    (b"<html>" + PDF[6:], {"content_type": ["upload-type-mismatch"]}),
])
def test_what_arrived_otherwise_than_announced_is_refused_removed_and_may_be_sent_again(rpc, store, team,
                                                                                       sent, code):
    announced = rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF))
    send(announced, sent)

    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "confirm_upload", NINGBO, team["id"], announced["id"])
    nothing = (count(store, Material), outbox(store, "submission-received"))
    resent = send(announced, PDF).status_code
    material = rpc(ALICE, "confirm_upload", NINGBO, team["id"], announced["id"])

    assert (refused.value.codes, nothing, resent, material["version"]) == (code, (0, []), 200, 1)


@pytest.mark.parametrize("form,code", [
    ({"content_type": "video/mp4"}, {"content_type": ["material-type-refused"]}),
    ({"size": 20 * 1024 * 1024 + 1}, {"size": ["material-too-large"]}),
    ({"size": 0}, {"size": ["material-empty"]}),
])
def test_an_upload_of_a_refused_type_or_size_gets_no_url_and_records_nothing(rpc, store, team, form, code):
    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF, **form))

    assert (refused.value.codes, count(store, Upload)) == (code, 0)


@pytest.mark.parametrize("field,value", [("filename", "a\x00b.pdf"), ("filename", "x" * 5000),
                                         ("filename", "\u202egpj.exe"), ("sha256", "ABC"), ("size", 1.5),
                                         ("size", "301"), ("kind", "poster")])
def test_a_malformed_announcement_is_refused_on_its_field(rpc, team, field, value):
    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF, **{field: value}))

    assert list(refused.value.fields) == [field]


def test_only_the_team_s_own_account_may_upload(rpc, team):
    with pytest.raises(NotFound):
        rpc(BOB, "request_upload", NINGBO, team["id"], announce(PDF))
    with pytest.raises(Forbidden):
        rpc(NINGBO_ADMIN, "request_upload", NINGBO, team["id"], announce(PDF))


def test_another_team_s_upload_cannot_be_confirmed(rpc, team):
    bob_team = rpc(BOB, "register_team", NINGBO, team_form("Red Kite"))
    announced = rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF))
    send(announced, PDF)

    with pytest.raises(NotFound):
        rpc(BOB, "confirm_upload", NINGBO, bob_team["id"], announced["id"])


def test_after_the_last_cut_off_no_upload_is_accepted(rpc, world, team):
    world.edition(cutoffs=cutoffs(local=-3, semi_final=-2, final=-1))

    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "request_upload", NINGBO, team["id"], announce(PDF))

    assert refused.value.codes == {"kind": ["materials-closed"]}


def test_a_stage_judges_the_version_confirmed_by_its_cut_off_and_an_expert_reads_it_after_a_later_one(
        rpc, store, world, team):
    upload(rpc, ALICE, team["id"], PDF)
    world.edition(cutoffs=cutoffs(local=0, semi_final=60))
    froze = freezes.freeze_due(Command(store, "registration"))
    later = upload(rpc, ALICE, team["id"], PDF + b" v2")

    frozen = rpc(NINGBO_EXPERT, "download_material", NINGBO, team["id"], "application-form", stage="local")
    newest = rpc(ALICE, "download_material", NINGBO, team["id"], "application-form")
    history = rpc(ALICE, "team_materials", NINGBO, team["id"])["kinds"]

    assert (froze, later["stage"]) == ([(NINGBO, "local"), (WUXI, "local")], "semi-final")
    assert (requests.get(frozen["url"], timeout=10).content, frozen["version"]) == (PDF, 1)
    assert (requests.get(newest["url"], timeout=10).content, newest["version"]) == (PDF + b" v2", 2)
    assert [(v["version"], v["stage"]) for v in history[0]["versions"]] == [(1, "local"), (2, "semi-final")]
    assert [(f["stage"], f["version"]) for f in history[0]["frozen"]] == [("local", 1)]
    [event] = outbox(store, "materials-frozen")
    assert (event["team_id"], event["stage"], [(m["kind"], m["version"]) for m in event["materials"]]) == (
        team["id"], "local", [("application-form", 1)])


def test_a_stage_is_frozen_once_when_asked_again(rpc, store, world, team):
    upload(rpc, ALICE, team["id"], PDF)
    world.edition(cutoffs=cutoffs(local=0, semi_final=60))
    command = Command(store, "registration")

    first = freezes.freeze_due(command)
    again = freezes.freeze_due(command)

    assert (first, again, count(store, Freeze, Freeze.tenant == NINGBO), count(store, FrozenMaterial),
            len(outbox(store, "materials-frozen"))) == ([(NINGBO, "local"), (WUXI, "local")], [], 1, 1, 1)


def test_two_replicas_timers_racing_freeze_each_stage_once(rpc, store, world, team, start_service,
                                                            blob_config):
    teams = [team] + [rpc(Actor(f"u-{i}", "applicant"), "register_team", NINGBO, team_form(f"Team {i}"))
                      for i in range(4)]
    upload(rpc, ALICE, team["id"], PDF)
    for i, other in enumerate(teams[1:]):
        upload(rpc, Actor(f"u-{i}", "applicant"), other["id"], PDF)
    replicas = [start_service(RegistrationService, **{**blob_config, "FREEZE_CHECK_SECONDS": 0.02})
                for _ in range(2)]

    world.edition(cutoffs=cutoffs(local=0, semi_final=60))
    deadline = datetime.now(UTC) + timedelta(seconds=20)
    while count(store, Freeze) < 2 and datetime.now(UTC) < deadline:
        eventlet.sleep(0.05)
    eventlet.sleep(0.5)  # both replicas' timers fire many times meanwhile

    assert len(replicas) == 2
    assert (count(store, Freeze), count(store, FrozenMaterial)) == (2, 5)  # Ningbo's and Wuxi's
    assert sorted(e["team_id"] for e in outbox(store, "materials-frozen")) == sorted(t["id"] for t in teams)


def test_an_expert_reads_only_frozen_versions_and_only_at_their_station(rpc, store, world, team):
    upload(rpc, ALICE, team["id"], PDF)

    with pytest.raises(ValidationFailed) as unfrozen:
        rpc(NINGBO_EXPERT, "download_material", NINGBO, team["id"], "application-form")
    with pytest.raises(NotFound):
        rpc(NINGBO_EXPERT, "download_material", NINGBO, team["id"], "application-form", stage="local")
    with pytest.raises(Forbidden):
        rpc(WUXI_EXPERT, "download_material", NINGBO, team["id"], "application-form", stage="local")

    assert unfrozen.value.codes == {"stage": ["stage-required"]}


def test_another_station_s_staff_and_another_team_see_no_materials(rpc, team):
    upload(rpc, ALICE, team["id"], PDF)

    with pytest.raises(Forbidden):
        rpc(WUXI_ADMIN, "team_materials", NINGBO, team["id"])
    with pytest.raises(NotFound):
        rpc(BOB, "team_materials", NINGBO, team["id"])
    with pytest.raises(NotFound):
        rpc(BOB, "download_material", NINGBO, team["id"], "application-form")

    staff_view = rpc(NINGBO_ADMIN, "team_materials", NINGBO, team["id"])["kinds"]
    assert [h["kind"] for h in staff_view] == ["application-form"]


def test_the_replica_that_loses_the_race_writes_nothing(rpc, store, world, team):
    upload(rpc, ALICE, team["id"], PDF)
    command, cutoff = Command(store, "registration"), datetime.now(UTC)
    freezes.freeze(command, NINGBO, "local", cutoff)

    with pytest.raises(IntegrityError):
        freezes.freeze(command, NINGBO, "local", cutoff)

    assert (count(store, Freeze), count(store, FrozenMaterial), len(outbox(store, "materials-frozen")),
            count(store, AuditEntry, AuditEntry.action == "materials.frozen")) == (1, 1, 1, 1)


@pytest.mark.parametrize("arguments,field", [({"version": "abc"}, "version"), ({"version": 0}, "version"),
                                             ({"stage": "heats"}, "stage")])
def test_a_malformed_download_over_rpc_is_refused_on_its_field(rpc, team, arguments, field):
    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "download_material", NINGBO, team["id"], "application-form", **arguments)

    assert list(refused.value.fields) == [field]
