"""The gateway under test, in a real nameko container, with fake downstream services.

The fakes are small nameko services named like the real ones ("registration",
"review", "ranking", "notify"), made from the route table: each has the RPC
methods the gateway's routes call on it. Each call is recorded with its keyword
arguments and the context data it arrived with; a test decides how a method
answers by putting a function in `downstream.answers` (a list's method answers a
page: `page_of([...])`).

Containers and databases are made fresh for every test (container_factory,
db_url) and stopped gracefully after it, so that every request has been
acknowledged; the RabbitMQ vhost is shared by the gateway's tests, because
`rabbitmqctl` takes two to three seconds to add and delete one, which per test
would put this suite well over a minute. A test that needs a vhost where no
queue was ever declared takes the root conftest's per-test `rabbit_config`.
"""
import os
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partialmethod

import eventlet
import pytest
import requests
from kombu.mixins import ConsumerMixin
from nameko.extensions import DependencyProvider
from nameko.messaging import QueueConsumer
from nameko.rpc import rpc
from nameko.testing.services import entrypoint_hook

from contest_contracts.events import TENANT_DEFINED
from contest_kit.envelope import Envelope, new_correlation_id
from contest_kit.errors import EXPECTED
from contest_kit.migrate import upgrade_service
from contest_kit.paging import answer as page_of
from contest_kit.testing import free_port, publish, rabbitmqctl, store, wait_until
from gateway.models import Tenant
from gateway.routes import BY_NAME, ROUTES
from gateway.routes.table import Remote
from gateway.service import GatewayService

SECRET = "gateway-tests-secret"
PASSWORD = "correct horse battery"
NINGBO = "2023-ningbo"
NATIONAL = "2023-national"
# One account per role; applicants sign up without a home tenant.
ACCOUNTS = {
    "applicant": None,
    "expert": NINGBO,
    "station_admin": NINGBO,
    "committee": NATIONAL,
    "operator": NATIONAL,
}


@dataclass
class Received:
    service: str
    method: str
    kwargs: dict
    context: dict


@dataclass
class Downstream:
    """What the fake services share within one test."""

    calls: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # (service, method) -> fn(*args)
    released: eventlet.Event = field(default_factory=eventlet.Event)

    def never_answer(self, *args, **kwargs):
        """An answer that does not come before the test ends."""
        self.released.wait()
        return None

    def receive(self, service, method, kwargs, context):
        self.calls.append(Received(service, method, kwargs, dict(context)))
        answer = self.answers.get((service, method))
        if answer is None:
            answered_by = {"answered_by": f"{service}.{method}"}
            return page_of([answered_by]) if method in PAGED else answered_by
        return answer(**kwargs)


class ContextData(DependencyProvider):
    """The worker's context data: what the gateway forwarded with the call."""

    def get_dependency(self, worker_ctx):
        return worker_ctx.data


class Script(DependencyProvider):
    def get_dependency(self, worker_ctx):
        return self.container.config["DOWNSTREAM"]


def _fake_method(method):
    def receive(self, **kwargs):
        return self.downstream.receive(self.name, method, kwargs, self.context)
    receive.__name__ = method
    return rpc(expected_exceptions=EXPECTED)(receive)


def fake_service(name):
    """A service named like the real one, with every RPC method the route table calls on it.

    Made from gateway.routes, so a new route needs no new fake; each method takes keyword
    arguments, as the gateway sends them, and records them with the context data.
    """
    methods = {route.call.method for route in ROUTES
               if isinstance(route.call, Remote) and route.call.service in (name, "{service}")}
    methods.update(("audit_entries", "audit_page"))  # the audit routes call them on the service in their path
    methods.add("audit_head")  # the notice's own handler asks every service for its chain heads
    if name == "registration":
        methods.add("list_teams")  # the team list's own handler calls it (gateway.routes.registration)
    if name == "review":
        methods.add("keep_expert")  # called by its route's own handler, once the account is known
        methods.add("draw_timetable")  # called by its route's own handler, which may make a file
    if name == "ranking":
        methods.add("published_ranking")  # called by its route's own handler, which may make a file
        methods.add("publish_notice")  # called by its route's own handler, with the chain heads
    namespace = {"name": name, "context": ContextData(), "downstream": Script()}
    namespace.update({method: _fake_method(method) for method in methods})
    return type(f"Fake{name.capitalize()}", (), namespace)


