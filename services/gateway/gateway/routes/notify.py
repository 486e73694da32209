"""What a team was told, in the request's language (?lang= or Accept-Language)."""
from contest_contracts.notify import InboxMessage, InboxQuery
from contest_contracts.vocabulary import APPLICANT, STAFF
from gateway.routes.table import Remote, Route

ROUTES = (
    Route("team_inbox", "GET", "/api/tenants/{tenant}/teams/{team_id}/inbox",
          "The team's messages, newest first",
          roles=(APPLICANT, *STAFF), call=Remote("notify", "inbox"), query=InboxQuery,
          response=InboxMessage(many=True), tenant="any", paged=True),
)
