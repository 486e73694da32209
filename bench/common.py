"""What the benchmark scripts share: a RabbitMQ vhost of their own, the STACK.md baseline
service, CPU time per process."""
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

from contest_cli.platform import SERVICES, Platform, free_port
from contest_cli.seed import seed_demo

HERE = Path(__file__).resolve().parent


def vhost():
    """A fresh vhost, so a benchmark never meets another run's queues; delete it afterwards."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    return name


@contextlib.contextmanager
def seeded_platform(**extra_env):
    """The platform on its embedded defaults (SQLite, one process per service, a local SMTP sink) in a
    temporary directory and a vhost of its own, healthy and seeded with the demo edition; yields
    (platform, amqp_uri). On leaving it is stopped and the vhost deleted (a script may stop the
    platform earlier, to measure a baseline on the same vhost)."""
    name = vhost()
    amqp_uri = f"pyamqp://guest:guest@127.0.0.1:5672/{name}"
    var = Path(tempfile.mkdtemp(prefix="contest-bench-"))
    platform = Platform(var=var, amqp_uri=amqp_uri, ports={s: free_port() for s in SERVICES},
                        smtp_port=free_port(), extra_env={"LOG_LEVEL": "WARNING", **extra_env})
    try:
        platform.start_smtp_sink()
        for service in SERVICES:
            platform.start(service)
        platform.wait_healthy(timeout=120)
        seed_demo(amqp_uri)
        yield platform, amqp_uri
    finally:
        platform.stop_all()
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", name], capture_output=True)


@contextlib.contextmanager
def baseline_service(amqp_uri):
    """The bare nameko service of bench/baseline_service.py on a free port, answering once this
    yields its base URL (`/echo`, `/dispatch`); stopped on leaving."""
    port = free_port()
    config = Path(tempfile.mkdtemp()) / "baseline.yml"
    config.write_text(f"AMQP_URI: '{amqp_uri}'\nWEB_SERVER_ADDRESS: '127.0.0.1:{port}'\n")
    proc = subprocess.Popen([sys.executable, "-m", "nameko", "run", "--config", str(config),
                             "baseline_service:BaselineService"], cwd=HERE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/echo", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(30)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14 and 15


def machine_cpu_seconds():
    """CPU time every core of the machine has spent busy so far (not idle, not waiting for I/O)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / CLOCK_TICKS


def broker_pids():
    found = subprocess.run(["pgrep", "-f", "beam.smp"], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


class CpuMeter:
    """CPU used by named processes, the broker and the whole machine during a block."""

    def __init__(self, pids):
        self.pids = dict(pids, broker=None)

    def _now(self):
        now = {name: cpu_seconds(pid) for name, pid in self.pids.items() if pid is not None}
        now["broker"] = sum(cpu_seconds(pid) for pid in broker_pids())
        now["machine"] = machine_cpu_seconds()
        return now

    def __enter__(self):
        self.start = self._now()
        return self

    def __exit__(self, *exc):
        end = self._now()
        self.used = {name: end[name] - self.start[name] for name in end}

    def per_request(self, requests):
        """'name X ms, …': CPU milliseconds per request."""
        return ", ".join(f"{name} {1000 * seconds / requests:.2f} ms" for name, seconds in self.used.items())