FAKES = {name: fake_service(name) for name in ("registration", "review", "ranking", "notify")}
# The methods that answer a page of a list (contest_kit.paging).
PAGED = {"audit_page", "list_teams", *(route.call.method for route in ROUTES
                         if route.paged and isinstance(route.call, Remote))}


def fill(path, **values):
    """A concrete path for a route: fill('/t/{tenant}', tenant='x') == '/t/x'."""
    return re.sub(r"{(\w+)}", lambda match: values[match.group(1)], path)


# A valid body for each route that takes one: what a well-behaved client sends.
REGISTRATION = {
    "name": "Blue Lantern", "track": "hardware",
    "unit": {"name": "Ningbo Optics Ltd", "uscc": "91330200MA2AAAAA1X", "kind": "software", "staff": 40,
             "revenue_cny": 12_000_000},
    "contact": {"name": "Li Wei", "email": "li.wei@example.com"},
}
SUBMISSION = {"title": "Lens sorter", "summary": "Sorts lenses by defect with one camera line."}
SCORES = {"technical": 85, "application": 80.5, "commercial": 78, "defence": 90}
EDITION = {"name": "2023中国工业互联网大赛", "year": 2023, "registration_closes_at": "2099-10-22T23:59:59",
           "tracks": [{"code": "quality", "name_zh": "质量管控", "name_en": "Quality control"}]}
STATION = {"edition": "2023", "kind": "station", "name_zh": "宁波赛站", "name_en": "Ningbo station"}
PATH_VALUES = {"edition": "2023", "team_id": "team-1", "project_id": "project-1", "kind": "slides",
               "service": "review", "upload_id": "upload-1", "username": "expert-1", "draw_id": "draw-1",
               "expert_id": "expert-1", "code": "online-review", "complaint_id": "complaint-1"}
# What a route cannot do without, in its query string.
REQUIRED_QUERIES = {"draw_timetable": "?start=2023-11-20T09:00", "round_ranking": "?group=emerging",
                    "round_ranking_export": "?group=emerging", "published_ranking": "?group=emerging"}
UPLOAD = {"kind": "slides", "filename": "路演.pdf", "content_type": "application/pdf", "size": 1934,
          "sha256": "d3e0d5d94a5a8517cc7bdd1557551b585072192c0bbe7ebccfe22bfb0dd9df98"}


