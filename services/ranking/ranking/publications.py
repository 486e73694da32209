"""Publishing a round's ranking (issue 10, reproducible results): the export is frozen as it stands,
its digest goes into the audit chain, and the export carries where the chain stood, so that a
published ranking can be recomputed (`contest ranking verify`) and matched to its audit entry.

Teams are told of a ranking when it is published, not on every intermediate change: each team whose
place is worse than in the previous publication of the same group gets `ranking-updated`.
"""
import hashlib
import json

from sqlalchemy import select

from contest_contracts.events import RANKING_UPDATED
from contest_contracts.ranking import Publication as PublicationOut
from contest_contracts.ranking import PublicationForm, PublishedQuery
from contest_contracts.vocabulary import COMMITTEE, STAFF, STATION_ADMIN
from contest_kit.boundary import load_arguments, load_or_refuse
from contest_kit.context import require
from contest_kit.errors import NotFound
from ranking import sheets
from ranking.domain.published import FORMAT, compute
from ranking.i18n import _
from ranking.models import Publication

FORM, QUERY, PUBLICATION = PublicationForm(), PublishedQuery(), PublicationOut()


def publish(command, tenant, round_code, data):
    """Publish the group's (and track's) ranking by the round's method, open ties shown as open.

    Emits ranking-updated for each team pushed down since the last publication; records
    ranking.published with the export's digest.
    """
    actor = require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    form = load_or_refuse(FORM, data, _("invalid publication"))
    query = {"group": form["group"], "track": form["track"], "aggregation": None, "k": None}
    with command.change(tenant) as change:
        query, rows = sheets.load(change.session, round_code, query)
        inputs = sheets.inputs_of(change.session, round_code, query, rows)
        results = sheets.refusing(compute, inputs)
        export = {"format": FORMAT, "tenant": tenant, "round": round_code, "group": form["group"],
                  "track": form["track"], "inputs": inputs, "results": results,
                  "teams": {r.project_id: r.team_id for r in rows}}
        digest = hashlib.sha256(json.dumps({"inputs": inputs, "results": results}, ensure_ascii=False,
                                           sort_keys=True, separators=(",", ":")).encode()).hexdigest()
        before = _latest(change.session, round_code, form["group"], form["track"])
        open_ties = sorted({r["project_id"] for r in results if r["settled_by"] == "open"})
        entry = change.record("ranking.published", {
            "round": round_code, "group": form["group"], "track": form["track"], "method": inputs["method"],
            "k": inputs["k"], "digest": digest, "projects": len(results), "open": open_ties})
        export.update(audit_seq=entry["seq"], audit_head=entry["prev_hash"])
        row = change.add(Publication(tenant=tenant, round=round_code, group=form["group"],
                                     track=form["track"] or "", export=export, digest=digest,
                                     audit_seq=entry["seq"], audit_head=entry["prev_hash"],
                                     published_by=actor.id))
        pushed = _pushed_down(before, results)
        for result in pushed:
            change.emit(RANKING_UPDATED, {"team_id": export["teams"][result["project_id"]],
                                          "project_id": result["project_id"], "group": form["group"],
                                          "rank": result["rank"], "ranked_count": len(results),
                                          "score": result["score"]})
        return PUBLICATION.dump({**_out(row), "pushed_down": [r["project_id"] for r in pushed]})


def published(command, tenant, round_code, **arguments):
    """The latest published export of a group (and track) of the round, as it was published."""
    require(command.actor, tenant=tenant, roles=STAFF)
    query = load_arguments(QUERY, arguments)
    with command.read(tenant) as session:
        row = _latest(session, round_code, query["group"], query["track"])
        if row is None:
            raise NotFound(_("this ranking is not published"), {"group": [_("not published")]})
        return {**row.export, "published_at": row.published_at.isoformat()}


def _latest(session, round_code, group, track):
    return session.scalar(select(Publication).where(
        Publication.round == round_code, Publication.group == group, Publication.track == (track or ""))
        .order_by(Publication.id.desc()).limit(1))


def _pushed_down(before, results):
    if before is None:
        return []
    ranks = {r["project_id"]: r["rank"] for r in before.export["results"]}
    return [r for r in results if r["project_id"] in ranks and r["rank"] > ranks[r["project_id"]]]


def _out(row):
    results = row.export["results"]
    return {"round": row.round, "group": row.group, "track": row.track or None, "digest": row.digest,
            "audit_seq": row.audit_seq, "audit_head": row.audit_head, "published_at": row.published_at,
            "published_by": row.published_by,
            "open_ties": sorted({r["project_id"] for r in results if r["settled_by"] == "open"})}
