"""A station's ranking, and a round's by any method with its explanations, export and calibration."""
from contest_contracts import ranking as contract
from contest_contracts.vocabulary import COMMITTEE, STAFF, STATION_ADMIN
from gateway.exports import XLSX, ranking_workbook
from gateway.routes.table import Local, Remote, Route


def published_ranking(gateway, request, actor, tenant, code, format, **query):
    """The published export as JSON (for `contest ranking verify`), or its places as a workbook."""
    export = gateway.call_service("ranking", "published_ranking", tenant=tenant, code=code, **query)
    return ranking_workbook(export) if format == "xlsx" else export


ROUTES = (
    Route("get_ranking", "GET", "/api/tenants/{tenant}/ranking", "The station's ranking, per group",
          roles=STAFF, call=Remote("ranking", "get_ranking"), query=contract.RankingQuery,
          response=contract.RankedProject(many=True), tenant="any", paged=True),
    Route("round_ranking", "GET", "/api/tenants/{tenant}/rounds/{code}/ranking",
          "A group (and track) of the round ranked from every sheet by ?aggregation= (mean, median, "
          "trimmed-mean with k, z-score), each place with what settled it and its explanation",
          roles=STAFF, call=Remote("ranking", "round_ranking"), query=contract.RoundRankingQuery,
          response=contract.RoundRanking(), tenant="any"),
    Route("round_ranking_export", "GET", "/api/tenants/{tenant}/rounds/{code}/ranking/export",
          "The same ranking with all its inputs, for anyone to recompute: contest ranking verify FILE",
          roles=STAFF, call=Remote("ranking", "round_export"), query=contract.RoundRankingQuery,
          response=contract.RankingExport(), tenant="any"),
    Route("round_calibration", "GET", "/api/tenants/{tenant}/rounds/{code}/calibration",
          "Each expert of the round against the consensus: leniency, spread, rank agreement, flags",
          roles=STAFF, call=Remote("ranking", "round_calibration"), query=contract.CalibrationQuery,
          response=contract.CalibrationReport(), tenant="any"),
    Route("set_round_method", "PUT", "/api/tenants/{tenant}/rounds/{code}/ranking-method",
          "The aggregation method the round is ranked by from now on (audited)",
          roles=(STATION_ADMIN, COMMITTEE), call=Remote("ranking", "set_round_method"),
          body=contract.RoundMethodForm, response=contract.RoundMethod(), tenant="any"),
    Route("deliberate", "POST", "/api/tenants/{tenant}/rounds/{code}/deliberations",
          "Order one open tie of the round's ranking (合议), with the reason: refused unless it is one",
          roles=(STATION_ADMIN, COMMITTEE), call=Remote("ranking", "deliberate"),
          body=contract.DeliberationForm, response=contract.Deliberation(), status=201, tenant="any"),
    Route("advance_teams", "POST", "/api/tenants/{tenant}/rounds/{code}/advancement",
          "Decide who of a group (and track) of the round goes on: top N, top percentage or threshold, by "
          "the round's method; refused while an open tie straddles the cut; final (teams-advanced)",
          roles=(STATION_ADMIN, COMMITTEE), call=Remote("ranking", "advance_teams"),
          body=contract.AdvancementForm, response=contract.Advancement(), status=201, tenant="any"),
    Route("split_places", "POST", "/api/tenants/{tenant}/rounds/{code}/splits",
          "Split a number of places among the round's groups, or a group's tracks, in proportion to the "
          "projects each ranks (largest remainder); decided once, and each advancement it covers takes its "
          "share", roles=(STATION_ADMIN, COMMITTEE), call=Remote("ranking", "split_places"),
          body=contract.SplitForm, response=contract.Split(), status=201, tenant="any"),
    Route("publish_ranking", "POST", "/api/tenants/{tenant}/rounds/{code}/ranking/publications",
          "Publish a group's (and track's) ranking as it stands: the export frozen, its digest in the audit "
          "chain; teams placed lower than in the last publication are told",
          roles=(STATION_ADMIN, COMMITTEE), call=Remote("ranking", "publish_ranking"),
          body=contract.PublicationForm, response=contract.Publication(), status=201, tenant="any"),
    Route("published_ranking", "GET", "/api/tenants/{tenant}/rounds/{code}/ranking/published",
          "The latest published ranking of a group: the export contest ranking verify takes, with the audit "
          "chain's head; ?format=xlsx for its places in Excel",
          roles=STAFF, call=Local(published_ranking), query=contract.PublishedQuery,
          response=contract.PublishedExport(), tenant="any", media_types=("application/json", XLSX)),
)
