"""What awaits review, the experts' score sheets, the station's experts, and who reviews what."""
from contest_contracts import review as contract
from contest_contracts.fields import PageQuery
from contest_contracts.vocabulary import COMMITTEE, EXPERT, STAFF, STATION_ADMIN
from contest_kit.errors import NotFound
from gateway.exports import PDF, XLSX, timetable_pdf, timetable_workbook
from gateway.i18n import _
from gateway.routes.table import PUBLIC, Local, Remote, Route

KEEPERS = (STATION_ADMIN, COMMITTEE)


def keep_expert(gateway, request, actor, tenant, username, data):
    """The profile is review's; which account it belongs to is the gateway's to say: an expert's
    account of this station, by its username."""
    account = gateway.accounts.by_username(username)
    if account is None or account.role != EXPERT or account.tenant != tenant:
        raise NotFound(_("no such expert at this station"), {"username": [
            _("{username} is not an expert's account of {tenant}", username=username, tenant=tenant)]})
    return gateway.call_service("review", "keep_expert", tenant=tenant, expert_id=account.id,
                                username=account.username, data=data)


def draw_timetable(gateway, request, actor, tenant, draw_id, format, **query):
    """JSON, or the whole timetable as a file for the committee: Excel or PDF."""
    timetable = gateway.call_service("review", "draw_timetable", tenant=tenant, draw_id=draw_id, **query)
    if format == "xlsx":
        return timetable_workbook(timetable, tenant)
    if format == "pdf":
        return timetable_pdf(timetable, tenant)
    return timetable


ROUTES = (
    Route("list_reviews", "GET", "/api/tenants/{tenant}/reviews", "Project versions by review status",
          roles=(EXPERT, *STAFF), call=Remote("review", "list_items"), query=contract.ReviewQuery,
          response=contract.ReviewItem(many=True), tenant="any", paged=True),
    Route("submit_score_sheet", "POST", "/api/tenants/{tenant}/projects/{project_id}/score-sheets",
          "An expert's score sheet for the project's current version",
          roles=(EXPERT,), call=Remote("review", "submit_score_sheet"), body=contract.Scores,
          response=contract.ScoreSheet(), status=201, tenant="any"),
    Route("reopen_score_sheet", "POST",
          "/api/tenants/{tenant}/projects/{project_id}/score-sheets/{expert_id}/reopen",
          "Reopen an expert's submitted sheet, with a reason, so that the expert can amend it",
          roles=KEEPERS, call=Remote("review", "reopen_score_sheet"), body=contract.SheetReopen,
          response=contract.ScoreSheet(), tenant="station"),
    Route("keep_expert", "PUT", "/api/tenants/{tenant}/experts/{username}",
          "An expert's profile: kind, tracks, units (for recusal), declared conflicts, cap",
          roles=KEEPERS, call=Local(keep_expert), body=contract.ExpertProfile, response=contract.Expert(),
          tenant="station"),
    Route("list_experts", "GET", "/api/tenants/{tenant}/experts", "The station's experts' profiles",
          roles=STAFF, call=Remote("review", "list_experts"), query=PageQuery,
          response=contract.Expert(many=True), tenant="station", paged=True),
    Route("assign_experts", "POST", "/api/tenants/{tenant}/assignments",
          "Find the recusals and assign k experts to each awaiting project (again: changing only what must)",
          roles=KEEPERS, call=Remote("review", "assign_experts"), body=contract.AssignmentRequest,
          response=contract.AssignmentReport(), tenant="station"),
    Route("list_assignments", "GET", "/api/tenants/{tenant}/assignments", "Who reviews which project",
          roles=STAFF, call=Remote("review", "list_assignments"), query=PageQuery,
          response=contract.AssignmentOut(many=True), tenant="station", paged=True),
    Route("list_recusals", "GET", "/api/tenants/{tenant}/recusals",
          "Who stands aside from which project, by which rule and what matched",
          roles=STAFF, call=Remote("review", "list_recusals"), query=PageQuery,
          response=contract.RecusalOut(many=True), tenant="station", paged=True),
    Route("review_progress", "GET", "/api/tenants/{tenant}/review-progress",
          "Where the online review stands: projects by state, each expert's assigned, scored and outstanding "
          "sheets", roles=STAFF, call=Remote("review", "review_progress"), response=contract.ReviewProgress(),
          tenant="station"),
    Route("commit_draw", "POST", "/api/tenants/{tenant}/draws",
          "Before a roadshow's lot draw: its commitment sha256(seed) and the teams it orders",
          roles=KEEPERS, call=Remote("review", "commit_draw"), body=contract.DrawCommitment,
          response=contract.Draw(), status=201, tenant="station"),
    Route("reveal_draw", "POST", "/api/tenants/{tenant}/draws/{draw_id}/reveal",
          "Reveal the draw's seed: refused unless it matches the commitment; the order it gives is kept",
          roles=KEEPERS, call=Remote("review", "reveal_draw"), body=contract.DrawReveal,
          response=contract.Draw(), tenant="station"),
    Route("get_draw", "GET", "/api/tenants/{tenant}/draws/{draw_id}",
          "A draw as published, for anyone to recompute (contest draw verify)",
          roles=PUBLIC, call=Remote("review", "get_draw"), response=contract.Draw(), tenant="station"),
    Route("draw_timetable", "GET", "/api/tenants/{tenant}/draws/{draw_id}/timetable",
          "A revealed draw's roadshow timetable: slots by group, parallel venues, breaks; "
          "?format=xlsx or pdf for the file", roles=(EXPERT, *STAFF), call=Local(draw_timetable),
          query=contract.TimetableQuery, response=contract.Timetable(), tenant="station",
          media_types=("application/json", XLSX, PDF)),
    Route("define_round", "PUT", "/api/tenants/{tenant}/rounds/{code}",
          "Define a review round, or change it: anything while scheduled; once open, its name and a later "
          "close; nothing once closed. Rounds of a station never overlap",
          roles=KEEPERS, call=Remote("review", "define_round"), body=contract.RoundBody,
          response=contract.Round(), tenant="station"),
    Route("close_round", "POST", "/api/tenants/{tenant}/rounds/{code}/close",
          "Close an open round now, before its closing time: nothing more is scored in it",
          roles=KEEPERS, call=Remote("review", "close_round"), response=contract.Round(), tenant="station"),
    Route("list_rounds", "GET", "/api/tenants/{tenant}/rounds",
          "The station's review rounds, each with its rubric, window and status now",
          roles=(EXPERT, *STAFF), call=Remote("review", "list_rounds"), query=PageQuery,
          response=contract.Round(many=True), tenant="station", paged=True),
    Route("list_draws", "GET", "/api/tenants/{tenant}/draws", "The station's draws, newest first",
          roles=PUBLIC, call=Remote("review", "list_draws"), query=PageQuery,
          response=contract.Draw(many=True), tenant="station", paged=True),
)
