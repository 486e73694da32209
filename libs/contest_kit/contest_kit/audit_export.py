"""Audit exports: JSON Lines to verify later, Excel for people to read."""
import json

from openpyxl import Workbook
from openpyxl.styles import Font

from contest_kit.audit import FIELDS

COLUMNS = (("seq", "序号 Seq"), ("occurred_at", "时间 When"), ("actor_id", "账号 Account"),
           ("actor_role", "角色 Role"), ("action", "操作 Action"), ("data", "内容 Data"),
           ("correlation_id", "关联编号 Correlation"), ("prev_hash", "前一条哈希 Previous hash"),
           ("hash", "哈希 Hash"))


class ExportUnreadable(ValueError):
    """An export that is not JSON Lines of audit entries; says where and why."""


def write_jsonl(entries, path):
    with open(path, "w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")


def read_jsonl(path):
    entries = []
    try:
        with open(path, encoding="utf-8") as handle:
            lines = list(handle)
    except OSError as exc:
        raise ExportUnreadable(f"cannot open {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ExportUnreadable(f"{path} is not UTF-8 text") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError as exc:
            raise ExportUnreadable(f"line {number} is not JSON: {exc.msg}") from None
        if not isinstance(entry, dict) or any(f not in entry for f in (*FIELDS, "hash")):
            raise ExportUnreadable(f"line {number} is not an audit entry")
        entries.append(entry)
    return entries


def write_xlsx(entries, path, title="审计记录 Audit record"):
    book = Workbook()
    sheet = book.active
    sheet.title = "audit"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([label for _, label in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append([json.dumps(entry[key], ensure_ascii=False) if key == "data" else entry[key]
                      for key, _ in COLUMNS])
    for column, width in zip("ABCDEFGHI", (6, 32, 34, 14, 26, 60, 34, 66, 66), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    book.save(path)
