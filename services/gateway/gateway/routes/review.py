"""What awaits review, and the experts' score sheets."""
from contest_contracts import review as contract
from contest_contracts.vocabulary import EXPERT, STAFF
from gateway.routes.table import Remote, Route

ROUTES = (
    Route("list_reviews", "GET", "/api/tenants/{tenant}/reviews", "Project versions by review status",
          roles=(EXPERT, *STAFF), call=Remote("review", "list_items"), query=contract.ReviewQuery,
          response=contract.ReviewItem(many=True), tenant="any", paged=True),
    Route("submit_score_sheet", "POST", "/api/tenants/{tenant}/projects/{project_id}/score-sheets",
          "An expert's score sheet for the project's current version",
          roles=(EXPERT,), call=Remote("review", "submit_score_sheet"), body=contract.Scores,
          response=contract.ScoreSheet(), status=201, tenant="any"),
)
