"""`contest quota --method METHOD --seats N [--min M] [--max M] FILE.csv`: allocate seats among units.

FILE.csv has the header `name,weight` and one row per unit (a station and, say, its registered
teams). Prints CSV `name,seats`, in the file's order; exits non-zero with a message naming what is
wrong (no rows, a weight that is negative or no number, seats the minimums or maximums cannot meet,
an unknown method). The methods and their rules: ranking.domain.quotas, docs/national.md.
"""
import csv
import sys

from ranking.domain.quotas import METHODS, QuotaRefused, allocate


def read_units(path):
    """name -> weight (as written), in the file's order."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
    except OSError as unreadable:
        raise QuotaRefused("unreadable", f"cannot read {path}: {unreadable.strerror}") from None
    except UnicodeDecodeError:
        raise QuotaRefused("unreadable", f"{path} is not UTF-8 text") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows or [cell.strip().lower() for cell in rows[0]] != ["name", "weight"]:
        raise QuotaRefused("bad-header", f"{path}: the first line must be the header name,weight")
    units = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 2 or not row[0].strip():
            raise QuotaRefused("bad-row", f"{path}, line {line}: expected a name and a weight")
        name = row[0].strip()
        if name in units:
            raise QuotaRefused("duplicate-unit", f"{path}, line {line}: {name} is named twice")
        units[name] = row[1].strip()
    if not units:
        raise QuotaRefused("no-units", f"{path}: no unit is listed under the header")
    return units


def cmd_quota(args):
    try:
        units = read_units(args.file)
        seats = allocate(args.seats, units, args.method, args.min, args.max)
    except QuotaRefused as refused:
        sys.exit(f"contest quota: {refused.detail} [{refused.code}]")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("name", "seats"))
    out.writerows(seats.items())
    return 0


def add_parser(sub):
    quota = sub.add_parser("quota", help="allocate seats among stations (or any units) by weight")
    quota.add_argument("--method", required=True, help=f"one of {', '.join(METHODS)}")
    quota.add_argument("--seats", required=True, type=int, help="how many seats in all")
    quota.add_argument("--min", type=int, default=0, help="every unit gets at least this many")
    quota.add_argument("--max", type=int, default=None, help="and at most this many")
    quota.add_argument("file", help="CSV with the header name,weight")
    quota.set_defaults(fn=cmd_quota)
