"""A round's sheets as the ranking keeps them (review's `score-submitted`), and what it computes from
them on read: a group's ranking by any method with each project's explanation, its export for
`contest ranking verify`, and the experts' calibration (ranking/domain, docs/ranking.md).

Computed on read from every kept sheet, never stored: a late or amended sheet can leave nothing stale.
"""
import numpy as np
from sqlalchemy import and_, func, select

from contest_contracts.ranking import (
    CalibrationQuery,
    CalibrationReport,
    RankingExport,
    RoundRanking,
    RoundRankingQuery,
)
from contest_contracts.vocabulary import STAFF
from contest_kit.boundary import load_arguments
from contest_kit.context import require
from contest_kit.errors import NotFound, ValidationFailed
from ranking.domain.aggregation import AggregationRefused, Sheets, cents
from ranking.domain.calibration import LENIENCY_POINTS, MIN_AGREEMENT, calibrate
from ranking.domain.explain import explain, points
from ranking.domain.placing import DEFAULT_CHAIN, open_ties
from ranking.domain.published import CRITERIA, FORMAT, aggregate_inputs, compute, rank
from ranking.i18n import _
from ranking.models import Deliberation, RoundMethod, Sheet

QUERY, CALIBRATION_QUERY = RoundRankingQuery(), CalibrationQuery()
RANKING, EXPORT, CALIBRATION = RoundRanking(), RankingExport(), CalibrationReport()
SCORES = (Sheet.technical, Sheet.application, Sheet.commercial, Sheet.defence)  # in CRITERIA's order
COLUMNS = (Sheet.project_id, Sheet.version, Sheet.team_id, Sheet.group, Sheet.track, Sheet.expert_id,
           *SCORES)
assert tuple(column.key for column in SCORES) == CRITERIA


def keep_sheet(change, event):
    """Keep the sheet review sent, or replace it with its amendment. Emits nothing, records nothing
    (review records the sheet)."""
    p = event.payload
    sheet = change.session.scalar(select(Sheet).where(Sheet.project_id == p["project_id"],
                                                      Sheet.version == p["version"],
                                                      Sheet.expert_id == p["expert_id"]))
    if sheet is not None and not p["amended"]:
        return  # a first submission replayed after its amendment: the amendment stands
    kept = {"round": p["round"], "total": p["total"], "weights": {c: str(v) for c, v in p["weights"].items()},
            **{c: cents(str(p["scores"][c])) for c in CRITERIA}}
    if sheet is None:
        change.add(Sheet(tenant=event.tenant, project_id=p["project_id"], version=p["version"],
                         expert_id=p["expert_id"], team_id=p["team_id"], group=p["group"], track=p["track"],
                         **kept))
        return
    for name, value in kept.items():
        setattr(sheet, name, value)


def round_ranking(command, tenant, round_code, **arguments):
    """A group (and track) of the round, ranked from its sheets by its method (or the one asked), each
    place with its explanation; its deliberations order the open ties they were made for."""
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        query, rows = load(session, round_code, load_arguments(QUERY, arguments))
        result, places = ranked(session, round_code, query, rows)
    index = {str(p): i for i, p in enumerate(result.projects)}
    about = {r.project_id: r for r in rows}
    told = {p.project_id: explain(result, index[p.project_id]) for p in places}
    return RANKING.dump({
        "round": round_code, "group": query["group"], "track": query["track"],
        "method": query["aggregation"], "k": query["k"], "tie_chain": list(DEFAULT_CHAIN),
        "open_ties": sorted({tuple(sorted((p.project_id, *p.tied_with))) for p in places if p.tied_with}),
        "places": [{"rank": p.rank, "project_id": p.project_id, "team_id": about[p.project_id].team_id,
                    "track": about[p.project_id].track, "version": about[p.project_id].version,
                    "settled_by": p.settled_by, "tied_with": list(p.tied_with),
                    "score": told[p.project_id]["score"], "explanation": told[p.project_id]}
                   for p in places]})


def round_export(command, tenant, round_code, **arguments):
    """The round's ranking with all its inputs, for anyone to recompute (`contest ranking verify`)."""
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        query, rows = load(session, round_code, load_arguments(QUERY, arguments))
        inputs = inputs_of(session, round_code, query, rows)
    return EXPORT.dump({"format": FORMAT, "tenant": tenant, "round": round_code, "group": query["group"],
                        "track": query["track"], "inputs": inputs, "results": refusing(compute, inputs)})


