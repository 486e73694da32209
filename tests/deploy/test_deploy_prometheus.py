"""deploy/prometheus/prometheus.yml: promtool's own check, plus what it cannot know (our targets)."""

import shutil
import subprocess

import pytest
import yaml


def _scrape_configs(repo_root):
    return yaml.safe_load((repo_root / "deploy/prometheus/prometheus.yml").read_text())["scrape_configs"]


def test_prometheus_config_passes_promtool_check(repo_root):
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed: apt-get install prometheus (listed in deploy/apt-packages.txt)")

    result = subprocess.run(
        [promtool, "check", "config", "deploy/prometheus/prometheus.yml"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_prometheus_scrapes_metrics_of_every_service(repo_root, service_ports):
    jobs = {
        job["job_name"]: (
            job.get("metrics_path", "/metrics"),
            [t for c in job["static_configs"] for t in c["targets"]],
        )
        for job in _scrape_configs(repo_root)
        if job["job_name"] in service_ports
    }

    assert jobs == {name: ("/metrics", [f"{name}:{port}"]) for name, port in service_ports.items()}


def test_prometheus_targets_are_compose_services(repo_root, compose):
    hosts = {
        target.split(":")[0]
        for job in _scrape_configs(repo_root)
        for static in job["static_configs"]
        for target in static["targets"]
    }

    assert sorted(hosts - set(compose["services"]) - {"localhost"}) == []
