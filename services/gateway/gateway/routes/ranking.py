"""A station's ranking."""
from contest_contracts import ranking as contract
from contest_contracts.vocabulary import STAFF
from gateway.routes.table import Remote, Route

ROUTES = (
    Route("get_ranking", "GET", "/api/tenants/{tenant}/ranking", "The station's ranking, per group",
          roles=STAFF, call=Remote("ranking", "get_ranking"), query=contract.RankingQuery,
          response=contract.RankedProject(many=True), tenant="any", paged=True),
)
