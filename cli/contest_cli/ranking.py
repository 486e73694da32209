"""`contest ranking verify EXPORT.json`: recompute a published ranking from its inputs alone.

Prints `ok` when every project's score and rank is what the export's inputs give (its sheets, weights,
method, tie-break chain and deliberations: ranking.domain.published), else the first project that
differs, and exits non-zero then, or when the file is not a ranking export.
"""
import json
import sys

from ranking.domain.aggregation import AggregationRefused
from ranking.domain.placing import PlacingRefused
from ranking.domain.published import MalformedExport, verify


def cmd_verify(args):
    try:
        with open(args.export, encoding="utf-8-sig") as file:
            export = json.load(file)
    except OSError as unreadable:
        sys.exit(f"contest ranking verify: cannot read {args.export}: {unreadable.strerror}")
    except json.JSONDecodeError as bad:
        sys.exit(f"contest ranking verify: {args.export} is not JSON: {bad}")
    try:
        difference = verify(export)
    except (MalformedExport, AggregationRefused, PlacingRefused, ValueError) as bad:
        sys.exit(f"contest ranking verify: {args.export}: {bad}")
    if difference is not None:
        sys.exit(f"contest ranking verify: differs: {difference}")
    print("ok")
    return 0


def add_parser(sub):
    ranking = sub.add_parser("ranking", help="recompute a published ranking from its export")
    actions = ranking.add_subparsers(dest="ranking_action", required=True)
    verify_parser = actions.add_parser("verify", help="print ok, or the first project that differs")
    verify_parser.add_argument("export", help="the ranking's JSON export")
    verify_parser.set_defaults(fn=cmd_verify)
