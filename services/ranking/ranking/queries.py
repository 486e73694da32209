"""What ranking answers without changing anything."""
from sqlalchemy import select

from contest_contracts.ranking import RankedProject as RankedOut
from contest_contracts.ranking import RankingQuery
from contest_contracts.vocabulary import GROUPS, STAFF
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from ranking.domain.ranking import Entry, places
from ranking.models import RankedProject

RANKED, QUERY = RankedOut(), RankingQuery()


def get_ranking(command, tenant, group=None):
    """The station's ranking, group by group, best first.

    Places are derived from scores on read, so concurrent results can never leave them stale.
    """
    require(command.actor, tenant=tenant, roles=STAFF)
    group = load_or_refuse(QUERY, {} if group is None else {"group": group})["group"]
    with command.read(tenant) as session:
        query = select(RankedProject)
        if group is not None:
            query = query.where(RankedProject.group == group)
        rows = session.scalars(query).all()
    ranked = []
    for name in GROUPS:
        members = [r for r in rows if r.group == name]
        by_place = places([Entry(r.project_id, r.score) for r in members])
        for row in sorted(members, key=lambda r: (by_place[r.project_id], r.project_id)):
            ranked.append({**RANKED.dump(row), "place": by_place[row.project_id]})
    return ranked
