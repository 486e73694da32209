"""The README's walk-through, run as written, twice in a row, against the platform as `make run` runs it."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "walkthrough.sh"


def walk(platform, **env):
    return subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "G": platform.url(), "VAR": str(platform.var), **env})


def test_the_readme_shows_the_walkthrough_script_as_it_is():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Walk the flow with curl.*?```sh\n(.*?)```", readme, re.DOTALL).group(1)

    assert block == SCRIPT.read_text(encoding="utf-8")


def test_the_walkthrough_runs_again_and_again_as_written(platform):
    first, second = walk(platform), walk(platform)

    assert (first.returncode, first.stderr, second.returncode, second.stderr) == (0, "", 0, "")
    team = [re.search(r"^team (\w+)$", run.stdout, re.MULTILINE).group(1) for run in (first, second)]
    versions = [int(re.search(r"version (\d+) submitted", run.stdout).group(1)) for run in (first, second)]
    assert team[0] == team[1]
    slides = [[json.loads(line)["version"] for line in run.stdout.splitlines() if '"kind":"slides"' in line]
              for run in (first, second)]
    assert (versions, slides) == ([3, 6], [[1], [2]])  # a confirmed upload and two descriptions per run
    assert "Beijing admin: 403" in second.stdout
    assert re.search(r"^(排名更新|评审完成)", second.stdout, re.MULTILINE)


def test_the_walkthrough_stops_loudly_at_a_refusal(platform):
    broken = walk(platform, G=platform.url() + "/nowhere")

    assert broken.returncode != 0
    assert "refused: POST /api/auth/token -> " in broken.stderr
