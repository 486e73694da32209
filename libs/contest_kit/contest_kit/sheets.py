"""Sheets people exchange with the platform (Excel and CSV): rows of named columns.

`write_xlsx` makes a workbook Excel and LibreOffice open (a title row, a bold header row, frozen
panes); `read_rows` reads an .xlsx or .csv whose first row that names a known column is the header,
and yields (sheet row number, {column key: cell value}) for each non-empty row after it, streaming
(an import of 20,000 rows never holds the workbook's XML tree in memory).
"""
import csv
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


class SheetUnreadable(ValueError):
    """Not a sheet of the expected columns; says why."""


def write_xlsx(columns, rows, title, sheet_name="sheet"):
    """The workbook's bytes: `columns`, [(key, label, width)]; `rows`, dicts by key."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for number, (_key, _label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A3"
    sheet.append([_bold(sheet, title, size=14)])
    sheet.append([_bold(sheet, label) for _key, label, _width in columns])
    for row in rows:
        sheet.append([_cell(row.get(key)) for key, _label, _width in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bold(sheet, value, size=None):
    from openpyxl.cell import WriteOnlyCell
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True, size=size) if size else Font(bold=True)
    return cell


def _cell(value):
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def read_rows(path, columns):
    """(row number, {key: value}) of each data row of the .xlsx or .csv at `path`; the header row is
    the first whose cells include at least two of the `columns`' labels (or keys)."""
    path = Path(path)
    names = {}
    for key, label, _width in columns:
        names[label.strip()] = key
        names[key] = key
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise SheetUnreadable(f"{path} is not UTF-8 text (save the CSV as UTF-8)") from None
        lines = enumerate(csv.reader(io.StringIO(text)), start=1)
    elif path.suffix.lower() == ".xlsx":
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise SheetUnreadable(f"{path} is not an Excel workbook: {exc}") from None
        lines = enumerate(book.active.iter_rows(values_only=True), start=1)
    else:
        raise SheetUnreadable(f"{path}: use an .xlsx or .csv file")
    header = None
    for number, values in lines:
        cells = ["" if v is None else v for v in values]
        if header is None:
            found = [names.get(str(c).strip()) for c in cells]
            if sum(k is not None for k in found) >= 2:
                header = found
            continue
        if all(str(c).strip() == "" for c in cells):
            continue
        yield number, {key: cell for key, cell in zip(header, cells, strict=False) if key is not None}
    if header is None:
        raise SheetUnreadable(f"{path} has no header row naming the columns of the template")
