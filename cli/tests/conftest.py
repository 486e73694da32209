"""Helpers for the `contest` command's tests: free ports, running the command, watching processes."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

CONTEST = [sys.executable, "-m", "contest_cli.main"]


def consecutive_free_ports(count, start=21000):
    for base in range(start, 40000, 97):
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sock.bind(("127.0.0.1", port))
                sockets.append(sock)
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free ports")


def run_contest(*args, timeout=150):
    return subprocess.run([*CONTEST, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def gone(pid):
    """The process has exited (a zombie not yet reaped by whoever adopted it counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def wait_for(predicate, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def saved_pids(var):
    """(supervisor pid or None, {name: pid}) from var/pids.json, whichever way it is written."""
    saved = json.loads((Path(var) / "pids.json").read_text())
    if "processes" in saved:
        return saved.get("supervisor"), saved["processes"]
    return None, saved


def health(port):
    """The JSON of /health on `port`, or None when nothing answers ok."""
    try:
        response = requests.get(f"http://127.0.0.1:{port}/health", timeout=3)
    except requests.RequestException:
        return None
    return response.json() if response.status_code == 200 else None


def listening(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def kill_groups(pids):
    """Last-resort cleanup after a failed test: nothing it started may outlive it."""
    for pid in pids:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


@pytest.fixture
def contest():
    """contest(*args, timeout=150): run the command, its output captured."""
    return run_contest


@pytest.fixture
def machine():
    """The helpers above that watch this machine's processes and ports."""
    return SimpleNamespace(gone=gone, wait_for=wait_for, saved_pids=saved_pids, health=health,
                           listening=listening, kill_groups=kill_groups)


@pytest.fixture
def ports():
    """The first of six consecutive free ports: gateway, the four services, the SMTP sink."""
    return consecutive_free_ports(6)
