"""Sheets: what write_xlsx writes, read_rows reads back, from .xlsx and .csv alike."""
import pytest
from openpyxl import load_workbook

from contest_kit.sheets import SheetUnreadable, read_rows, write_xlsx

COLUMNS = (("name", "团队名称 Team name", 20), ("unit.staff", "员工人数 Staff", 10),
           ("note", "备注 Note", 30))
ROWS = [{"name": "甬江智造", "unit.staff": 120, "note": None},
        {"name": "东海云链", "unit.staff": 8, "note": "x"}]


def test_a_workbook_has_its_title_a_header_and_the_rows(tmp_path):
    path = tmp_path / "teams.xlsx"
    path.write_bytes(write_xlsx(COLUMNS, ROWS, "报名名单 Registration list"))

    sheet = load_workbook(path).active

    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["报名名单 Registration list", None, None], ["团队名称 Team name", "员工人数 Staff", "备注 Note"],
        ["甬江智造", 120, None], ["东海云链", 8, "x"]]
    assert (sheet.freeze_panes, sheet["A2"].font.bold) == ("A3", True)


def test_read_rows_gives_each_data_row_its_sheet_row_number_by_column_key(tmp_path):
    path = tmp_path / "teams.xlsx"
    path.write_bytes(write_xlsx(COLUMNS, ROWS, "title"))

    # Trailing empty cells are absent, as a write-only workbook leaves them.
    assert list(read_rows(path, COLUMNS)) == [(3, {"name": "甬江智造", "unit.staff": 120}),
                                             (4, {"name": "东海云链", "unit.staff": 8, "note": "x"})]


def test_read_rows_reads_a_csv_with_a_bom_keys_or_labels_for_header_and_skips_blank_rows(tmp_path):
    path = tmp_path / "teams.csv"
    path.write_text("name,员工人数 Staff,other\n甬江智造,120,?\n,,\n东海云链,8,\n", encoding="utf-8-sig")

    assert list(read_rows(path, COLUMNS)) == [(2, {"name": "甬江智造", "unit.staff": "120"}),
                                             (4, {"name": "东海云链", "unit.staff": "8"})]


@pytest.mark.parametrize("name,content,message", [
    ("t.txt", b"name,staff", "use an .xlsx or .csv file"),
    ("t.csv", "名称".encode("gbk"), "is not UTF-8 text"),
    ("t.xlsx", b"not a zip", "is not an Excel workbook"),
    ("t.csv", b"a,b\n1,2\n", "has no header row"),
])
def test_an_unreadable_sheet_says_why(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(SheetUnreadable) as unreadable:
        list(read_rows(path, COLUMNS))

    assert message in str(unreadable.value)
