"""Nothing outlives its `contest up`, and `contest down` stops it for good, detached or not."""
import os
import signal
import subprocess
import sys
import time

import pytest

from contest_cli.platform import SERVICES

CONTEST = [sys.executable, "-m", "contest_cli.main"]


@pytest.fixture
def foreground(rabbit_config, tmp_path, ports, machine):
    """`contest up` running in the foreground over its own var/, ports and vhost, once healthy:
    (its process, var, first port). Whatever it leaves behind is killed afterwards."""
    var = tmp_path / "var"
    with open(tmp_path / "up.log", "wb") as log:  # the child keeps its own copy
        up = subprocess.Popen([*CONTEST, "--amqp-uri", rabbit_config["AMQP_URI"], "up", "--var", str(var),
                               "--port", str(ports), "--smtp-port", str(ports + 5)],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    seen = set()

    def healthy():
        if up.poll() is not None:
            return True
        if not (var / "pids.json").exists():
            return False
        seen.update(machine.saved_pids(var)[1].values())
        return all(machine.health(ports + offset) for offset in range(len(SERVICES)))

    try:
        assert machine.wait_for(healthy, timeout=120, interval=0.5), "contest up never became healthy"
        assert up.poll() is None, (tmp_path / "up.log").read_text()
        yield up, var, ports, seen
    finally:
        if up.poll() is None:
            up.kill()
        up.wait()
        machine.kill_groups(pid for pid in seen if not machine.gone(pid))


def port_range(base):
    return [base + offset for offset in range(6)]


def test_services_die_with_a_killed_contest_up(foreground, machine):
    up, var, _, seen = foreground
    _, processes = machine.saved_pids(var)
    seen.update(processes.values())
    assert sorted(processes) == sorted(["smtp", *SERVICES])

    os.kill(up.pid, signal.SIGKILL)
    up.wait()
    # One SIGTERM each from the kernel: nameko stops gracefully within a few seconds.
    assert machine.wait_for(lambda: all(machine.gone(pid) for pid in processes.values()), timeout=10), {
        name: pid for name, pid in processes.items() if not machine.gone(pid)}


def test_a_second_ctrl_c_stops_contest_up_at_once_and_leaves_nothing(foreground, machine):
    # The first Ctrl-C asks every service to stop (SIGTERM); the second must not leave them to
    # the kernel's SIGTERM as contest up exits: a second SIGTERM can hang a stopping nameko.
    up, var, base, seen = foreground
    _, processes = machine.saved_pids(var)
    seen.update(processes.values())

    up.send_signal(signal.SIGINT)
    time.sleep(0.5)
    up.send_signal(signal.SIGINT)
    up.wait(30)

    assert machine.wait_for(lambda: all(machine.gone(pid) for pid in processes.values()), timeout=10), {
        name: pid for name, pid in processes.items() if not machine.gone(pid)}
    assert [port for port in port_range(base) if machine.listening(port)] == []


def test_down_stops_a_foreground_contest_up_and_nothing_comes_back(foreground, contest, machine):
    up, var, base, seen = foreground
    supervisor, processes = machine.saved_pids(var)
    seen.update(processes.values())

    down = contest("down", "--var", var, timeout=90)
    supervisor_exited = machine.wait_for(lambda: up.poll() is not None, timeout=5)
    time.sleep(3)  # a supervisor still watching would have restarted them by now

    assert down.returncode == 0, down.stdout + down.stderr
    assert "stopped 6 processes" in down.stdout
    assert supervisor == up.pid
    assert supervisor_exited and up.returncode == 0
    assert {name: pid for name, pid in processes.items() if not machine.gone(pid)} == {}
    assert [port for port in port_range(base) if machine.listening(port)] == []
    assert not (var / "pids.json").exists()


def test_detached_up_is_supervised_and_down_stops_everything(rabbit_config, tmp_path, contest, ports,
                                                             machine):
    var = tmp_path / "var"
    seen = set()
    try:
        up = contest("--amqp-uri", rabbit_config["AMQP_URI"], "up", "--detach", "--var", var,
                     "--port", ports, "--smtp-port", ports + 5)
        assert up.returncode == 0, up.stdout + up.stderr
        assert f"The platform is up: http://127.0.0.1:{ports}" in up.stdout
        supervisor, processes = machine.saved_pids(var)
        seen.update([*processes.values(), supervisor or 0])
        health = {service: machine.health(ports + offset) for offset, service in
                  enumerate(("gateway", *SERVICES[:4]))}

        assert supervisor is not None and not machine.gone(supervisor)
        assert f"contest up (pid {supervisor})" in up.stdout
        assert {service: answer["pid"] for service, answer in health.items()} == {
            service: processes[service] for service in health}

        # The background contest up supervises: a service killed with -9 comes back.
        os.kill(processes["ranking"], signal.SIGKILL)
        restarted = machine.wait_for(
            lambda: (machine.health(ports + 3) or {}).get("pid") not in (None, processes["ranking"]),
            timeout=60, interval=0.3)
        assert restarted, (var / "logs" / "contest.log").read_text()
        _, now = machine.saved_pids(var)
        seen.update(now.values())
        assert now["ranking"] == machine.health(ports + 3)["pid"]

        down = contest("down", "--var", var, timeout=90)
        time.sleep(3)

        assert down.returncode == 0, down.stdout + down.stderr
        assert "stopped 6 processes" in down.stdout
        assert machine.gone(supervisor)
        assert {name: pid for name, pid in now.items() if not machine.gone(pid)} == {}
        assert [port for port in port_range(ports) if machine.listening(port)] == []
    finally:
        contest("down", "--var", var)
        machine.kill_groups(pid for pid in seen if pid and not machine.gone(pid))
