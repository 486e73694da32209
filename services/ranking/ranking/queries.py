"""What ranking answers without changing anything."""
from sqlalchemy import select

from contest_contracts.ranking import RankedProject as RankedOut
from contest_contracts.ranking import RankingQuery
from contest_contracts.vocabulary import GROUPS, STAFF
from contest_kit.boundary import load_arguments
from contest_kit.context import require
from contest_kit.paging import cut
from ranking.domain.ranking import Entry, places
from ranking.models import RankedProject

RANKED, QUERY = RankedOut(), RankingQuery()
KINDS = (int, int, str)  # the sort key: the group's position in GROUPS, the place, the project


def _key(ranked):
    return GROUPS.index(ranked["group"]), ranked["place"], ranked["project_id"]


def get_ranking(command, tenant, **arguments):
    """A page of the station's ranking, group by group, best first (contest_kit.paging);
    `arguments`: group, track, limit, cursor.

    Places are derived from scores on read, so concurrent results can never leave them stale;
    they are places in the whole group, so the whole group is ranked before a track or a page
    is cut from it.
    """
    require(command.actor, tenant=tenant, roles=STAFF)
    query = load_arguments(QUERY, arguments)
    statement = select(RankedProject)
    if query["group"] is not None:
        statement = statement.where(RankedProject.group == query["group"])
    with command.read(tenant) as session:
        rows = session.scalars(statement).all()
    ranked = []
    for name in GROUPS:
        members = [r for r in rows if r.group == name]
        by_place = places([Entry(r.project_id, r.score) for r in members])
        for row in sorted(members, key=lambda r: (by_place[r.project_id], r.project_id)):
            if query["track"] is None or row.track == query["track"]:
                ranked.append({**RANKED.dump(row), "place": by_place[row.project_id]})
    return cut(ranked, _key, KINDS, limit=query["limit"], cursor=query["cursor"])
