"""`contest experts`: a station's sheet of experts, through the gateway as the station's administrator.

    contest experts template experts.xlsx
    contest experts import experts.xlsx --tenant 2023-ningbo --username admin-ningbo [--report report.csv]

Each row is the profile of one of the station's expert accounts (its username): kind, tracks,
units and former employers (for recusal), declared conflicts, cap. The password comes from
CONTEST_PASSWORD or a prompt. Rows are sent one by one with a progress bar; each refused row is
listed with its reasons in the report (CSV, UTF-8 with a BOM for Excel), the others are kept, and
importing the same sheet again keeps the same profiles.
"""
import re
import sys
from datetime import date, datetime
from urllib.parse import quote

from tqdm import tqdm

from contest_cli.station import signed_in, whole_number, write_report
from contest_contracts.review import EXPERT_SHEET
from contest_kit import sheets

LISTS = {"fields", "declared"}
EXAMPLE = {"username": "expert1-ningbo", "name": "王工", "kind": "industry", "fields": "quality, green",
           "units.0.uscc": "91330200MA2H00002U", "units.0.name": "宁波某研究院",
           "units.1.uscc": "91330200MA2H00001W", "units.1.name": "宁波甬江智能科技有限公司",
           "units.1.until": "2024-06-30"}


def cmd_template(args):
    with open(args.file, "wb") as out:
        title = ("专家导入模板 Expert import template "
                 "(第3行为示例，导入前请删除 / row 3 is an example: delete it)")
        out.write(sheets.write_xlsx(EXPERT_SHEET, [EXAMPLE], title, "experts"))
    print(f"wrote {args.file}")


def profile(values):
    """A sheet row ({column key: cell}) as (username, profile in ExpertProfile's shape). Lists are
    split at commas (either width) or 、; a date cell is a date; anything else goes as typed, for
    review to refuse on its field."""
    form, units = {}, {}
    for key, cell in values.items():
        value = cell.strip() if isinstance(cell, str) else cell
        if value in ("", None):
            continue
        if key in LISTS:
            form[key] = [part.strip() for part in re.split(r"[,，、]", str(value)) if part.strip()]
        elif key == "cap":
            form[key] = whole_number(value)
        elif key.startswith("units."):
            _index, part = key.split(".")[1:]
            if isinstance(value, datetime | date):
                value = value.strftime("%Y-%m-%d")
            units.setdefault(int(_index), {})[part] = value if isinstance(value, str) else str(value)
        else:
            form[key] = str(value)
    form["units"] = [units[i] for i in sorted(units)]
    return form.pop("username", ""), form


def cmd_import(args):
    try:
        rows = [(number, *profile(values)) for number, values in sheets.read_rows(args.file, EXPERT_SHEET)]
    except sheets.SheetUnreadable as unreadable:
        sys.exit(str(unreadable))
    session, results = signed_in(args), []
    for number, username, form in tqdm(rows, desc="importing", unit="expert"):
        if not username:
            results.append((number, "refused", username, {"username": ["required"]}, {}))
            continue
        answer = session.put(f"{args.gateway}/api/tenants/{args.tenant}/experts/{quote(username, safe='')}",
                             json=form, timeout=60)
        if answer.status_code == 200:
            results.append((number, "kept", username, {}, {}))
        elif 400 <= answer.status_code < 500 and answer.status_code not in (401, 403):
            body = answer.json()
            results.append((number, "refused", username, body.get("fields", {}), body.get("codes", {})))
        else:
            sys.exit(f"import stopped at row {number}: {answer.status_code} {answer.text[:300]}")
    report = args.report or f"{args.file}.report.csv"
    write_report(report, "专家账号 Account", results)
    refused = sum(r[1] == "refused" for r in results)
    print(f"{len(results)} rows: {len(results) - refused} kept, {refused} refused; report: {report}")
    return 1 if refused else 0


def add_parser(sub):
    experts = sub.add_parser("experts", help="a station's sheet of experts: template, import")
    actions = experts.add_subparsers(dest="experts_action", required=True)
    template = actions.add_parser("template", help="write the import template (.xlsx)")
    template.add_argument("file")
    template.set_defaults(fn=cmd_template)
    action = actions.add_parser("import", help="keep the profiles of a sheet's experts (.xlsx or .csv)")
    action.add_argument("file")
    action.add_argument("--tenant", required=True, help="e.g. 2023-ningbo")
    action.add_argument("--username", required=True, help="a station administrator or the committee")
    action.add_argument("--gateway", default="http://127.0.0.1:8000")
    action.add_argument("--report", help="where the per-row report goes (default: FILE.report.csv)")
    action.set_defaults(fn=cmd_import)
