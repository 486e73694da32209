"""Teams, their materials and their submissions."""
from contest_contracts import registration as contract
from contest_contracts.vocabulary import APPLICANT, COMMITTEE, EXPERT, MATERIAL_KINDS, STAFF, STATION_ADMIN
from contest_kit.paging import items
from gateway.exports import XLSX, teams_workbook
from gateway.routes.table import NEW, PUBLIC, Local, Remote, Route


def list_teams(gateway, request, actor, tenant, format, limit, cursor, group, track):
    if format == "xlsx":  # a file to keep: every team, never a page of them
        teams, cursor = [], None
        while True:
            page = gateway.call_service("registration", "list_teams", tenant=tenant, group=group, track=track,
                                        limit=200, cursor=cursor)
            teams.extend(items(page))
            if not (cursor := page["next"]):
                return teams_workbook(teams, tenant)
    return gateway.call_service("registration", "list_teams", tenant=tenant, group=group, track=track,
                                limit=limit, cursor=cursor)

ROUTES = (
    Route("define_edition", "PUT", "/api/editions/{edition}",
          "Define an edition or change it: its timeline (Beijing time), tracks and group thresholds",
          roles=(COMMITTEE,), call=Remote("registration", "define_edition"), body=contract.EditionForm,
          response=contract.Edition()),
    Route("get_edition", "GET", "/api/editions/{edition}", "An edition: its timeline, tracks and thresholds",
          roles=PUBLIC, call=Remote("registration", "get_edition"), response=contract.Edition()),
    Route("import_prior_winners", "POST", "/api/editions/{edition}/prior-winners",
          "Add an earlier edition's 1st, 2nd and 3rd prize winners to the list of projects that may not "
          "enter again (the committee); rows known already change nothing",
          roles=(COMMITTEE,), call=Remote("registration", "import_prior_winners"),
          body=contract.PriorWinnerImport, response=contract.PriorWinnerReport()),
    Route("list_prior_winners", "GET", "/api/editions/{edition}/prior-winners",
          "The prize winners of an edition on the list of projects that may not enter again",
          roles=STAFF, call=Remote("registration", "list_prior_winners"),
          response=contract.PriorWinnerList()),
    Route("define_station", "PUT", "/api/tenants/{tenant}/settings",
          "Define a tenant of an edition (a station, or the committee's) or change its settings",
          roles=(COMMITTEE,), call=Remote("registration", "define_station"), body=contract.StationForm,
          response=contract.Station(), tenant=NEW),
    Route("get_station", "GET", "/api/tenants/{tenant}/settings",
          "A tenant's settings: tracks, registration close, organisers and their affiliates",
          roles=STAFF, call=Remote("registration", "get_station"), response=contract.Station(), tenant="any"),
    Route("register_team", "POST", "/api/tenants/{tenant}/teams", "Register a team at a station",
          roles=(APPLICANT,), call=Remote("registration", "register_team"), body=contract.TeamForm,
          response=contract.Team(), status=201, tenant="station", idempotent=True),
    Route("list_teams", "GET", "/api/tenants/{tenant}/teams",
          "A station's teams, in order of registration; ?format=xlsx for all of them in Excel",
          roles=STAFF, call=Local(list_teams), query=contract.TeamQuery, response=contract.Team(many=True),
          tenant="any", paged=True, media_types=("application/json", XLSX)),
    Route("import_teams", "POST", "/api/tenants/{tenant}/team-imports",
          "Import rows of a sheet of teams (at most 500 a request): each is registered by the rules of a "
          "team's own registration; the report says, row by row, created, unchanged or refused and why",
          roles=(STATION_ADMIN, COMMITTEE), call=Remote("registration", "import_teams"),
          body=contract.TeamImport, response=contract.ImportReport(), tenant="station"),
    Route("get_team", "GET", "/api/tenants/{tenant}/teams/{team_id}", "One team",
          roles=(APPLICANT, *STAFF), call=Remote("registration", "get_team"), response=contract.Team(),
          tenant="any"),
    Route("override_group", "PUT", "/api/tenants/{tenant}/teams/{team_id}/group",
          "Put a team in another group, with the reason (the committee, until registration closes)",
          roles=(COMMITTEE,), call=Remote("registration", "override_group"), body=contract.GroupOverride,
          response=contract.Team(), tenant="station"),
    Route("disqualify", "POST", "/api/tenants/{tenant}/teams/{team_id}/disqualification",
          "Disqualify a team for false information, with the reason (the committee)",
          roles=(COMMITTEE,), call=Remote("registration", "disqualify"), body=contract.Disqualification,
          response=contract.Team(), status=201, tenant="station"),
    Route("record_due_diligence", "PUT", "/api/tenants/{tenant}/teams/{team_id}/due-diligence",
          "Record the due diligence on a finalist, passed or failed, with what was found (the committee)",
          roles=(COMMITTEE,), call=Remote("registration", "record_due_diligence"), body=contract.DueDiligence,
          response=contract.Team(), tenant="station"),
    Route("request_upload", "POST", "/api/tenants/{tenant}/teams/{team_id}/uploads",
          "Announce a material file: the answer is a presigned URL to PUT its bytes to, straight to "
          "object storage, then confirm the upload",
          roles=(APPLICANT,), call=Remote("registration", "request_upload"), body=contract.UploadForm,
          response=contract.Upload(), status=201, tenant="station"),
    Route("confirm_upload", "POST", "/api/tenants/{tenant}/teams/{team_id}/uploads/{upload_id}/confirm",
          "Confirm an upload: registration checks its size, type and SHA-256 and records the next "
          "version of its kind (confirming again answers with the same version)",
          roles=(APPLICANT,), call=Remote("registration", "confirm_upload"), response=contract.Material(),
          status=201, tenant="station"),
    Route("team_materials", "GET", "/api/tenants/{tenant}/teams/{team_id}/materials",
          "Every version of each kind of the team's materials, and which one each stage froze",
          roles=(APPLICANT, *STAFF), call=Remote("registration", "team_materials"),
          response=contract.TeamMaterials(), tenant="station"),
    Route("download_material", "GET", "/api/tenants/{tenant}/teams/{team_id}/materials/{kind}/download",
          "A short-lived URL to read a material: ?version=, or ?stage= for the version that stage froze "
          "(an expert reads only frozen versions); the newest without either",
          roles=(APPLICANT, EXPERT, *STAFF), call=Remote("registration", "download_material"),
          query=contract.DownloadQuery, response=contract.Download(), tenant="station",
          path_enums={"kind": MATERIAL_KINDS}),
    Route("submit_project", "POST", "/api/tenants/{tenant}/teams/{team_id}/submissions",
          "Submit a new version of the team's project (the materials as they stand)",
          roles=(APPLICANT,), call=Remote("registration", "submit_project"), body=contract.SubmissionForm,
          response=contract.Submission(), status=201, tenant="any", idempotent=True),
)
