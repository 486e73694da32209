"""One platform per port and per var/: `contest up` refuses what another process holds, and names it."""
import os
import subprocess
import sys
import textwrap

import pytest

from contest_cli.platform import Platform

HOLD_PORT = textwrap.dedent("""
    import socket, sys, time
    sock = socket.socket()
    sock.bind(("127.0.0.1", int(sys.argv[1])))
    sock.listen()
    print("holding", flush=True)
    time.sleep(120)
""")

HOLD_LOCK = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, f"{os.getpid()}\\n".encode())
    print("holding", flush=True)
    time.sleep(120)
""")

# /health as a service answers it; "other" answers with another process's pid, as a second copy
# of the platform sharing the port (nameko listens with SO_REUSEPORT) would.
FAKE_HEALTH = textwrap.dedent("""
    import json, os, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            pid = os.getpid() if sys.argv[2] == "self" else os.getppid()
            body = json.dumps({"status": "ok", "service": "gateway", "pid": pid}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Health)
    print("serving", flush=True)
    server.serve_forever()
""")


def script(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def holder(tmp_path):
    """holder(name, source, *args): a helper process, started and ready; killed afterwards."""
    started = []

    def start(name, source, *args):
        proc = subprocess.Popen([sys.executable, str(script(tmp_path, name, source)), *map(str, args)],
                                stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() in ("holding", "serving")
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def test_up_refuses_a_taken_port_and_names_the_process_holding_it(rabbit_config, tmp_path, contest, ports,
                                                                  holder):
    squatter = holder("hold_port.py", HOLD_PORT, ports + 2)  # review's port
    var = tmp_path / "var"

    up = contest("--amqp-uri", rabbit_config["AMQP_URI"], "up", "--var", var, "--port", ports,
                 "--smtp-port", ports + 5, timeout=120)

    assert up.returncode == 2, up.stdout + up.stderr
    assert f"port {ports + 2} (review) is taken by pid {squatter.pid} (" in up.stderr
    assert "hold_port.py" in up.stderr
    assert not (var / "logs").exists()  # nothing was started


def test_up_refuses_the_ports_of_another_running_copy_of_the_platform(rabbit_config, tmp_path, contest,
                                                                     ports, machine):
    first, second = tmp_path / "first", tmp_path / "second"
    amqp = rabbit_config["AMQP_URI"]
    try:
        up = contest("--amqp-uri", amqp, "up", "--detach", "--var", first, "--port", ports,
                     "--smtp-port", ports + 5)
        assert up.returncode == 0, up.stdout + up.stderr
        _, processes = machine.saved_pids(first)

        again = contest("--amqp-uri", amqp, "up", "--detach", "--var", second, "--port", ports,
                        "--smtp-port", ports + 5)

        assert again.returncode == 2, again.stdout + again.stderr
        assert f"port {ports} (gateway) is taken by pid {processes['gateway']} (" in again.stderr
        assert "contest_kit.serve gateway" in again.stderr
        assert f"port {ports + 5} (smtp sink) is taken by pid {processes['smtp']} (" in again.stderr
        assert machine.health(ports)["pid"] == processes["gateway"]
    finally:
        contest("down", "--var", second)
        contest("down", "--var", first)


def test_up_refuses_a_var_locked_by_another_contest_up_and_names_its_pid(rabbit_config, tmp_path, contest,
                                                                        ports, holder):
    var = tmp_path / "var"
    var.mkdir()
    other = holder("hold_lock.py", HOLD_LOCK, var / "contest.lock")
    try:
        up = contest("--amqp-uri", rabbit_config["AMQP_URI"], "up", "--detach", "--var", var,
                     "--port", ports, "--smtp-port", ports + 5)
    finally:
        contest("down", "--var", var)

    assert up.returncode == 2, up.stdout + up.stderr
    lock = var / "contest.lock"
    assert f"already running from {var}: contest up (pid {other.pid}) holds {lock}" in up.stderr
    assert f"contest down --var {var}" in up.stderr


@pytest.mark.parametrize("answers_with, healthy", [("self", True), ("other", False)])
def test_wait_healthy_takes_only_an_answer_from_the_process_it_started(tmp_path, ports, holder,
                                                                       answers_with, healthy):
    platform = Platform(var=tmp_path, ports={"gateway": ports})
    platform.procs["gateway"] = holder("fake_health.py", FAKE_HEALTH, ports, answers_with)

    if healthy:
        platform.wait_healthy(["gateway"], timeout=5)
    else:
        with pytest.raises(RuntimeError, match=f"answered from pid {os.getpid()}, not from the gateway"):
            platform.wait_healthy(["gateway"], timeout=2)
