"""Fixtures for the cross-service tests: the whole platform, run as `contest up` runs it."""
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from stdnum.cn.uscc import calc_check_digit

from contest_cli.platform import SERVICES, Platform, free_port
from contest_cli.seed import DEMO_PASSWORD, seed_demo
from contest_kit.testing import RABBIT_HOST, rabbitmqctl


def make_platform(var, amqp_uri, db_urls=None, extra_env=None, service_env=None):
    return Platform(var=Path(var), amqp_uri=amqp_uri, ports={s: free_port() for s in SERVICES},
                    smtp_port=free_port(), db_urls=db_urls or {},
                    extra_env={"RPC_TIMEOUT": "10", "LOG_LEVEL": "INFO", **(extra_env or {})},
                    service_env=service_env or {})


def boot(platform, services=SERVICES, relays=()):
    """Start the services (and the relay processes of those run without their own), then seed:
    the seed waits for the gateway to learn the stations from registration's events."""
    platform.start_smtp_sink()
    for service in services:
        platform.start(service)
    platform.wait_healthy(services, timeout=90)
    for service in relays:
        platform.start_relay(service)
    seed_demo(platform.amqp_uri)
    platform.supervise()
    return platform


@pytest.fixture(scope="module")
def module_platform(tmp_path_factory):
    """The whole platform, shared by one module's tests, in a vhost of the module's own."""
    vhost = f"test-module-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    platform = make_platform(tmp_path_factory.mktemp("var"), f"pyamqp://guest:guest@{RABBIT_HOST}/{vhost}")
    try:
        yield boot(platform)
    finally:
        platform.stop_all()
        rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def platform(rabbit_config, tmp_path):
    """The whole platform on its embedded defaults, as `make run` runs it, in a vhost of the test's own."""
    platform = make_platform(tmp_path / "var", rabbit_config["AMQP_URI"])
    try:
        yield boot(platform)
    finally:
        platform.stop_all()


@pytest.fixture
def pg_urls(pg_admin_url):
    """One fresh PostgreSQL database per service, dropped afterwards."""
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    names = {s: f"e2e_{s}_{uuid.uuid4().hex[:8]}" for s in SERVICES}
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield {s: pg_admin_url.rsplit("/", 1)[0] + f"/{n}" for s, n in names.items()}
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class Client:
    """A user of the public HTTP API."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url
        self.token = token
        self.http = requests.Session()

    @classmethod
    def login(cls, base_url, username, password=DEMO_PASSWORD):
        response = requests.post(f"{base_url}/api/auth/token",
                                 json={"username": username, "password": password}, timeout=30)
        assert response.status_code == 200, response.text
        return cls(base_url, response.json()["token"])

    def request(self, method, path, **kwargs):
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.http.request(method, self.base_url + path, headers=headers, timeout=30, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)


def uscc(prefix17):
    """A valid unified social credit code from its first 17 characters."""
    return prefix17 + calc_check_digit(prefix17)


def team_form(name, *, uscc_code, email, track="industrial-brain", staff=120, revenue=30_000_000):
    return {"name": name, "track": track,
            "unit": {"name": f"{name}有限公司", "uscc": uscc_code, "kind": "software", "staff": staff,
                     "revenue_cny": revenue},
            "contact": {"name": "联系人", "email": email}}
