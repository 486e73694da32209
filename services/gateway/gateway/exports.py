"""Files the committee opens: Excel workbooks served as downloads."""
import io
from urllib.parse import quote

from werkzeug.wrappers import Response

from contest_kit.audit_export import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_workbook(entries, filename, title):
    buffer = io.BytesIO()
    write_xlsx(entries, buffer, title=title)
    return Response(buffer.getvalue(), status=200, content_type=XLSX, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})
