"""What registration answers without changing anything."""

from contest_contracts.registration import Team, TeamQuery
from contest_contracts.vocabulary import STAFF
from contest_kit.boundary import load_arguments
from contest_kit.context import require
from contest_kit.paging import Keyset, PreparedList, columns
from registration import models
from registration.access import team_for

TEAMS, TEAM, QUERY = Team(many=True), Team(), TeamQuery()
# The order teams registered in; the id settles teams registered in the same instant. A station
# admin's busiest page: a prepared list, reading exactly the answer's fields.
TEAM_LIST = PreparedList(Keyset(models.Team.registered_at, models.Team.id), columns(models.Team, TEAM),
                         filters=("group", "track"))


def get_team(command, tenant, team_id):
    with command.read(tenant) as session:
        return TEAM.dump(team_for(session, command.actor, tenant, team_id))


def list_teams(command, tenant, **arguments):
    """A page of the station's teams (contest_kit.paging); `arguments`: limit, cursor, group, track."""
    require(command.actor, tenant=tenant, roles=STAFF)
    query = load_arguments(QUERY, arguments)
    return TEAM_LIST.page(command.store, tenant, limit=query["limit"], cursor=query["cursor"],
                          filters={"group": query["group"], "track": query["track"]})
