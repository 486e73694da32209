"""`contest`: run the platform locally and operate it.

    contest up                 start every service on the embedded defaults, seed the demo
    contest down               stop what `contest up --detach` left running
    contest seed               seed the demo edition into a running platform
    contest parked list        list events a service parked
    contest audit verify       walk a service's audit chain for a tenant (live, or --file export)
    contest audit export       write a tenant's audit record as JSON Lines (and Excel)
    contest parked replay ID   run a parked event through its consumer again
"""
import argparse
import json
import signal
import sys
import time
from pathlib import Path

from tqdm import tqdm

from contest_cli.platform import SERVICES, Platform

DEFAULT_AMQP = "pyamqp://guest:guest@127.0.0.1:5672/"


def broker_reachable(amqp_uri):
    from kombu import Connection
    try:
        with Connection(amqp_uri, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def cmd_up(args):
    if not broker_reachable(args.amqp_uri):
        print(f"contest up: RabbitMQ does not answer at {args.amqp_uri}.\n"
              "  Installed but stopped? `make run` starts it, or run: rabbitmq-server -detached\n"
              "  Not installed? On Debian or Ubuntu: sudo apt-get install rabbitmq-server", file=sys.stderr)
        return 2
    running = Platform.running_saved(Path(args.var).resolve())
    if running:
        print(f"contest up: already running from {args.var} ({', '.join(running)}).\n"
              f"  Stop it first with: contest down --var {args.var}", file=sys.stderr)
        return 2
    ports = {service: args.port + offset for offset, service in enumerate(("gateway", *SERVICES[:4]))}
    platform = Platform(var=Path(args.var).resolve(), amqp_uri=args.amqp_uri, ports=ports,
                        smtp_port=args.smtp_port)
    print(f"contest up: data in {platform.var}, logs in {platform.var / 'logs'}")
    platform.start_smtp_sink()
    for service in SERVICES:
        platform.start(service)
    platform.save_pids()  # so `contest down` can clean up even if this process is killed
    try:
        with tqdm(total=len(SERVICES), desc="starting services", unit="service") as bar:
            platform.wait_healthy(progress=lambda s: (bar.set_postfix_str(s), bar.update(1)))
        from contest_cli.seed import ACCOUNTS, DEMO_PASSWORD, seed_demo
        tenants, accounts = seed_demo(args.amqp_uri)
    except Exception as exc:
        platform.stop_all()
        print(f"contest up failed: {exc}", file=sys.stderr)
        return 1
    print(_welcome(platform, tenants, accounts, ACCOUNTS, DEMO_PASSWORD))
    if args.detach:
        print(f"Detached. Stop it with: contest down --var {args.var}")
        return 0
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    platform.supervise()
    reported = 0
    try:
        while not stop["now"]:
            for name, code in platform.restarts[reported:]:
                print(f"{name} exited with {code} and was restarted; see {platform.var / 'logs' / name}.log")
            reported = len(platform.restarts)
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    print("stopping…")
    platform.stop_all()
    return 0


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
    lines += ["Walk the flow with curl: see README.md. Ctrl-C stops everything."]
    return "\n".join(lines)


def cmd_down(args):
    stopped = Platform.stop_saved(Path(args.var).resolve())
    print(f"stopped {len(stopped)} processes: {', '.join(stopped) or 'none were running'}")
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
    up.add_argument("--detach", action="store_true", help="return once started (processes keep running)")
    up.add_argument("--port", type=int, default=8000,
                    help="gateway port; registration, review, ranking and notify take the next four")
    up.add_argument("--smtp-port", type=int, default=8025, help="port of the local SMTP sink")
    up.set_defaults(fn=cmd_up)
    down = sub.add_parser("down", help="stop what `contest up --detach` started")
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
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if getattr(args, "action", None) == "replay" and args.id is None:
        parser().error("parked replay needs the parked event's id")
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
