"""Seed the demo edition through the gateway's operator RPC (idempotent)."""
from nameko.standalone.rpc import ClusterRpcProxy

from contest_kit.context import Actor
from contest_kit.envelope import new_correlation_id

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


def operator_context():
    actor = Actor(id="cli", role="operator")
    return {**actor.as_context(), "correlation_id": new_correlation_id()}


def seed_demo(amqp_uri, timeout=30):
    config = {"AMQP_URI": amqp_uri}
    with ClusterRpcProxy(config, timeout=timeout, context_data=operator_context()) as cluster:
        for code, zh, en in STATIONS:
            cluster.gateway.ensure_tenant(code, EDITION, "station", zh, en)
        cluster.gateway.ensure_tenant(NATIONAL[0], EDITION, "national", NATIONAL[1], NATIONAL[2])
        for username, role, tenant, name in ACCOUNTS:
            cluster.gateway.ensure_account(username, DEMO_PASSWORD, role, tenant, name,
                                           f"{username}@demo.contest.local")
    return len(STATIONS) + 1, len(ACCOUNTS)
