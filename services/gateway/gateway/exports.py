"""Files the committee opens: Excel workbooks and PDFs served as downloads."""
import io
from urllib.parse import quote
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from werkzeug.wrappers import Response

from contest_contracts.ranking import RANKING_EXPORT
from contest_contracts.registration import TEAM_EXPORT
from contest_contracts.review import TIMETABLE_EXPORT
from contest_kit import sheets
from contest_kit.audit_export import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_workbook(entries, filename, title):
    buffer = io.BytesIO()
    write_xlsx(entries, buffer, title=title)
    return Response(buffer.getvalue(), status=200, content_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


def teams_workbook(teams, tenant):
    """A station's registration list, every team, for the committee to open in Excel or LibreOffice."""
    content = sheets.write_xlsx(TEAM_EXPORT, teams, f"报名名单 Registration list · {tenant}", "teams")
    return Response(content, status=200, content_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(tenant + '-teams.xlsx')}"})


PDF = "application/pdf"
# The PDF's Chinese: WenQuanYi Zen Hei from Debian's fonts-wqy-zenhei (deploy/apt-packages.txt),
# embedded; without it, the Adobe-GB1 font every PDF reader has (not embedded).
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def timetable_workbook(timetable, tenant):
    rows = [{**slot, **{k: _clock(slot[k]) for k in ("starts", "questions_from", "ends")},
             "title": slot["title"] if slot["kind"] == "presentation" else "休息 Break"}
            for slot in timetable["slots"]]
    content = sheets.write_xlsx(TIMETABLE_EXPORT, rows, f"路演时间表 Timetable · {timetable['name']}",
                                "timetable")
    return _download(content, XLSX, f"{tenant}-timetable.xlsx")


def ranking_workbook(export):
    """A published ranking's places, for people (the JSON export is for `contest ranking verify`)."""
    rows = [{**r, "team_id": export["teams"].get(r["project_id"], "")} for r in export["results"]]
    scope = export["group"] + (f" · {export['track']}" if export.get("track") else "")
    title = f"排名 Ranking · {export['round']} · {scope}"
    content = sheets.write_xlsx(RANKING_EXPORT, rows, title, "ranking")
    return _download(content, XLSX, f"{export['tenant']}-{export['round']}-{export['group']}-ranking.xlsx")


def timetable_pdf(timetable, tenant):
    """The timetable on A4, landscape: one table, a row a slot, in Chinese and English."""
    font = _cjk_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=20)
    header = [label for _key, label, _width in TIMETABLE_EXPORT]
    body = [[Paragraph(escape(str(value)), cell) for value in row] for row in [header, *(
        [slot["venue"], _clock(slot["starts"]), _clock(slot["questions_from"]), _clock(slot["ends"]),
         slot["place"] or "", slot["group"] or "", slot["title"] or "休息 Break", slot["team_id"] or ""]
        for slot in timetable["slots"])]]
    page = landscape(A4)
    document = SimpleDocTemplate(io.BytesIO(), pagesize=page)
    total = sum(w for _key, _label, w in TIMETABLE_EXPORT)
    widths = [w * document.width / total for _key, _label, w in TIMETABLE_EXPORT]  # the Excel's proportions
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page, title=f"Timetable {timetable['name']}").build(
        [Paragraph(escape(f"路演时间表 Timetable · {timetable['name']}"), heading), table])
    return _download(buffer.getvalue(), PDF, f"{tenant}-timetable.pdf")


def _cjk_font():
    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont("CJK", CJK_FONT, subfontIndex=0))
        except Exception:  # noqa: BLE001 - any failure to read the font: fall back to the reader's own
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
            return "STSong-Light"
    return "CJK"


def _clock(value):
    """'2023-11-20T09:14:00+08:00' -> '09:14' (the times are Beijing time already)."""
    return value[11:16] if value else ""


def _download(content, media_type, filename):
    return Response(content, status=200, content_type=media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})
