"""A station's sheet of teams, as its administrator works with it: the template, an import through
the gateway with a per-row report (twice: the second changes nothing), the export in Excel."""
import csv

import pytest
from openpyxl import load_workbook
from stdnum.cn.uscc import calc_check_digit

from contest_cli.main import main
from contest_cli.seed import DEMO_PASSWORD
from contest_contracts.registration import TEAM_SHEET

pytestmark = pytest.mark.e2e
LABELS = {key: label for key, label, _width in TEAM_SHEET}


def uscc(n):
    code = f"913302000000{n:05d}"
    return code + calc_check_digit(code)


def sheet_row(n, **cells):
    values = {"name": f"表格队{n}", "track": "quality", "unit.name": f"表格{n}公司", "unit.uscc": uscc(n),
              "unit.kind": "software", "unit.staff": "120", "unit.revenue_cny": "3,000,000",
              "unit.central_soe": "否", "contact.name": "王芳", "contact.email": f"sheet{n}@example.com",
              "representatives.0.name": "王芳", "representatives.0.phone": f"1380013{n:04d}", **cells}
    return [values.get(key, "") for key in LABELS]


def test_a_station_imports_its_sheet_twice_and_exports_its_list(platform, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONTEST_PASSWORD", DEMO_PASSWORD)
    sheet = tmp_path / "teams.csv"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(LABELS.values())
        writer.writerows([sheet_row(1), sheet_row(2, **{"unit.uscc": uscc(2)[:-1] + "0"}), sheet_row(3),
                          sheet_row(4, **{"unit.staff": "300.5"})])
    login = ["--tenant", "2023-ningbo", "--username", "admin-ningbo", "--gateway", platform.url()]

    first = main(["teams", "import", str(sheet), *login, "--report", str(tmp_path / "first.csv")])
    second = main(["teams", "import", str(sheet), *login, "--report", str(tmp_path / "second.csv")])
    main(["teams", "export", *login, "--out", str(tmp_path / "list.xlsx")])
    main(["teams", "template", str(tmp_path / "template.xlsx")])

    reports = [(tmp_path / name).read_text(encoding="utf-8-sig") for name in ("first.csv", "second.csv")]
    reports = [list(csv.reader(text.splitlines()))[1:] for text in reports]
    assert (first, second) == (1, 1)  # refused rows: the exit status says so
    assert [(r[0], r[1]) for r in reports[0]] == [("2", "created"), ("3", "refused"), ("4", "created"),
                                                  ("5", "refused")]
    assert [r[1] for r in reports[1]] == ["unchanged", "refused", "unchanged", "refused"]
    assert "unit.uscc: uscc-check" in reports[0][1][4] and "unit.staff" in reports[0][3][3]
    exported = load_workbook(tmp_path / "list.xlsx").active
    names = [row[0] for row in exported.iter_rows(min_row=3, values_only=True)]
    assert {"表格队1", "表格队3"} <= set(names)
    template = load_workbook(tmp_path / "template.xlsx").active
    assert [c.value for c in template[2]] == list(LABELS.values())
    assert "4 rows: 0 created, 2 unchanged, 2 refused" in capsys.readouterr().out
