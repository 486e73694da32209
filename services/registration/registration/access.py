"""Who may see or change a team: its own account, and the staff of its station."""
from contest_contracts.vocabulary import APPLICANT, STAFF
from contest_kit.context import require
from contest_kit.errors import Forbidden, NotFound, ValidationFailed
from registration.i18n import _
from registration.models import Team


def team_for(session, actor, tenant, team_id, owner_only=False):
    """The team, if `actor` may see it (and change it, with `owner_only`); else refuse."""
    actor = require(actor)
    if actor.role != APPLICANT:
        # Staff are refused before the lookup, so another station cannot learn which ids exist.
        require(actor, tenant=tenant, roles=STAFF)
        if owner_only:
            raise Forbidden(_("only the team's own account may do this"))
    team = session.get(Team, team_id)
    # Another team's id answers exactly as an unknown one.
    if team is None or team.tenant != tenant or (actor.role == APPLICANT and actor.id != team.owner_id):
        raise NotFound(_("no such team"), {"team_id": [_("not found")]})
    return team


def active_team_for(session, actor, tenant, team_id):
    """The team, for its own account to change its materials: refused once it is disqualified."""
    team = team_for(session, actor, tenant, team_id, owner_only=True)
    if team.status == "disqualified":
        raise ValidationFailed(_("the team is disqualified"), {"team_id": [_(
            "The committee disqualified this team: {reason}", reason=team.disqualification_reason)]},
            {"team_id": ["team-disqualified"]})
    return team
