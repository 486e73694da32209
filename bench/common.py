"""What the benchmark scripts share: a RabbitMQ vhost of their own, CPU time per process."""
import os
import subprocess
import uuid
from pathlib import Path


def vhost():
    """A fresh vhost, so a benchmark never meets another run's queues; delete it afterwards."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    return name


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