class Gateway:
    """A running gateway: its container, its base URL, and helpers to seed and call it.

    Requests ask for English (Accept-Language: en) unless a test says otherwise, so that
    assertions read as the messages' source text; test_i18n checks that Chinese is the default.
    """

    routes = BY_NAME

    def __init__(self, container, url, downstream):
        self.container = container
        self.url = url
        self.downstream = downstream
        self.accounts = {}
        self._tokens = {}
        self._sign_ups = 0

    def ensure_tenant(self, code, kind, name_zh, name_en, tracks=("quality", "industrial-brain")):
        """Define a tenant as registration does, by its tenant-defined event through the broker;
        returns once this replica serves it and the gateway's database holds it."""
        payload = TENANT_DEFINED.dump({
            "code": code, "edition": code[:4], "kind": kind, "name_zh": name_zh, "name_en": name_en,
            "tracks": list(tracks) if kind == "station" else [],
            "registration_closes_at": "2099-10-22T23:59:59+08:00"})
        envelope = Envelope(type=TENANT_DEFINED.type, tenant=code, payload=payload,
                            correlation_id=new_correlation_id())
        publish(self.container.config["AMQP_URI"], TENANT_DEFINED.producer, TENANT_DEFINED.type,
                envelope.to_message())

        def served_and_kept():
            with entrypoint_hook(self.container, "known_tenants") as known_tenants:
                served = code in known_tenants()
            with store(self.container).session() as session:
                kept = session.get(Tenant, code)
                return served and kept is not None and kept.name_en == name_en

        wait_until(served_and_kept)
        return code

    def ensure_account(self, username, role, tenant, password=PASSWORD):
        with entrypoint_hook(self.container, "ensure_account") as ensure_account:
            account = ensure_account(username, password, role, tenant, f"{role} display name",
                                     f"{username}@example.com")
        self.accounts[role] = account
        return account

    def seed(self):
        """The usual world: a station, the committee, and one account per role."""
        self.ensure_tenant(NINGBO, "station", "宁波赛站", "Ningbo station")
        self.ensure_tenant(NATIONAL, "national", "全国组委会", "National committee")
        for role, tenant in ACCOUNTS.items():
            self.ensure_account(f"{role.replace('_', '-')}-1", role, tenant)
        return self

    def token(self, role):
        if role not in self._tokens:
            response = requests.post(self.url + "/api/auth/token", timeout=10,
                                     json={"username": self.accounts[role]["username"], "password": PASSWORD})
            assert response.status_code == 200, response.text
            self._tokens[role] = response.json()["token"]
        return self._tokens[role]

    def call(self, method, path, role=None, headers=None, **kwargs):
        """One HTTP request, with `role`'s bearer token when a role is given."""
        headers = {"Accept-Language": "en", **(headers or {})}
        if role is not None:
            headers["Authorization"] = f"Bearer {self.token(role)}"
        return requests.request(method, self.url + path, headers=headers, timeout=10, **kwargs)

    def send(self, route, role=None, tenant=NINGBO, **kwargs):
        """Call `route` (a name in gateway.routes) the way a well-behaved client would."""
        declared = self.routes[route]
        body = self.valid_body(route)
        if body is not None and "json" not in kwargs and "data" not in kwargs:
            kwargs["data" if isinstance(body, bytes) else "json"] = body
        path = fill(declared.path, tenant=tenant, **PATH_VALUES) + REQUIRED_QUERIES.get(route, "")
        return self.call(declared.method, path, role=role, **kwargs)

    def valid_body(self, route):
        if route == "create_account":
            self._sign_ups += 1
            username = f"sign-up-{self._sign_ups}"
            return {"username": username, "password": "a long enough password",
                    "email": f"{username}@example.com", "display_name": "Li Wei"}
        return {
            "create_token": {"username": "applicant-1", "password": PASSWORD},
            "register_team": REGISTRATION,
            "request_upload": UPLOAD,
            "import_teams": {"rows": [{"row": 3, "team": REGISTRATION}]},
            "disqualify": {"reason": "申报营收与审计报告不符"},
            "record_due_diligence": {"passed": True, "reason": "营业执照、审计报告核验无误"},
            "submit_project": SUBMISSION,
            "submit_score_sheet": SCORES,
            "define_edition": EDITION,
            "import_prior_winners": {"year": 2022, "winners": [
                {"uscc": "91330200MA2H00001W", "unit_name": "宁波甬江智能科技有限公司",
                 "title": "注塑质量优化", "prize": "first"}]},
            "define_station": STATION,
            "override_group": {"group": "leading", "reason": "中央企业子公司，经核实"},
            "keep_expert": {"name": "王工", "kind": "industry", "fields": ["quality"],
                            "units": [{"uscc": "91330200MA2H00001W", "name": "宁波甬江智能科技有限公司"}]},
            "assign_experts": {"k": 5},
            "reopen_score_sheet": {"reason": "专家误填应用成效分"},
            "commit_draw": {"name": "路演 新锐组", "commitment": "0" * 64, "teams": ["team-1", "team-2"]},
            "reveal_draw": {"seed": "0" * 64},
            "set_round_method": {"aggregation": "trimmed-mean", "k": 1},
            "publish_ranking": {"group": "emerging"},
            "advance_teams": {"group": "emerging", "rule": "top-n", "value": 3},
            "split_places": {"places": 20, "among": "group"},
            "recommend": {"projects": ["project-1"]},
            "admit_finalists": {"projects": ["project-1"]},
            "file_complaint": {"project_id": "project-1", "name": "王芳", "contact": "13800000000",
                               "statement": "营收数据造假", "evidence": "审计报告"},
            "complaint_step": {"action": "accept", "note": "受理"},
            "set_award_scheme": {"pool": 100, "tiers": [{"tier": "first", "count": 1, "amount": 100}]},
            "grant_awards": {"round": "final", "group": "emerging", "tiers": [{"tier": "first", "count": 1}]},
            "allocate_quota": {"method": "hamilton", "seats": 10,
                               "units": [{"name": "2023-ningbo", "weight": "3"}]},
            "deliberate": {"group": "emerging", "order": ["project-1", "project-2"], "reason": "合议"},
            "define_round": {"kind": "online-review", "name": "网络评审", "opens_at": "2023-11-01T09:00",
                             "closes_at": "2023-11-10T18:00"},
        }.get(route)


