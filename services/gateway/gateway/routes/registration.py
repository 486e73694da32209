"""Teams, their materials and their submissions."""
from contest_contracts import registration as contract
from contest_contracts.fields import Query, text
from contest_contracts.vocabulary import APPLICANT, COMMITTEE, MATERIAL_KINDS, STAFF
from gateway.routes.table import BINARY, NEW, PUBLIC, Remote, Route


class MaterialQuery(Query):
    filename = text(1, 200, load_default=None,
                    metadata={"description": "the file's name (default: the kind)"})


ROUTES = (
    Route("define_edition", "PUT", "/api/editions/{edition}",
          "Define an edition or change it: its timeline (Beijing time), tracks and group thresholds",
          roles=(COMMITTEE,), call=Remote("registration", "define_edition"), body=contract.EditionForm,
          response=contract.Edition()),
    Route("get_edition", "GET", "/api/editions/{edition}", "An edition: its timeline, tracks and thresholds",
          roles=PUBLIC, call=Remote("registration", "get_edition"), response=contract.Edition()),
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
    Route("list_teams", "GET", "/api/tenants/{tenant}/teams", "A station's teams, in order of registration",
          roles=STAFF, call=Remote("registration", "list_teams"), query=contract.TeamQuery,
          response=contract.Team(many=True), tenant="any", paged=True),
    Route("get_team", "GET", "/api/tenants/{tenant}/teams/{team_id}", "One team",
          roles=(APPLICANT, *STAFF), call=Remote("registration", "get_team"), response=contract.Team(),
          tenant="any"),
    Route("override_group", "PUT", "/api/tenants/{tenant}/teams/{team_id}/group",
          "Put a team in another group, with the reason (the committee, until registration closes)",
          roles=(COMMITTEE,), call=Remote("registration", "override_group"), body=contract.GroupOverride,
          response=contract.Team(), tenant="station"),
    Route("upload_material", "PUT", "/api/tenants/{tenant}/teams/{team_id}/materials/{kind}",
          "Upload a material file (the raw body, at most 20 MiB); ?filename= names it",
          roles=(APPLICANT,), call=Remote("registration", "upload_material"), body=BINARY,
          query=MaterialQuery, response=contract.Material(), status=201, tenant="any",
          path_enums={"kind": MATERIAL_KINDS}, body_limit=contract.MAX_MATERIAL_BYTES),
    Route("submit_project", "POST", "/api/tenants/{tenant}/teams/{team_id}/submissions",
          "Submit a new version of the team's project (the materials as they stand)",
          roles=(APPLICANT,), call=Remote("registration", "submit_project"), body=contract.SubmissionForm,
          response=contract.Submission(), status=201, tenant="any", idempotent=True),
)