def round_calibration(command, tenant, round_code, **arguments):
    """Each expert of the round against the consensus of its projects, flagged beyond the thresholds."""
    require(command.actor, tenant=tenant, roles=STAFF)
    query = load_arguments(CALIBRATION_QUERY, arguments)
    with command.read(tenant) as session:
        rows = _newest(session, Sheet.round == round_code)
        query = {**query, **_method(session, round_code, query["aggregation"], None)}
        base = _base(session, round_code, query, [])
    if not rows:
        raise NotFound(_("no sheet was scored in this round"), {"round": [_("no sheet")]})
    result = refusing(aggregate_inputs, base, _arrays(rows))
    return CALIBRATION.dump({"round": round_code, "method": query["aggregation"],
                             "leniency_threshold": LENIENCY_POINTS, "agreement_threshold": MIN_AGREEMENT,
                             "experts": [vars(c) for c in calibrate(result)]})


def load(session, round_code, query):
    """The query with the round's method filled in, and the sheets it ranks (newest versions)."""
    query = {**query, **_method(session, round_code, query["aggregation"], query["k"])}
    where = [Sheet.round == round_code, Sheet.group == query["group"]]
    if query["track"] is not None:
        where.append(Sheet.track == query["track"])
    rows = _newest(session, *where)
    scored = select(func.count()).select_from(Sheet).where(Sheet.round == round_code)
    if not rows and session.scalar(scored) == 0:
        raise NotFound(_("no sheet was scored in this round"), {"round": [_("no sheet")]})
    return query, rows


def ranked(session, round_code, query, rows):
    """The aggregation and the places, with the deliberations that still order an open tie."""
    base = _base(session, round_code, query, _deliberations(session, round_code, query, rows))
    return refusing(rank, base, _arrays(rows))


def inputs_of(session, round_code, query, rows):
    """What the ranking is computed from, as an export gives it (ranking.domain.published): every
    sheet listed, each criterion as points."""
    base = _base(session, round_code, query, _deliberations(session, round_code, query, rows))
    return {**base, "sheets": [
        {"project_id": r.project_id, "expert_id": r.expert_id,
         "scores": {c: points(getattr(r, c)) for c in CRITERIA}}
        for r in sorted(rows, key=lambda r: (r.project_id, r.expert_id))]}


def _method(session, round_code, asked, k):
    if asked is not None:
        return {"aggregation": asked, "k": k}
    kept = session.scalar(select(RoundMethod).where(RoundMethod.round == round_code))
    return {"aggregation": "mean", "k": None} if kept is None else {"aggregation": kept.aggregation,
                                                                     "k": kept.k}


def _deliberations(session, round_code, query, rows):
    """The deliberations made for this group and track whose projects are still one open tie (a later
    sheet or another method may have split them or changed the tie): the others do not apply."""
    kept = session.scalars(select(Deliberation).where(
        Deliberation.round == round_code, Deliberation.group == query["group"],
        Deliberation.track == (query["track"] or "")).order_by(Deliberation.id)).all()
    if not kept:
        return []
    _result, places = refusing(rank, _base(session, round_code, query, []), _arrays(rows))
    ties = {frozenset(t) for t in open_ties(places)}
    latest = {frozenset(d.order): d for d in kept}  # a tie deliberated again: the latest order stands
    return [{"order": list(d.order), "reason": d.reason} for ids, d in latest.items() if ids in ties]


def _newest(session, *where):
    """The sheets matching `where`, each project's of its newest version scored only (a newer
    version's sheets replace the older's): one query, the newest version found by the database."""
    newest = select(Sheet.project_id, func.max(Sheet.version).label("version")).where(*where).group_by(
        Sheet.project_id).subquery()
    return session.execute(select(*COLUMNS).join(newest, and_(
        Sheet.project_id == newest.c.project_id, Sheet.version == newest.c.version)).where(*where)).all()


def _arrays(rows):
    """The rows as the aggregation takes them (whole numbers, no parsing): aggregation.Sheets."""
    if not rows:
        return Sheets.of_cents([], [], np.zeros((0, len(CRITERIA)), np.int64), len(CRITERIA))
    columns = list(zip(*rows, strict=True))
    first = len(COLUMNS) - len(SCORES)
    return Sheets.of_cents(columns[0], columns[5], np.array(columns[first:], np.int64).T, len(CRITERIA))


def _base(session, round_code, query, deliberations):
    """The inputs but the sheets. A round's rubric is fixed once it opens (review), so every sheet of
    it has the same weights: one sheet's stand for all."""
    weights = session.scalar(select(Sheet.weights).where(Sheet.round == round_code).limit(1))
    return {"method": query["aggregation"], "k": query["k"],
            "weights": weights or dict.fromkeys(CRITERIA, "0.25"),
            "tie_chain": list(DEFAULT_CHAIN), "deliberations": deliberations}


def refusing(function, *args):
    try:
        return function(*args)
    except AggregationRefused as refused:
        raise ValidationFailed(_("these sheets cannot be ranked so"), {"aggregation": [refused.detail]},
                               {"aggregation": [refused.code]}) from None
