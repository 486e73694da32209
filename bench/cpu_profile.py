"""Where each process spends its CPU during a benchmark: py-spy samples, summarised by package.

    with Profiler({"gateway": pid, ...}, directory) as profiler:
        ...the burst...
    print(profiler.summary())

py-spy (PyPI) samples each process's Python stacks from outside (`--nonblocking`: the
process is never paused); the raw collapsed stacks stay in `directory` for a closer look
(speedscope or flamegraph.pl read them).
"""
import collections
import signal
import subprocess
import sys
from pathlib import Path

PY_SPY = str(Path(sys.executable).with_name("py-spy"))  # the binary pip puts beside the interpreter
# The leaf frame's file decides where a sample's CPU went.
PACKAGES = (("sqlalchemy", "SQLAlchemy"), ("sqlite3", "sqlite3 (C)"), ("psycopg2", "psycopg2"),
            ("marshmallow", "marshmallow"), ("kombu", "kombu"), ("amqp", "py-amqp"),
            ("nameko", "nameko"), ("eventlet", "eventlet"), ("werkzeug", "werkzeug"),
            ("json", "json"), ("email", "email/smtplib"), ("smtplib", "email/smtplib"),
            ("argon2", "argon2"), ("jinja2", "jinja2"), ("babel", "babel"), ("logging", "logging"),
            ("contest_kit", "contest_kit"), ("contest_contracts", "contest_contracts"),
            ("registration", "service code"), ("review", "service code"), ("ranking", "service code"),
            ("notify", "service code"), ("gateway", "service code"))


IDLE = ("Hub.do_poll", "Hub.wait")  # eventlet waiting for any socket: not work
SOCKET_IO = ("GreenSocket._send_loop", "GreenSocket._recv_loop", "socket_connect")  # in the kernel


def category(frame):
    if frame.startswith(SOCKET_IO):
        return "socket I/O"
    path = frame.rsplit("(", 1)[-1]
    for needle, name in PACKAGES:
        if f"/{needle}/" in path or path.startswith(f"{needle}/") or f"/{needle}.py" in path:
            return name
    return "other (stdlib, idle waits)" if "python3" in path else "other"


class Profiler:
    def __init__(self, pids, directory, rate=100):
        self.pids, self.directory, self.rate = pids, Path(directory), rate
        self.procs = {}

    def __enter__(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, pid in self.pids.items():
            self.procs[name] = subprocess.Popen(
                [PY_SPY, "record", "--pid", str(pid), "--format", "raw", "--rate",
                 str(self.rate), "--nonblocking", "--output", str(self.directory / f"{name}.txt")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        for proc in self.procs.values():
            proc.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
        for proc in self.procs.values():
            proc.wait(60)

    def samples(self, name):
        """category -> samples, for the process `name` (idle greenthreads waiting excluded)."""
        counts = collections.Counter()
        path = self.directory / f"{name}.txt"
        if not path.exists():
            return counts
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            leaf = stack.rsplit(";", 1)[-1]
            if leaf.startswith(IDLE):
                continue
            counts[category(leaf)] += int(count)
        return counts

    def summary(self, top=6):
        lines = [f"CPU samples per process ({self.rate}/s while busy; raw stacks in {self.directory}):"]
        totals = {name: self.samples(name) for name in self.pids}
        grand = sum(sum(c.values()) for c in totals.values()) or 1
        for name, counts in sorted(totals.items(), key=lambda item: -sum(item[1].values())):
            total = sum(counts.values()) or 1
            parts = ", ".join(f"{cat} {n * 100 // total}%" for cat, n in counts.most_common(top))
            lines.append(f"  {name}: {total * 100 // grand}% of all samples; {parts}")
        return "\n".join(lines)
