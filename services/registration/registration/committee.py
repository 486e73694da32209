"""What only the committee does to a registered team (one function per command)."""
from contest_contracts.events import DUE_DILIGENCE_RECORDED, TEAM_DISQUALIFIED
from contest_contracts.registration import Disqualification, DueDiligence, GroupOverride, Team
from contest_contracts.vocabulary import COMMITTEE
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import Conflict, ValidationFailed
from registration import models
from registration.access import team_for
from registration.domain.editions import is_closed
from registration.i18n import _
from registration.stations import registration_closes

GROUP_OVERRIDE, DISQUALIFICATION, DUE_DILIGENCE = GroupOverride(), Disqualification(), DueDiligence()
TEAM = Team()
DISQUALIFIED = "disqualified"


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


def disqualify(command, tenant, team_id, data):
    """Disqualify a team for false information (001), with the reason: it may no longer send or
    describe materials, and no stage freezes its materials any more.

    Emits team-disqualified; records team.disqualified.
    """
    actor = require(command.actor, roles=(COMMITTEE,))
    form = load_or_refuse(DISQUALIFICATION, data)
    with command.change(tenant) as change:
        team = team_for(change.session, actor, tenant, team_id)
        if team.status == DISQUALIFIED:
            raise Conflict(_("the team is disqualified already"), {"team_id": [team.disqualification_reason]},
                           {"team_id": ["already-disqualified"]})
        team.status, team.disqualification_reason = DISQUALIFIED, form["reason"]
        # The team's people stay claimed: a disqualified person does not enter again elsewhere.
        change.record("team.disqualified", {"team_id": team.id, "reason": form["reason"]})
        change.emit(TEAM_DISQUALIFIED, {"team_id": team.id, "team_name": team.name, "reason": form["reason"]})
        return TEAM.dump(team)


def record_due_diligence(command, tenant, team_id, data):
    """Record the committee's due diligence on a team, passed or failed, with what was found. It may
    be recorded again (a second check): the latest stands, every one is audited.

    Emits due-diligence-recorded; records team.due-diligence-recorded.
    """
    actor = require(command.actor, roles=(COMMITTEE,))
    form = load_or_refuse(DUE_DILIGENCE, data)
    with command.change(tenant) as change:
        team = team_for(change.session, actor, tenant, team_id)
        team.due_diligence = {"passed": form["passed"], "reason": form["reason"], "by": actor.id,
                              "recorded_at": utc_now().isoformat()}
        change.record("team.due-diligence-recorded", {"team_id": team.id, **team.due_diligence})
        change.emit(DUE_DILIGENCE_RECORDED, {"team_id": team.id, "team_name": team.name,
                                             "passed": form["passed"], "reason": form["reason"]})
        return TEAM.dump(team)
