"""Start, watch and stop the platform's processes on this machine.

`contest up` uses it, and so do the end-to-end and reliability tests, so the
tests run the platform exactly the way a newcomer does.
"""
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

SERVICES = ("registration", "review", "ranking", "notify", "gateway")
DEFAULT_PORTS = {"gateway": 8000, "registration": 8001, "review": 8002, "ranking": 8003, "notify": 8004}


def config_path(service):
    """services/<name>/config.yml, found beside the installed package."""
    spec = importlib.util.find_spec(service)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"service package {service!r} is not installed (run `make install`)")
    return Path(list(spec.submodule_search_locations)[0]).parent / "config.yml"


def _exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A stopped child of ours lingers as a zombie until reaped; count it as gone.
    try:
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Platform:
    var: Path
    amqp_uri: str = "pyamqp://guest:guest@127.0.0.1:5672/"
    ports: dict = field(default_factory=lambda: dict(DEFAULT_PORTS))
    smtp_port: int = 8025
    db_urls: dict = field(default_factory=dict)
    extra_env: dict = field(default_factory=dict)
    service_env: dict = field(default_factory=dict)  # service -> {VAR: value}, on top of extra_env
    log_dir: Path | None = None
    procs: dict = field(default_factory=dict)
    restarts: list = field(default_factory=list)  # (name, exit code) of each restart
    _specs: dict = field(default_factory=dict)
    _supervising: bool = False

    def url(self, service="gateway"):
        return f"http://127.0.0.1:{self.ports[service]}"

    def env_for(self, service):
        env = dict(os.environ)
        env.update({
            "AMQP_URI": self.amqp_uri,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{self.ports[service]}",
            f"{service.upper()}_DB_URL": self.db_urls.get(service, f"sqlite:///{self.var}/{service}.db"),
            "BLOB_DIR": str(self.var / "blobs"),
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(self.smtp_port),
        })
        env.update(self.extra_env)
        env.update(self.service_env.get(service, {}))
        return env

    def start_smtp_sink(self):
        self._spawn("smtp", [sys.executable, "-m", "contest_cli.smtp_sink", "--port", str(self.smtp_port),
                             "--dir", str(self.var / "mail")], dict(os.environ))

    def start(self, service):
        self._spawn(service, [sys.executable, "-m", "nameko", "run", "--config", str(config_path(service)),
                              f"{service}.service:{service.capitalize()}Service"], self.env_for(service))

    def start_relay(self, service):
        """A relay process of its own for `service` (run with OUTBOX_RELAY=false)."""
        env = self.env_for(service)
        self._spawn(f"{service}-relay", [sys.executable, "-m", "contest_kit.relay", "--service", service,
                                         "--db-url", env[f"{service.upper()}_DB_URL"],
                                         "--amqp-uri", self.amqp_uri], env)

    def _spawn(self, name, argv, env):
        self._specs[name] = (argv, env)
        self.var.mkdir(parents=True, exist_ok=True)
        log_dir = self.log_dir or self.var / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        with open(log_dir / f"{name}.log", "ab") as log:  # the child keeps its own copy
            self.procs[name] = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def supervise(self, interval=0.5):
        """Restart any process that exits on its own, as compose and Kubernetes do.

        A nameko 2 service exits when the broker drops its connection at the
        moment it acknowledges a message; what it had not acknowledged is
        delivered again to the restarted process, and its inbox skips repeats.
        Processes stopped or killed through this class are not restarted.
        """
        import threading

        def watch():
            while self._supervising:
                for name, proc in list(self.procs.items()):
                    if proc.poll() is not None and self.procs.get(name) is proc:
                        self.restarts.append((name, proc.returncode))
                        self._spawn(name, *self._specs[name])
                        self.save_pids()
                time.sleep(interval)

        self._supervising = True
        threading.Thread(target=watch, name="supervisor", daemon=True).start()

    def healthy(self, service):
        try:
            return requests.get(self.url(service) + "/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def wait_healthy(self, services=SERVICES, timeout=90, progress=None):
        deadline = time.monotonic() + timeout
        waiting = list(services)
        while waiting:
            for service in list(waiting):
                proc = self.procs.get(service)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{service} exited with {proc.returncode}; see its log in "
                                       f"{self.log_dir or self.var / 'logs'}")
                if self.healthy(service):
                    waiting.remove(service)
                    if progress is not None:
                        progress(service)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"not healthy after {timeout} s: {', '.join(waiting)}")
            if waiting:
                time.sleep(0.3)

    def stop(self, name, sig=signal.SIGTERM, timeout=20):
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def kill(self, name):
        """As a crash would: no chance to finish anything."""
        self.stop(name, signal.SIGKILL)

    def save_pids(self):
        """Remember the processes so `contest down` can stop them, whatever happens to this one."""
        pids = {name: proc.pid for name, proc in self.procs.items()}
        (self.var / "pids.json").write_text(json.dumps(pids))

    @staticmethod
    def running_saved(var):
        """Names of processes a previous `contest up` in `var` left running."""
        path = var / "pids.json"
        if not path.exists():
            return []
        return [name for name, pid in json.loads(path.read_text()).items() if _exists(pid)]

    @staticmethod
    def stop_saved(var, timeout=20):
        path = var / "pids.json"
        if not path.exists():
            return []
        pids = json.loads(path.read_text())
        alive = []
        for name, pid in pids.items():
            try:
                os.killpg(pid, signal.SIGTERM)
                alive.append((name, pid))
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + timeout
        for _, pid in alive:
            while time.monotonic() < deadline and _exists(pid):
                time.sleep(0.1)
            if _exists(pid):
                os.killpg(pid, signal.SIGKILL)
        path.unlink()
        return [name for name, _ in alive]

    def stop_all(self, timeout=20):
        """Ask every process to stop at once, then wait: nameko takes seconds to stop gracefully."""
        self._supervising = False
        (self.var / "pids.json").unlink(missing_ok=True)
        procs = [(name, self.procs.pop(name)) for name in list(self.procs)]
        for _, proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for _, proc in procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
