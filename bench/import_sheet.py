"""The import of a station's sheet of teams: time and peak memory for a sheet of 20,000 rows.

    .venv/bin/python bench/import_sheet.py [--rows 20000]

Starts the platform on its embedded defaults (SQLite, one process per service) in a temporary
directory and seeds the demo edition, writes an .xlsx of `--rows` valid teams for the Ningbo station,
then runs `contest teams import` on it as the station's administrator (a process of its own, with
its progress bar) and prints its wall time, rows per second, and the peak resident memory of the
CLI process and of the registration service. Record the figures in docs/benchmarks.md.
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import seeded_platform
from stdnum.cn.uscc import calc_check_digit

from contest_cli.seed import DEMO_PASSWORD
from contest_contracts.registration import TEAM_SHEET
from contest_kit.sheets import write_xlsx


def sheet(path, rows):
    def row(n):
        code = f"91330200{n:09d}"
        return {"name": f"导入基准队{n:05d}", "track": "quality", "unit.name": f"基准{n}公司",
                "unit.uscc": code + calc_check_digit(code), "unit.kind": "software", "unit.staff": 10,
                "unit.revenue_cny": 1000000, "unit.central_soe": "否", "contact.name": "王芳",
                "contact.email": f"import{n}@example.com", "representatives.0.name": "王芳",
                "representatives.0.phone": f"139{n:08d}"}
    path.write_bytes(write_xlsx(TEAM_SHEET, (row(n) for n in range(rows)), "bench"))


def peak_rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    with seeded_platform(RPC_TIMEOUT="600") as (platform, amqp_uri):
        path = platform.var / "teams.xlsx"
        sheet(path, args.rows)
        print(f"sheet: {args.rows} rows, {path.stat().st_size / 1024 / 1024:.1f} MiB")
        started = time.perf_counter()
        cli = subprocess.Popen([sys.executable, "-m", "contest_cli.main", "teams", "import", str(path),
                                "--tenant", "2023-ningbo", "--username", "admin-ningbo",
                                "--gateway", platform.url()],
                               env={**os.environ, "CONTEST_PASSWORD": DEMO_PASSWORD})
        cli_peak = 0.0
        while cli.poll() is None:  # the kernel's high-water mark, read until the process ends
            try:
                cli_peak = max(cli_peak, peak_rss_mib(cli.pid))
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.2)
        returncode = cli.wait()
        elapsed = time.perf_counter() - started
        registration_peak = peak_rss_mib(platform.procs["registration"].pid)
    print(f"\nimport of {args.rows} rows through the gateway (batches of 500), SQLite: exit {returncode}, "
          f"{elapsed:.0f} s, {args.rows / elapsed:.0f} rows/s")
    print(f"  peak resident memory: the CLI {cli_peak:.0f} MiB, the registration service "
          f"{registration_peak:.0f} MiB")


if __name__ == "__main__":
    main()
