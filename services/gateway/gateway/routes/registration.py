"""Teams, their materials and their submissions."""
from contest_contracts import registration as contract
from contest_contracts.fields import Query, text
from contest_contracts.vocabulary import APPLICANT, MATERIAL_KINDS, STAFF
from gateway.routes.table import BINARY, Remote, Route


class MaterialQuery(Query):
    filename = text(1, 200, load_default=None,
                    metadata={"description": "the file's name (default: the kind)"})


ROUTES = (
    Route("register_team", "POST", "/api/tenants/{tenant}/teams", "Register a team at a station",
          roles=(APPLICANT,), call=Remote("registration", "register_team"), body=contract.TeamForm,
          response=contract.Team(), status=201, tenant="station", idempotent=True),
    Route("list_teams", "GET", "/api/tenants/{tenant}/teams", "A station's teams, in order of registration",
          roles=STAFF, call=Remote("registration", "list_teams"), query=contract.TeamQuery,
          response=contract.Team(many=True), tenant="any", paged=True),
    Route("get_team", "GET", "/api/tenants/{tenant}/teams/{team_id}", "One team",
          roles=(APPLICANT, *STAFF), call=Remote("registration", "get_team"), response=contract.Team(),
          tenant="any"),
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
