"""A published ranking as the committee keeps it: the JSON export anyone recomputes, or an Excel
workbook of its places for people."""
import io

from openpyxl import load_workbook

PATH = "/api/tenants/2023-ningbo/rounds/online-review/ranking/published?group=emerging"
EXPORT = {"format": "contest-ranking/1", "tenant": "2023-ningbo", "round": "online-review",
          "group": "emerging", "track": None, "inputs": {"method": "mean"},
          "results": [{"project_id": "p-a", "score": "85.00", "rank": 1, "settled_by": "score"},
                      {"project_id": "p-b", "score": "80.00", "rank": 2, "settled_by": "score"}],
          "teams": {"p-a": "team-a", "p-b": "team-b"}, "audit_seq": 7, "audit_head": "a" * 64,
          "published_at": "2023-11-21T10:00:00+00:00"}


def test_the_published_ranking_comes_as_json_or_excel(gateway):
    gateway.downstream.answers[("ranking", "published_ranking")] = lambda **kwargs: EXPORT

    as_json = gateway.call("GET", PATH, role="committee")
    as_xlsx = gateway.call("GET", PATH + "&format=xlsx", role="station_admin")

    assert as_json.json() == EXPORT
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert "online-review" in sheet["A1"].value
    assert list(sheet.iter_rows(min_row=3, values_only=True)) == [(1, "85.00", "p-a", "team-a", "score"),
                                                                  (2, "80.00", "p-b", "team-b", "score")]
    call = gateway.downstream.calls[0]
    assert (call.method, call.kwargs["group"], call.kwargs["code"]) == ("published_ranking", "emerging",
                                                                        "online-review")


def test_a_published_ranking_needs_its_group(gateway):
    answer = gateway.call("GET", PATH.split("?")[0], role="committee")

    assert (answer.status_code, list(answer.json()["fields"])) == (400, ["group"])
