"""What only the committee does to a registered team (one function per command)."""
from contest_contracts.registration import GroupOverride, Team
from contest_contracts.vocabulary import COMMITTEE
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import ValidationFailed
from registration import models
from registration.access import team_for
from registration.domain.editions import is_closed
from registration.i18n import _
from registration.stations import registration_closes

GROUP_OVERRIDE, TEAM = GroupOverride(), Team()


def override_group(command, tenant, team_id, data):
    """Put a team in another group, with the reason, while registration is open; after the close the
    group is frozen (001). The override is kept in the team's group basis and audited.

    Records team.group-overridden. (Review and ranking learn the group with the team's next
    submission: no event carries a group change yet.)
    """
    actor = require(command.actor, roles=(COMMITTEE,))
    form = load_or_refuse(GROUP_OVERRIDE, data)
    with command.change(tenant) as change:
        team = team_for(change.session, actor, tenant, team_id)
        _edition, closes = registration_closes(change.session, change.session.get(models.Station, tenant))
        if is_closed(utc_now(), closes):
            message = _("Registration has closed: the group can no longer change")
            raise ValidationFailed(_("the group is frozen"), {"group": [message]},
                                   {"group": ["group-frozen"]})
        if team.group == form["group"]:
            return TEAM.dump(team)
        override = {"from": team.group, "to": form["group"], "reason": form["reason"], "by": actor.id,
                    "at": utc_now().isoformat()}
        team.group, team.group_basis = form["group"], {**(team.group_basis or {}), "override": override}
        change.record("team.group-overridden", {"team_id": team.id, **override})
        return TEAM.dump(team)
