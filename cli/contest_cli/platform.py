"""Start, watch and stop the platform's processes on this machine.

`contest up` uses it, and so do the end-to-end and reliability tests, so the
tests run the platform exactly the way a newcomer does.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from contest_cli.host import alive, die_with_parent

SERVICES = ("registration", "review", "ranking", "notify", "gateway")
DEFAULT_PORTS = {"gateway": 8000, "registration": 8001, "review": 8002, "ranking": 8003, "notify": 8004}


def _exists(pid):
    # A stopped child of ours lingers as a zombie until reaped: reap it, and count it as gone.
    try:
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return False
    except ChildProcessError:
        pass
    return alive(pid)


def _killpg(pid, sig):
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def read_pids(var):
    """(pid of the supervising `contest up` or None, {name: pid}) from var/pids.json."""
    path = Path(var) / "pids.json"
    try:
        saved = json.loads(path.read_text())
    except (OSError, ValueError):
        return None, {}
    if "processes" in saved:
        return saved.get("supervisor"), dict(saved["processes"])
    return None, saved  # written by an older `contest up`: processes only


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
    _watcher: threading.Thread | None = None

    def url(self, service="gateway"):
        return f"http://127.0.0.1:{self.ports[service]}"

    def env_for(self, service):
        env = dict(os.environ)
        env.update({
            "AMQP_URI": self.amqp_uri,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{self.ports[service]}",
            f"{service.upper()}_DB_URL": self.db_urls.get(service, f"sqlite:///{self.var}/{service}.db"),
            "BLOB_DIR": str(self.var / "blobs"),
            # The local blob store's presigned URLs: registration signs them, the gateway serves them.
            "BLOB_URL_BASE": f"{self.url('gateway')}/blobs",
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
        self._spawn(service, [sys.executable, "-m", "contest_kit.serve", service], self.env_for(service))

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
        # Each child runs in a session of its own (a Ctrl-C meant for `contest up` is not
        # theirs), and gets SIGTERM when the thread that started it ends: nothing outlives
        # its supervisor, even one killed with -9.
        with open(log_dir / f"{name}.log", "ab") as log:  # the child keeps its own copy
            self.procs[name] = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True, preexec_fn=die_with_parent())

    def restart_exited(self):
        """Start again every process that exited on its own; [(name, exit code)] of those.

        Call it from a thread that lives as long as the platform: a restarted process is tied
        to the calling thread (PR_SET_PDEATHSIG) and gets SIGTERM when that thread ends.
        """
        restarted = []
        for name, proc in list(self.procs.items()):
            if proc.poll() is not None and self.procs.get(name) is proc:
                self.restarts.append((name, proc.returncode))
                restarted.append((name, proc.returncode))
                self._spawn(name, *self._specs[name])
        if restarted:
            self.save_pids()
        return restarted

    def supervise(self, interval=0.5):
        """Restart any process that exits on its own, as compose and Kubernetes do, from a thread.

        A nameko 2 service exits when the broker drops its connection at the moment it
        acknowledges a message; what it had not acknowledged is delivered again to the
        restarted process, and its inbox skips repeats.
        Processes stopped or killed through this class are not restarted.
        The watcher thread runs until `stop_all`, whatever goes wrong in a round: what it
        restarted would die with it. (`contest up` calls `restart_exited` from its main loop.)
        """
        def watch():
            while self._supervising:
                try:
                    self.restart_exited()
                except Exception as exc:
                    print(f"supervisor: restart failed: {exc!r}", file=sys.stderr)
                time.sleep(interval)

        self._supervising = True
        self._watcher = threading.Thread(target=watch, name="supervisor", daemon=True)
        self._watcher.start()

    def health(self, service):
        """(True, None) when `/health` of `service` answers ok from the very process started
        here, else (False, why). Another copy of the platform listening on the same port
        (nameko's sockets take SO_REUSEPORT) answers with its own pid: never taken as ours."""
        proc = self.procs.get(service)
        try:
            response = requests.get(self.url(service) + "/health", timeout=2)
        except requests.RequestException as exc:
            return False, f"no answer on port {self.ports[service]} ({type(exc).__name__})"
        if response.status_code != 200:
            return False, f"/health answered {response.status_code}"
        try:
            pid = response.json().get("pid")
        except (ValueError, AttributeError):
            pid = None
        if proc is None or pid != proc.pid:
            started = f"pid {proc.pid}" if proc is not None else "none"
            return False, (f"/health on port {self.ports[service]} answered from pid {pid}, not from the "
                           f"{service} started here ({started}): another process shares the port")
        return True, None

    def healthy(self, service):
        return self.health(service)[0]

    def wait_healthy(self, services=SERVICES, timeout=90, progress=None):
        deadline = time.monotonic() + timeout
        waiting = dict.fromkeys(services)  # service -> why it is not healthy yet
        while waiting:
            for service in list(waiting):
                proc = self.procs.get(service)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{service} exited with {proc.returncode}; see its log in "
                                       f"{self.log_dir or self.var / 'logs'}")
                ok, why = self.health(service)
                if ok:
                    del waiting[service]
                    if progress is not None:
                        progress(service)
                else:
                    waiting[service] = why
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"not healthy after {timeout} s: "
                                   + "; ".join(f"{service}: {why}" for service, why in waiting.items()))
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
        """Remember the processes, and who supervises them (this process), for `contest down`."""
        processes = {name: proc.pid for name, proc in self.procs.items()}
        saved = {"supervisor": os.getpid(), "processes": processes}
        path = self.var / "pids.json"
        tmp = path.with_name("pids.json.tmp")
        tmp.write_text(json.dumps(saved))
        tmp.replace(path)  # readers never see half a file

    @staticmethod
    def running_saved(var):
        """Names of processes a previous `contest up` in `var` left running."""
        return [name for name, pid in read_pids(var)[1].items() if _exists(pid)]

    @staticmethod
    def stop_saved(var, timeout=20):
        """Stop the recorded processes here: for when their supervisor is gone."""
        path = Path(var) / "pids.json"
        _, pids = read_pids(var)
        running = []
        for name, pid in pids.items():
            if not _exists(pid):
                continue
            try:
                os.killpg(pid, signal.SIGTERM)
                running.append((name, pid))
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + timeout
        for _, pid in running:
            while time.monotonic() < deadline and _exists(pid):
                time.sleep(0.1)
            if _exists(pid):
                _killpg(pid, signal.SIGKILL)
        path.unlink(missing_ok=True)
        return [name for name, _ in running]

    def stop_all(self, timeout=20):
        """Ask every process to stop at once, then wait: nameko takes seconds to stop gracefully."""
        self._supervising = False
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(timeout=5)  # no restart half done while we stop everything
        self._watcher = None
        procs = [(name, self.procs.pop(name)) for name in list(self.procs)]
        # One SIGTERM each, never two: a nameko service that gets a second SIGTERM while it
        # stops starts a second, concurrent stop and can hang in it for good.
        for _, proc in procs:
            if proc.poll() is None:
                _killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        try:
            for _, proc in procs:
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    _killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        except KeyboardInterrupt:  # a second Ctrl-C: no more waiting, kill what is left
            for _, proc in procs:
                if proc.poll() is None:
                    _killpg(proc.pid, signal.SIGKILL)
            for _, proc in procs:
                proc.wait()
            (self.var / "pids.json").unlink(missing_ok=True)
            raise
        (self.var / "pids.json").unlink(missing_ok=True)  # last: until now `contest down` may need it
