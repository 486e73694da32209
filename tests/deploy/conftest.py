"""Shared facts and loaders for the deployment tests: no network, no Docker engine, no cluster."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
K8S_TARGETS = {
    "base": "deploy/k8s/base",
    "dev": "deploy/k8s/overlays/dev",
    "prod": "deploy/k8s/overlays/prod",
}


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def service_ports():
    """The port convention every deployment file must follow."""
    return {"gateway": 8000, "registration": 8001, "review": 8002, "ranking": 8003, "notify": 8004}


@pytest.fixture(scope="session")
def service_env(service_ports):
    """Environment variables each service's config.yml needs from a deployment."""
    env = {
        name: {"AMQP_URI", "LOG_LEVEL", "WEB_SERVER_ADDRESS", f"{name.upper()}_DB_URL"}
        for name in service_ports
    }
    env["registration"] |= {
        "BLOB_BACKEND",
        "BLOB_DIR",
        "MINIO_ENDPOINT",
        "MINIO_PUBLIC_ENDPOINT",
        "MINIO_ACCESS_KEY",
        "MINIO_SECRET_KEY",
        "MINIO_BUCKET",
        "MINIO_SECURE",
    }
    env["notify"] |= {"SMTP_HOST", "SMTP_PORT", "MAIL_FROM"}
    env["gateway"] |= {"GATEWAY_SECRET"}
    return env


@pytest.fixture(scope="session")
def config_vars(service_ports):
    """Per service, the variables its config.yml reads through `${VAR:default}`."""
    return {
        name: set(re.findall(r"\$\{(\w+)", (REPO_ROOT / "services" / name / "config.yml").read_text()))
        for name in service_ports
    }


@pytest.fixture(scope="session")
def compose():
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def _kustomize_command():
    # A standalone kustomize wins; otherwise the one built into kubectl (both offline).
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    pytest.fail("neither kustomize nor kubectl is on PATH: the k8s manifests cannot be rendered")


@pytest.fixture(scope="session")
def rendered():
    """Each kustomize target rendered by real kustomize: {"base"|"dev"|"prod": [manifest, ...]}."""
    command = _kustomize_command()
    renders = {}
    for target, path in K8S_TARGETS.items():
        result = subprocess.run(
            [*command, str(REPO_ROOT / path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, f"{target}: {result.stderr}"
        renders[target] = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    return renders
