"""What registration answers without changing anything."""
from sqlalchemy import select

from contest_contracts.registration import Team
from contest_contracts.vocabulary import STAFF
from contest_kit.context import require
from registration import models
from registration.access import team_for

TEAMS, TEAM = Team(many=True), Team()


def get_team(command, tenant, team_id):
    with command.read(tenant) as session:
        return TEAM.dump(team_for(session, command.actor, tenant, team_id))


def list_teams(command, tenant):
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        return TEAMS.dump(session.scalars(select(models.Team).order_by(models.Team.registered_at)))
