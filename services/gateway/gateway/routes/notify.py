"""What a team was told, in the request's language (?lang= or Accept-Language)."""
from contest_contracts.notify import InboxMessage
from contest_contracts.vocabulary import APPLICANT, STAFF
from gateway.routes.table import Remote, Route

ROUTES = (
    Route("team_inbox", "GET", "/api/tenants/{tenant}/teams/{team_id}/inbox", "The team's messages",
          roles=(APPLICANT, *STAFF), call=Remote("notify", "inbox"), response=InboxMessage(many=True),
          tenant="any"),
)
