"""The materials freeze: at each stage's cut-off, the newest confirmed version of each kind of each
team's material becomes the one that stage judges (001). Later versions belong to the next stage.

A timer asks every few seconds which cut-offs have passed; each (tenant, stage) is frozen in one
transaction that first inserts its Freeze row. The row's unique (tenant, stage) is what makes the
freeze happen once when two replicas' timers race: the loser's insert fails and it rolls back,
so `materials-frozen` is emitted once per team and stage.
"""
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest_contracts.events import MATERIALS_FROZEN
from contest_contracts.fields import SHANGHAI
from contest_contracts.vocabulary import STATION
from contest_kit.db import utc_now
from registration import models
from registration.domain.materials import due_cutoffs, frozen_versions
from registration.stations import edition_cutoffs

log = logging.getLogger(__name__)
M = models.Material
VERSION_COLUMNS = (M.id, M.team_id, M.kind, M.version, M.key, M.sha256, M.size, M.confirmed_at)


def freeze_due(command, now=None):
    """Freeze every (station, stage) whose cut-off has passed and is not frozen yet; returns the
    (tenant, stage) pairs this call froze."""
    now = now or utc_now()
    with command.read(all_tenants=True) as session:
        cutoffs = {e.code: edition_cutoffs(e) for e in session.scalars(select(models.Edition))}
        done = set(session.execute(select(models.Freeze.tenant, models.Freeze.stage)).tuples())
        stations = session.execute(select(models.Station.code, models.Station.edition)
                                   .where(models.Station.kind == STATION)).tuples().all()
    froze = []
    for tenant, edition in stations:
        frozen = {stage for code, stage in done if code == tenant}
        for stage, cutoff in due_cutoffs(cutoffs[edition], now, frozen):
            try:
                freeze(command, tenant, stage, cutoff)
            except IntegrityError:
                log.info("%s at %s was frozen by another replica", stage, tenant)
                continue
            froze.append((tenant, stage))
    return froze


def freeze(command, tenant, stage, cutoff):
    """Freeze one stage at one tenant. Emits materials-frozen per team that has materials; records
    materials.frozen. Raises IntegrityError when the stage is frozen there already."""
    with command.change(tenant) as change:
        change.add(models.Freeze(tenant=tenant, stage=stage, cutoff=cutoff))  # first: the race ends here
        by_team = {}
        # A disqualified team's materials are judged at no stage.
        active = select(models.Team.id).where(models.Team.status != "disqualified")
        for row in change.session.execute(select(*VERSION_COLUMNS).where(M.confirmed_at <= cutoff,
                                                                         M.team_id.in_(active))):
            by_team.setdefault(row.team_id, []).append(row._asdict())
        count = 0
        for team_id, versions in sorted(by_team.items()):
            chosen = frozen_versions(versions, cutoff)
            change.session.add_all(models.FrozenMaterial(tenant=tenant, team_id=team_id, stage=stage,
                                                         kind=v["kind"], material_id=v["id"]) for v in chosen)
            count += len(chosen)
            change.emit(MATERIALS_FROZEN, {
                "team_id": team_id, "stage": stage, "cutoff": cutoff.astimezone(SHANGHAI).isoformat(),
                "materials": [{name: v[name] for name in ("kind", "version", "key", "sha256", "size")}
                              for v in chosen]})
        change.record("materials.frozen", {"stage": stage, "cutoff": cutoff.isoformat(),
                                           "teams": len(by_team), "versions": count})
