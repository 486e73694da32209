"""Files the committee opens: Excel workbooks served as downloads."""
import io
from urllib.parse import quote

from werkzeug.wrappers import Response

from contest_contracts.registration import TEAM_EXPORT
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
