"""`contest`: run the platform locally and operate it.

    contest up                 start every service on the embedded defaults, seed the demo
    contest down               stop a running `contest up` (detached or not) and what it runs
    contest seed               seed the demo edition into a running platform
    contest parked list        list events a service parked
    contest audit verify       walk a service's audit chain for a tenant (live, or --file export)
    contest audit export       write a tenant's audit record as JSON Lines (and Excel)
    contest parked replay ID   run a parked event through its consumer again
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tqdm import tqdm

from contest_cli import draw, experts, host, quota, ranking, teams
from contest_cli.host import VarLock, taken_ports
from contest_cli.platform import SERVICES, Platform, read_pids

DEFAULT_AMQP = "pyamqp://guest:guest@127.0.0.1:5672/"
READY_FILE = "contest.ready"  # written by a running `contest up` once healthy and seeded


def broker_reachable(amqp_uri):
    from kombu import Connection
    try:
        with Connection(amqp_uri, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def _ports(args):
    """What `contest up` listens on: the gateway on --port, the other services on the next four."""
    return {service: args.port + offset for offset, service in enumerate(("gateway", *SERVICES[:4]))}


def _refusal(args, var, lock):
    """Why `contest up` must not start over `var` on its ports, or None. Checks only, starts nothing."""
    if lock.held_elsewhere():
        holder = lock.holder()
        who = f"contest up (pid {holder})" if holder else "a contest up whose pid cannot be read"
        return (f"contest up: already running from {args.var}: {who} holds {lock.path}.\n"
                f"  Stop it first with: contest down --var {args.var}")
    running = Platform.running_saved(var)
    if running:
        return (f"contest up: already running from {args.var} ({', '.join(running)}).\n"
                f"  Stop it first with: contest down --var {args.var}")
    wanted = {**_ports(args), "smtp sink": args.smtp_port}
    taken = taken_ports(wanted)
    if taken:
        lines = [f"contest up: port {port} ({label}) is taken by {holder}." for label, port, holder in taken]
        lines.append("  Another copy of the platform? Stop it (contest down --var <its var>), "
                     "or choose free ports with --port and --smtp-port.")
        return "\n".join(lines)
    return None


def cmd_up(args):
    if not broker_reachable(args.amqp_uri):
        print(f"contest up: RabbitMQ does not answer at {args.amqp_uri}.\n"
              "  Installed but stopped? `make run` starts it, or run: rabbitmq-server -detached\n"
              "  Not installed? On Debian or Ubuntu: sudo apt-get install rabbitmq-server", file=sys.stderr)
        return 2
    var = Path(args.var).resolve()
    lock = VarLock(var)
    refusal = _refusal(args, var, lock)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    if args.detach:
        return _up_detached(args, var)
    if not lock.acquire():  # another one took it since the check
        print(_refusal(args, var, lock) or f"contest up: {lock.path} is locked", file=sys.stderr)
        return 2
    try:
        return _supervise(args, var)
    finally:
        lock.release()


def _stop_on_sigterm(*_):
    raise KeyboardInterrupt  # `contest down` (SIGTERM) stops everything as Ctrl-C does


def _supervise(args, var):
    """Start every process, wait until healthy, seed, then supervise until Ctrl-C or SIGTERM.

    This process stays single-threaded: its children get SIGTERM from the kernel when the
    thread that started them ends, and once more each time they are handed on to another
    thread of a dying process, and a nameko service hangs on a second SIGTERM. Hence no
    tqdm monitor thread, and restarts from the main loop, not from a watcher thread.
    """
    tqdm.monitor_interval = 0
    sys.stdout.reconfigure(line_buffering=True)  # the log of a detached run keeps up
    ready = var / READY_FILE
    ready.unlink(missing_ok=True)
    platform = Platform(var=var, amqp_uri=args.amqp_uri, ports=_ports(args), smtp_port=args.smtp_port)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # A shell starts a background job with SIGINT ignored, and Python then never raises
    # KeyboardInterrupt: take SIGINT back, so that an interrupt always stops the platform.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print(f"contest up (pid {os.getpid()}): data in {platform.var}, logs in {platform.var / 'logs'}")
    try:
        platform.start_smtp_sink()
        for service in SERVICES:
            platform.start(service)
        platform.save_pids()  # so `contest down` finds this supervisor and what it runs
        try:
            with tqdm(total=len(SERVICES), desc="starting services", unit="service") as bar:
                platform.wait_healthy(progress=lambda s: (bar.set_postfix_str(s), bar.update(1)))
            from contest_cli.seed import ACCOUNTS, DEMO_PASSWORD, seed_demo
            tenants, accounts = seed_demo(args.amqp_uri)
        except Exception as exc:
            print(f"contest up failed: {exc}", file=sys.stderr)
            return 1
        welcome = _welcome(platform, tenants, accounts, ACCOUNTS, DEMO_PASSWORD)
        print(welcome + "\nWalk the flow with curl: see README.md. Ctrl-C stops everything.")
        tmp = ready.with_name(READY_FILE + ".tmp")
        tmp.write_text(json.dumps({"pid": os.getpid(), "welcome": welcome}, ensure_ascii=False))
        tmp.replace(ready)
        while True:
            # Restarts happen on this thread, which lives as long as the platform: a child
            # gets SIGTERM when the thread that started it ends (see Platform._spawn).
            for name, code in platform.restart_exited():
                print(f"{name} exited with {code} and was restarted; see {platform.var / 'logs' / name}.log")
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one stop at a time
        print("stopping…")
        try:
            platform.stop_all()
        except KeyboardInterrupt:
            print("interrupted again: killed what was still stopping", file=sys.stderr)
        ready.unlink(missing_ok=True)
        signal.signal(signal.SIGTERM, previous)
    return 0


def _up_detached(args, var, timeout=300):
    """Run `contest up` (the supervisor) in the background, in a session of its own; return once
    it reports ready, with what it says. Its output goes to var/logs/contest.log."""
    log_path = var / "logs" / "contest.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "contest_cli.main", "--amqp-uri", args.amqp_uri, "up", "--var", str(var),
            "--port", str(args.port), "--smtp-port", str(args.smtp_port)]
    with open(log_path, "ab") as log:
        offset = log.tell()
        supervisor = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True, close_fds=True)
    print(f"contest up: starting in the background (supervisor pid {supervisor.pid}, "
          f"output in {log_path})", flush=True)
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready = _read_ready(var)
            if ready is not None and ready.get("pid") == supervisor.pid:
                print(ready["welcome"])
                print(f"Detached: contest up (pid {supervisor.pid}) keeps it running and restarts what "
                      f"exits. Stop it with: contest down --var {args.var}")
                return 0
            code = supervisor.poll()
            if code is not None:
                with open(log_path, "rb") as log:
                    log.seek(offset)
                    said = log.read().decode(errors="replace")
                print(f"contest up failed: the background supervisor exited with {code}:\n{said}",
                      file=sys.stderr)
                return code or 1
            if time.monotonic() > deadline:
                raise TimeoutError
            time.sleep(0.2)
    except (KeyboardInterrupt, TimeoutError) as exc:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(60)
        except subprocess.TimeoutExpired:
            supervisor.kill()
        reason = "interrupted" if isinstance(exc, KeyboardInterrupt) else f"not ready after {timeout} s"
        print(f"contest up: {reason}; stopped. See {log_path}", file=sys.stderr)
        return 1


def _read_ready(var):
    try:
        return json.loads((var / READY_FILE).read_text())
    except (OSError, ValueError):
        return None


def _welcome(platform, tenants, accounts, demo_accounts, password):
    lines = [
        "",
        f"The platform is up: {platform.url()}  (pages in Chinese; add ?lang=en for English)",
        f"  API reference:  {platform.url()}/api/openapi.json",
        f"  metrics:        {platform.url()}/metrics (and /metrics on ports "
        f"{', '.join(str(platform.ports[s]) for s in SERVICES if s != 'gateway')})",
        f"  mail sink:      {platform.var / 'mail'} (SMTP on 127.0.0.1:{platform.smtp_port})",
        f"Seeded {tenants} tenants and {accounts} demo accounts, password '{password}':",
    ]
    lines += [f"  {u:<16} {r:<14} {t or '-'}" for u, r, t, _ in demo_accounts]
    return "\n".join(lines)


def cmd_down(args, timeout=60):
    """Ask the supervising `contest up` to stop everything and wait for it to exit; stop the
    recorded processes here only when no supervisor is left (it was killed)."""
    var = Path(args.var).resolve()
    lock = VarLock(var)
    recorded_supervisor, processes = read_pids(var)
    running = [name for name, pid in processes.items() if host.alive(pid)]
    if not lock.held_elsewhere():
        stopped = Platform.stop_saved(var)
        print(f"stopped {len(stopped)} processes: {', '.join(stopped) or 'none were running'}")
        return 0
    supervisor = lock.holder() or recorded_supervisor
    if supervisor is None:
        print(f"contest down: {lock.path} is held, but by no pid it names; not touching it", file=sys.stderr)
        return 1
    try:
        os.kill(supervisor, signal.SIGTERM)
    except ProcessLookupError:
        pass  # it exited just now; the lock is free in a moment
    deadline = time.monotonic() + timeout
    while lock.held_elsewhere() and time.monotonic() < deadline:
        time.sleep(0.1)
    if lock.held_elsewhere():
        # Stuck: kill it; its children get SIGTERM from the kernel, and whatever is left, below.
        try:
            os.kill(supervisor, signal.SIGKILL)
        except ProcessLookupError:
            pass
        print(f"contest down: contest up (pid {supervisor}) did not stop within {timeout} s; killed it",
              file=sys.stderr)
        while lock.held_elsewhere() and time.monotonic() < deadline + 10:
            time.sleep(0.1)
    Platform.stop_saved(var)  # normally nothing: the supervisor stopped them and removed the file
    print(f"stopped {len(running)} processes: {', '.join(running) or 'none were running'} "
          f"(through contest up, pid {supervisor})")
    return 0


def cmd_seed(args):
    from contest_cli.seed import seed_demo
    tenants, accounts = seed_demo(args.amqp_uri)
    print(f"seeded {tenants} tenants and {accounts} accounts")
    return 0


def cmd_parked(args):
    from nameko.standalone.rpc import ClusterRpcProxy

    from contest_cli.seed import operator_context
    with ClusterRpcProxy({"AMQP_URI": args.amqp_uri}, timeout=30,
                         context_data=operator_context()) as cluster:
        service = getattr(cluster, args.service)
        if args.action == "list":
            rows = service.list_parked(args.all)
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return 0
        outcome = service.replay_parked(args.id)
        print(f"parked event {args.id}: {outcome}")
        return 0 if outcome in ("applied", "duplicate") else 1


def _live_entries(args):
    from nameko.standalone.rpc import ClusterRpcProxy

    from contest_cli.seed import operator_context
    with ClusterRpcProxy({"AMQP_URI": args.amqp_uri}, timeout=60,
                         context_data=operator_context()) as cluster:
        return getattr(cluster, args.service).audit_entries(args.tenant)


def cmd_audit(args):
    from contest_kit.audit import verify
    from contest_kit.audit_export import ExportUnreadable, read_jsonl, write_jsonl, write_xlsx
    if args.action == "verify":
        if args.file:
            try:
                entries = read_jsonl(args.file)
            except ExportUnreadable as exc:
                print(f"refused: {exc}", file=sys.stderr)
                return 2
            source = args.file
        else:
            if not (args.service and args.tenant):
                print("verify needs --file, or --service and --tenant", file=sys.stderr)
                return 2
            entries, source = _live_entries(args), f"{args.service} / {args.tenant}"
        broken = verify(entries)
        if broken is None:
            print(f"intact: {len(entries)} entries ({source})")
            return 0
        print(f"BROKEN at entry {broken.position} (seq {broken.seq}): {broken.kind}: {broken.detail}")
        return 1
    if not (args.service and args.tenant and args.out):
        print("export needs --service, --tenant and --out", file=sys.stderr)
        return 2
    entries = _live_entries(args)
    write_jsonl(entries, args.out)
    written = [args.out]
    if args.xlsx:
        write_xlsx(entries, args.xlsx, title=f"审计记录 Audit record · {args.tenant} · {args.service}")
        written.append(args.xlsx)
    print(f"exported {len(entries)} entries to {', '.join(written)}")
    return 0


def parser():
    p = argparse.ArgumentParser(prog="contest", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--amqp-uri", default=DEFAULT_AMQP)
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the platform on its embedded defaults")
    up.add_argument("--var", default="var", help="where SQLite files, blobs, mail and logs go")
    up.add_argument("--detach", action="store_true",
                    help="return once started; a background contest up keeps supervising (log: "
                         "var/logs/contest.log)")
    up.add_argument("--port", type=int, default=8000,
                    help="gateway port; registration, review, ranking and notify take the next four")
    up.add_argument("--smtp-port", type=int, default=8025, help="port of the local SMTP sink")
    up.set_defaults(fn=cmd_up)
    down = sub.add_parser("down", help="stop a running `contest up` and everything it started")
    down.add_argument("--var", default="var")
    down.set_defaults(fn=cmd_down)
    sub.add_parser("seed", help="seed the demo edition").set_defaults(fn=cmd_seed)
    parked = sub.add_parser("parked", help="list or replay parked events")
    parked.add_argument("action", choices=("list", "replay"))
    parked.add_argument("id", nargs="?", type=int)
    parked.add_argument("--service", required=True, choices=[s for s in SERVICES if s != "gateway"])
    parked.add_argument("--all", action="store_true", help="include replayed ones")
    parked.set_defaults(fn=cmd_parked)
    audit = sub.add_parser("audit", help="verify or export the hash-chained audit record")
    audit.add_argument("action", choices=("verify", "export"))
    audit.add_argument("--service", choices=[s for s in SERVICES if s != "gateway"])
    audit.add_argument("--tenant", help="e.g. 2023-ningbo")
    audit.add_argument("--file", help="verify: a JSON Lines export instead of the live record")
    audit.add_argument("--out", help="export: the JSON Lines file to write")
    audit.add_argument("--xlsx", help="export: also write an Excel workbook here")
    audit.set_defaults(fn=cmd_audit)
    teams.add_parser(sub)
    draw.add_parser(sub)
    experts.add_parser(sub)
    ranking.add_parser(sub)
    quota.add_parser(sub)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if getattr(args, "action", None) == "replay" and args.id is None:
        parser().error("parked replay needs the parked event's id")
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
