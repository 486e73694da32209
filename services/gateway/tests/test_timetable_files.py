"""A roadshow's timetable as the committee keeps it: JSON, an Excel workbook, a PDF in Chinese."""
import io

from openpyxl import load_workbook
from pypdf import PdfReader

PATH = "/api/tenants/2023-ningbo/draws/draw-1/timetable?start=2023-11-20T09:00&venues=2"
TIMETABLE = {"draw_id": "draw-1", "name": "路演 新锐组", "slots": [
    {"venue": 1, "kind": "presentation", "starts": "2023-11-20T09:00:00+08:00",
     "questions_from": "2023-11-20T09:12:00+08:00", "ends": "2023-11-20T09:20:00+08:00", "place": 1,
     "team_id": "t-d", "title": "注塑质量优化", "group": "emerging"},
    {"venue": 1, "kind": "break", "starts": "2023-11-20T09:20:00+08:00", "questions_from": None,
     "ends": "2023-11-20T09:30:00+08:00", "place": None, "team_id": None, "title": None, "group": None}]}


def test_the_timetable_comes_as_json_excel_or_pdf(gateway):
    gateway.downstream.answers[("review", "draw_timetable")] = lambda **kwargs: TIMETABLE

    as_json = gateway.call("GET", PATH, role="station_admin")
    as_xlsx = gateway.call("GET", PATH + "&format=xlsx", role="station_admin")
    as_pdf = gateway.call("GET", PATH + "&format=pdf", role="expert")

    assert as_json.json() == TIMETABLE
    rows = list(load_workbook(io.BytesIO(as_xlsx.content)).active.iter_rows(min_row=3, values_only=True))
    assert [row[:7] for row in rows] == [(1, "09:00", "09:12", "09:20", 1, "emerging", "注塑质量优化"),
                                         (1, "09:20", None, "09:30", None, None, "休息 Break")]
    assert as_pdf.headers["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(as_pdf.content)).pages[0].extract_text()
    assert "路演时间表" in text and "注塑质量优化" in text and "09:12" in text
    call = gateway.downstream.calls[0]
    assert (call.method, call.kwargs["venues"], call.kwargs["draw_id"]) == ("draw_timetable", 2, "draw-1")


def test_a_bad_start_is_refused_on_its_name(gateway):
    answer = gateway.call("GET", PATH.replace("2023-11-20T09:00", "tomorrow"), role="station_admin")

    assert (answer.status_code, list(answer.json()["fields"])) == (400, ["start"])
