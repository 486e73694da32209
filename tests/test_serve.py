"""`python -m contest_kit.serve SERVICE`, as every deployment runs a service."""
import os
import signal
import subprocess
import sys
import time

import requests

from contest_kit.testing import free_port, wait_until


def _serve(service, tmp_path, rabbit_config, **env):
    port = free_port()
    environment = {**os.environ, "AMQP_URI": rabbit_config["AMQP_URI"],
                   "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
                   f"{service.upper()}_DB_URL": f"sqlite:///{tmp_path}/{service}.db", **env}
    proc = subprocess.Popen([sys.executable, "-m", "contest_kit.serve", service], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, f"http://127.0.0.1:{port}"


def _healthy(url):
    try:
        return requests.get(url + "/health", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_serve_migrates_then_runs_and_stops_once_on_a_second_sigterm(tmp_path, rabbit_config):
    proc, url = _serve("ranking", tmp_path, rabbit_config)
    try:
        wait_until(lambda: proc.poll() is not None or _healthy(url), timeout=60)
        assert _healthy(url), proc.stdout.read() if proc.poll() is not None else "not healthy"

        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)  # a dying supervisor may send two: nameko hung on them
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 0


def test_serve_refuses_a_bad_setting_naming_it_and_starts_nothing(tmp_path, rabbit_config):
    proc, _url = _serve("review", tmp_path, rabbit_config, SHEETS_PER_PROJECT="three", OUTBOX_RELAY="maybe")

    output, _ = proc.communicate(timeout=60)

    assert proc.returncode == 2
    assert output.strip().splitlines()[-1] == (
        "review: invalid settings: OUTBOX_RELAY: 'maybe' is not a boolean (use true or false); "
        "SHEETS_PER_PROJECT: 'three' is not a whole number")
    assert not (tmp_path / "review.db").exists()
