"""Seed the demo edition (idempotent): the committee defines the edition and its stations in
registration, the gateway learns them from registration's events, and the demo accounts are made
through the gateway's operator RPC.
"""
import time
from datetime import datetime, timedelta

from nameko.standalone.rpc import ClusterRpcProxy

from contest_contracts.fields import SHANGHAI
from contest_kit.context import Actor
from contest_kit.envelope import new_correlation_id
from contest_kit.errors import NotFound

EDITION = "2023"
DEMO_PASSWORD = "demo-pass-2023"
STATIONS = (
    ("2023-beijing", "北京赛站", "Beijing station"),
    ("2023-wuxi", "无锡赛站", "Wuxi station"),
    ("2023-ningbo", "宁波赛站", "Ningbo station"),
    ("2023-qingdao", "青岛赛站", "Qingdao station"),
    ("2023-xinjiang", "新疆赛站", "Xinjiang station"),
)
NATIONAL = ("2023-national", "大赛组委会", "National committee")
# (username, role, tenant, display name)
ACCOUNTS = (
    ("committee", "committee", "2023-national", "组委会秘书处"),
    ("operator", "operator", None, "运维值班"),
    ("admin-ningbo", "station_admin", "2023-ningbo", "宁波赛站管理员"),
    ("admin-beijing", "station_admin", "2023-beijing", "北京赛站管理员"),
    ("expert1-ningbo", "expert", "2023-ningbo", "专家一"),
    ("expert2-ningbo", "expert", "2023-ningbo", "专家二"),
    ("expert3-ningbo", "expert", "2023-ningbo", "专家三"),
    ("team-demo", "applicant", None, "示例团队联系人"),
)


# The 2023 edition's five tracks (001).
TRACKS = (
    ("quality", "质量管控", "Quality control"),
    ("servitization", "服务化延伸", "Servitization"),
    ("industrial-brain", "工业大脑", "Industrial brain"),
    ("supply-chain", "供应链协同", "Supply-chain collaboration"),
    ("green", "绿色低碳", "Green and low-carbon"),
)


def demo_edition(today=None):
    """The 2023 edition's names, tracks and thresholds, on a timeline that starts from today: its
    real one (registration closed 2023-10-22) would refuse every demo registration."""
    today = today or datetime.now(SHANGHAI).date()
    close = datetime.combine(today + timedelta(days=60), datetime.max.time().replace(microsecond=0),
                             tzinfo=SHANGHAI)
    return {"name": "2023中国工业互联网大赛", "theme": "工业互联网", "year": 2023,
            "registration_closes_at": close.isoformat(),
            "cutoffs": [{"stage": "local", "at": (close + timedelta(days=30)).isoformat()},
                        {"stage": "final", "at": (close + timedelta(days=60)).isoformat()}],
            "tracks": [{"code": code, "name_zh": zh, "name_en": en} for code, zh, en in TRACKS]}


def operator_context():
    actor = Actor(id="cli", role="operator")
    return {**actor.as_context(), "correlation_id": new_correlation_id()}


def committee_context():
    actor = Actor(id="cli", role="committee", tenant=NATIONAL[0])
    return {**actor.as_context(), "correlation_id": new_correlation_id()}


def seed_demo(amqp_uri, timeout=30):
    config = {"AMQP_URI": amqp_uri}
    with ClusterRpcProxy(config, timeout=timeout, context_data=committee_context()) as cluster:
        if _absent(cluster.registration, EDITION):  # defined once: a second seed keeps its timeline
            cluster.registration.define_edition(EDITION, demo_edition())
        for code, zh, en in STATIONS:
            cluster.registration.define_station(code, {"edition": EDITION, "kind": "station",
                                                       "name_zh": zh, "name_en": en})
        cluster.registration.define_station(NATIONAL[0], {"edition": EDITION, "kind": "national",
                                                          "name_zh": NATIONAL[1], "name_en": NATIONAL[2]})
    with ClusterRpcProxy(config, timeout=timeout, context_data=operator_context()) as cluster:
        _wait_for_tenants(cluster.gateway, {code for code, *_ in STATIONS} | {NATIONAL[0]}, timeout)
        for username, role, tenant, name in ACCOUNTS:
            cluster.gateway.ensure_account(username, DEMO_PASSWORD, role, tenant, name,
                                           f"{username}@demo.contest.local")
    return len(STATIONS) + 1, len(ACCOUNTS)


def _absent(registration, edition):
    try:
        registration.get_edition(edition)
    except NotFound:
        return True
    return False


def _wait_for_tenants(gateway, codes, timeout):
    """The gateway learns tenants from events: wait until it serves every one the seed defined."""
    deadline = time.monotonic() + timeout
    while not codes <= set(gateway.known_tenants()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the gateway did not learn the tenants {sorted(codes)} in {timeout}s")
        time.sleep(0.1)