@contextmanager
def _vhost():
    vhost = f"test-gateway-{uuid.uuid4().hex[:12]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        yield f"pyamqp://guest:guest@{os.environ.get('TEST_RABBIT_HOST', '127.0.0.1:5672')}/{vhost}"
    finally:
        rabbitmqctl("delete_vhost", vhost)


@pytest.fixture(scope="session")
def amqp_uri():
    """The vhost the gateway's tests share (see the module docstring)."""
    with _vhost() as uri:
        yield uri


@pytest.fixture
def gateway_db_url(db_url):
    """The gateway's database: SQLite and PostgreSQL; modules where it is not the point override it."""
    return db_url


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path}/gateway.db"


@pytest.fixture
def downstream():
    return Downstream()


@pytest.fixture
def start_gateway(container_factory, amqp_uri, gateway_db_url, downstream, monkeypatch):
    """Start the given fake services, then the gateway; return a Gateway."""
    # kombu's consumer loop looks at its stop flag once a second, so stopping a container takes
    # up to a second; a shorter interval here keeps this suite's run time reasonable.
    monkeypatch.setattr(QueueConsumer, "consume", partialmethod(ConsumerMixin.consume, safety_interval=0.05))
    fakes_started, gateways_started, started_once = [], [], []

    def start(fakes=tuple(FAKES.values()), amqp_uri=amqp_uri, **settings):
        if not started_once:  # migrations are a step of their own, as contest_kit.serve runs them
            upgrade_service("gateway", gateway_db_url)
            started_once.append(True)
        config = {
            "AMQP_URI": amqp_uri,
            "DB_URL": gateway_db_url,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
            "GATEWAY_SECRET": SECRET,
            "TOKEN_TTL_SECONDS": 3600,
            "RPC_TIMEOUT": 1,
            "DOWNSTREAM": downstream,
            **settings,
        }
        for fake in fakes:
            fakes_started.append(container_factory(fake, config))
            fakes_started[-1].start()
        container = container_factory(GatewayService, config)
        gateways_started.append(container)
        container.start()
        return Gateway(container, f"http://{config['WEB_SERVER_ADDRESS']}", downstream)

    yield start
    # container_factory only kills containers, which loses the acknowledgements not yet sent:
    # the broker would hand those requests to the next test's fakes. Stop them instead, once
    # any request a test left unanswered on purpose has been let go.
    downstream.released.send()
    with eventlet.Timeout(10, False):  # failing that, container_factory kills what is left
        for group in (fakes_started, gateways_started):
            pile = eventlet.GreenPile()
            for container in group:
                pile.spawn(container.stop)
            list(pile)


@pytest.fixture
def gateway(start_gateway):
    """The gateway with every fake running and the usual world seeded."""
    return start_gateway().seed()


@pytest.fixture
def gateway_routes():
    """Every API route, as declared."""
    return ROUTES
