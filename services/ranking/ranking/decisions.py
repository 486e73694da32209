"""What the station or the committee decides about a round's ranking (issue 10): the aggregation
method it is ranked by, and the deliberations (合议) that order its open ties. Each is audited."""
from sqlalchemy import select

from contest_contracts.events import TEAMS_ADVANCED
from contest_contracts.ranking import Advancement as AdvancementOut
from contest_contracts.ranking import AdvancementForm, DeliberationForm, RoundMethodForm
from contest_contracts.ranking import Deliberation as DeliberationOut
from contest_contracts.ranking import RoundMethod as RoundMethodOut
from contest_contracts.vocabulary import COMMITTEE, STATION_ADMIN
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import Conflict
from ranking import sheets, splits
from ranking.domain.advancement import AdvancementRefused, advance
from ranking.domain.explain import points
from ranking.domain.placing import PlacingRefused, check_deliberation
from ranking.i18n import _
from ranking.models import AdvancementDecision, Deliberation, RoundMethod

DECIDERS = (STATION_ADMIN, COMMITTEE)
METHOD_FORM, METHOD = RoundMethodForm(), RoundMethodOut()
ADVANCEMENT_FORM, ADVANCEMENT = AdvancementForm(), AdvancementOut()
DELIBERATION_FORM, DELIBERATION = DeliberationForm(), DeliberationOut()


def set_method(command, tenant, round_code, data):
    """The round is ranked by this method from now on (a request may still ask for another to compare).

    Records ranking.method-set with the method before.
    """
    require(command.actor, tenant=tenant, roles=DECIDERS)
    form = load_or_refuse(METHOD_FORM, data, _("invalid method"))
    if form["aggregation"] != "trimmed-mean" and form["k"] is not None:
        raise Conflict(_("k is for trimmed-mean only"), {"k": [_("only with trimmed-mean")]},
                       {"k": ["k-without-trim"]})
    with command.change(tenant) as change:
        row = change.session.scalar(select(RoundMethod).where(RoundMethod.round == round_code))
        before = None if row is None else {"aggregation": row.aggregation, "k": row.k}
        if row is None:
            row = change.add(RoundMethod(tenant=tenant, round=round_code, aggregation="mean"))
        row.aggregation, row.k = form["aggregation"], form["k"]
        change.record("ranking.method-set", {"round": round_code, "aggregation": row.aggregation, "k": row.k,
                                              "before": before})
        return METHOD.dump({"round": round_code, "aggregation": row.aggregation, "k": row.k})


def deliberate(command, tenant, round_code, data):
    """Order one open tie of the round's ranking (by its own method), with the reason.

    Records ranking.tie-deliberated with the order, the reason and the method it was a tie under.
    """
    actor = require(command.actor, tenant=tenant, roles=DECIDERS)
    form = load_or_refuse(DELIBERATION_FORM, data, _("invalid deliberation"))
    query = {"group": form["group"], "track": form["track"], "aggregation": None, "k": None}
    with command.change(tenant) as change:
        query, rows = sheets.load(change.session, round_code, query)
        _result, places = sheets.ranked(change.session, round_code, query, rows)
        try:
            check_deliberation(places, form["order"])
        except PlacingRefused as refused:
            raise Conflict(_("only an open tie can be deliberated"), {"order": [refused.detail]},
                           {"order": [refused.code]}) from None
        row = change.add(Deliberation(tenant=tenant, round=round_code, group=form["group"],
                                      track=form["track"] or "", order=form["order"], reason=form["reason"],
                                      decided_by=actor.id))
        change.record("ranking.tie-deliberated", {
            "round": round_code, "group": row.group, "track": form["track"], "order": row.order,
            "reason": row.reason, "aggregation": query["aggregation"], "k": query["k"]})
        return DELIBERATION.dump({**{c: getattr(row, c) for c in ("round", "group", "order", "reason",
                                                                  "decided_by", "decided_at")},
                                  "track": form["track"]})


def advance_teams(command, tenant, round_code, data):
    """Decide who of a group (and track) of the round goes on, by the rule, from its ranking by the
    round's method with its deliberations. Refused while an open tie straddles the cut (deliberate it
    first), and once decided (a decision is final).

    Emits teams-advanced; records ranking.advanced with the teams and the ranking's method.
    """
    actor = require(command.actor, tenant=tenant, roles=DECIDERS)
    form = load_or_refuse(ADVANCEMENT_FORM, data, _("invalid advancement"))
    query = {"group": form["group"], "track": form["track"], "aggregation": None, "k": None}
    with command.change(tenant) as change:
        decided = change.session.scalar(select(AdvancementDecision.id).where(
            AdvancementDecision.round == round_code, AdvancementDecision.group == form["group"],
            AdvancementDecision.track == (form["track"] or "")))
        if decided is not None:
            raise Conflict(_("who goes on from here is decided already"), {"group": [_("decided already")]},
                           {"group": ["already-advanced"]})
        query, rows = sheets.load(change.session, round_code, query)
        result, places = sheets.ranked(change.session, round_code, query, rows)
        scores = dict(zip(result.projects.tolist(), result.score.tolist(), strict=True))
        value = _rule_value(form)
        splits.check_share(change.session, round_code, form, value)
        try:
            decision = advance(places, scores, form["rule"], value)
        except AdvancementRefused as refused:
            raise Conflict(_("these projects cannot advance so"), {"value": [refused.detail]},
                           {"value": [refused.code]}) from None
        if not decision.confirmable:
            raise Conflict(_("an open tie straddles the cut: deliberate it first"), {"rule": [
                _("tied: {projects}", projects=", ".join(decision.blocked_by))]}, {"rule": ["tie-open"]})
        team_of = {r.project_id: r.team_id for r in rows}
        rank_of = {p.project_id: p.rank for p in places}
        teams = [{"team_id": team_of[p], "project_id": p, "rank": rank_of[p], "score": points(scores[p])}
                 for p in decision.advanced]
        row = change.add(AdvancementDecision(
            tenant=tenant, round=round_code, group=form["group"], track=form["track"] or "",
            rule=form["rule"], value=form["value"], method=query["aggregation"], teams=teams,
            decided_by=actor.id))
        facts = {"round": round_code, "group": row.group, "track": form["track"], "rule": row.rule,
                 "value": form["value"], "method": row.method, "teams": teams}
        change.emit(TEAMS_ADVANCED, facts)
        change.record("ranking.advanced", {**facts, "value": str(form["value"])})
        return ADVANCEMENT.dump({**facts, "decided_by": row.decided_by, "decided_at": row.decided_at})


def split_places(command, tenant, round_code, data):
    return splits.split_places(command, tenant, round_code, data, DECIDERS)


def _rule_value(form):
    """top-n: a whole number; top-percent: as given; threshold: the score in cents."""
    value = form["value"]
    if form["rule"] == "top-n":
        if value != int(value):
            raise Conflict(_("top-n takes a whole number"), {"value": [_("a whole number")]},
                           {"value": ["count-out-of-range"]})
        return int(value)
    return int(value * 100) if form["rule"] == "threshold" else value
