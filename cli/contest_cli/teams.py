"""`contest teams`: a station's sheet of teams, through the gateway as the station's administrator.

    contest teams template teams.xlsx
    contest teams import teams.xlsx --tenant 2023-ningbo --username admin-ningbo [--report report.csv]
    contest teams export --tenant 2023-ningbo --username admin-ningbo --out teams.xlsx

The password comes from CONTEST_PASSWORD or a prompt. An import sends the sheet in batches of 500
rows with a progress bar; valid rows land, each refused row is listed with its reasons in the
report (CSV, UTF-8 with a BOM so that Excel reads its Chinese), and sending the same sheet again
changes nothing (a team already there is reported unchanged).
"""
import sys

from tqdm import tqdm

from contest_cli.station import signed_in, whole_number, write_report
from contest_contracts.registration import MAX_IMPORT_ROWS, TEAM_SHEET
from contest_kit import sheets

NUMBERS = {"unit.staff", "unit.revenue_cny"}
TRUE, FALSE = {"是", "yes", "y", "true", "1", "√"}, {"否", "no", "n", "false", "0", ""}
EXAMPLE = {"name": "甬江智造", "track": "industrial-brain", "unit.name": "宁波甬江智能科技有限公司",
           "unit.uscc": "91330200MA2H00001W", "unit.kind": "software", "unit.staff": 120,
           "unit.revenue_cny": 30000000, "unit.central_soe": "否", "contact.name": "李雷",
           "contact.email": "lilei@example.com", "contact.locale": "zh-CN",
           "representatives.0.name": "李雷", "representatives.0.phone": "13800138000"}


def cmd_template(args):
    with open(args.file, "wb") as out:
        out.write(sheets.write_xlsx(TEAM_SHEET, [EXAMPLE], "报名导入模板 Team import template "
                                    "(第3行为示例，导入前请删除 / row 3 is an example: delete it)", "teams"))
    print(f"wrote {args.file}")


def registration(values):
    """A sheet row ({column key: cell}) as a registration (TeamForm's shape). Cells are read as a
    person typed them: a whole number as text is a number, 是/否 a yes or no; anything else is sent
    as it is, for registration to refuse on its field."""
    form = {}
    for key, cell in values.items():
        value = cell.strip() if isinstance(cell, str) else cell
        if value in ("", None) and key != "unit.central_soe":
            continue
        if key in NUMBERS:
            value = whole_number(value)
        elif key == "unit.central_soe":
            value = _flag(value)
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))  # a phone number Excel kept as a number
        elif not isinstance(value, str):
            value = str(value)
        _put(form, key.split("."), value)
    form["representatives"] = [p for p in form.get("representatives", {}).values() if p]
    return form


def _flag(value):
    text = str(value or "").strip().lower()
    return True if text in TRUE else False if text in FALSE else value


def _put(form, path, value):
    for part in path[:-1]:
        form = form.setdefault(part, {})
    form[path[-1]] = value


def cmd_import(args):
    try:
        rows = [(number, registration(values)) for number, values in sheets.read_rows(args.file, TEAM_SHEET)]
    except sheets.SheetUnreadable as unreadable:
        sys.exit(str(unreadable))
    session, results = signed_in(args), []
    with tqdm(total=len(rows), desc="importing", unit="row") as bar:
        for start in range(0, len(rows), MAX_IMPORT_ROWS):
            batch = rows[start:start + MAX_IMPORT_ROWS]
            answer = session.post(f"{args.gateway}/api/tenants/{args.tenant}/team-imports", timeout=600,
                                  json={"rows": [{"row": n, "team": form} for n, form in batch]})
            if answer.status_code != 200:
                sys.exit(f"import refused: {answer.status_code} {answer.text[:500]}")
            results.extend(answer.json()["rows"])
            bar.update(len(batch))
    report = args.report or f"{args.file}.report.csv"
    rows = ((r["row"], r["status"], r.get("team_id", ""), r.get("fields", {}), r.get("codes", {}))
            for r in results)
    write_report(report, "团队编号 Team ID", rows)
    counts = {s: sum(r["status"] == s for r in results) for s in ("created", "unchanged", "refused")}
    print(f"{len(results)} rows: {counts['created']} created, {counts['unchanged']} unchanged, "
          f"{counts['refused']} refused; report: {report}")
    return 1 if counts["refused"] else 0


def cmd_export(args):
    answer = signed_in(args).get(f"{args.gateway}/api/tenants/{args.tenant}/teams?format=xlsx", timeout=600)
    if answer.status_code != 200:
        sys.exit(f"export refused: {answer.status_code} {answer.text[:300]}")
    with open(args.out, "wb") as out:
        out.write(answer.content)
    print(f"wrote {args.out}")


def add_parser(sub):
    teams = sub.add_parser("teams", help="a station's sheet of teams: template, import, export")
    actions = teams.add_subparsers(dest="teams_action", required=True)
    template = actions.add_parser("template", help="write the import template (.xlsx)")
    template.add_argument("file")
    template.set_defaults(fn=cmd_template)
    for name, fn, text in (("import", cmd_import, "register the teams of a sheet (.xlsx or .csv)"),
                           ("export", cmd_export, "the station's registration list in Excel")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--tenant", required=True, help="e.g. 2023-ningbo")
        action.add_argument("--username", required=True, help="a station administrator or the committee")
        action.add_argument("--gateway", default="http://127.0.0.1:8000")
        action.set_defaults(fn=fn)
        if name == "import":
            action.add_argument("file")
            action.add_argument("--report", help="where the per-row report goes (default: FILE.report.csv)")
        else:
            action.add_argument("--out", required=True)
