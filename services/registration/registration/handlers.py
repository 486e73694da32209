"""Registration's state changes: one function each, called by a thin entrypoint in service.py.

Each loads its input with the shared contract, applies the rules of `domain/`, and commits
its rows, its audit entry and its event together through a Change (contest_kit.change).
"""
from sqlalchemy import select

from contest_contracts.events import TEAM_REGISTERED
from contest_contracts.registration import Submission, SubmissionForm, Team, TeamForm
from contest_contracts.vocabulary import APPLICANT
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import Conflict, ValidationFailed
from registration import models
from registration.access import active_team_for
from registration.domain import teams as rules
from registration.domain.editions import organiser_conflict
from registration.domain.groups import LeadingThresholds
from registration.domain.uscc import division_code, normalise
from registration.i18n import _
from registration.people import claim_people
from registration.stations import open_station
from registration.versions import new_project_version
from registration.winners import refuse_prior_winner

TEAM_FORM, SUBMISSION_FORM = TeamForm(), SubmissionForm()
TEAM, SUBMISSION = Team(), Submission()


def register_team(command, tenant, data, request_id=None, person_secret=""):
    """A team registers at a station for one track; its group is decided from its unit by the
    edition's thresholds.

    Emits team-registered; records team.registered (with the basis of the group decision).
    """
    actor = require(command.actor, roles=(APPLICANT,))
    form = load_or_refuse(TEAM_FORM, data)
    with command.change(tenant) as change:
        if (earlier := change.replay(request_id, "register_team", form)) is not None:
            return earlier
        team = register(change, form, owner_id=actor.id, person_secret=person_secret)
        return change.remember(TEAM.dump(team))


def register(change, form, *, owner_id, person_secret, imported_by=None):
    """Every rule of registering `form` at the change's station, then the team, its people's claims,
    its audit entry and its event; returns the Team row. Shared by a team's own registration and a
    station's import (`imported_by`, the importing account)."""
    tenant, unit, contact = change.tenant, form["unit"], form["contact"]
    station, edition = open_station(change.session, tenant)
    refusals = rules.registration_refusals(
        team_name=form["name"], uscc=unit["uscc"], track=form["track"], tracks=station.tracks,
        representatives=form["representatives"], max_representatives=edition.max_representatives)
    if (conflict := organiser_conflict(unit["uscc"], organisers=station.organisers,
                                       affiliates=station.affiliates,
                                       relations=station.conflict_relations)) is not None:
        refusals.add("unit.uscc", *conflict)
    if refusals:
        raise ValidationFailed(_("registration refused"), refusals.messages(), refusals.codes())
    if change.session.scalar(select(models.Team.id).where(models.Team.name == form["name"])):
        raise Conflict(_("team name taken at this station"), {"name": [_("This team name is taken")]},
                       {"name": ["name-taken"]})
    if change.session.scalar(select(models.Team.id).where(models.Team.owner_id == owner_id)):
        raise Conflict(_("this account already registered a team at this station"),
                       codes={"tenant": ["account-has-team"]})
    group, basis = rules.group_for(unit, LeadingThresholds(**edition.thresholds))
    team = change.add(models.Team(
        tenant=tenant, name=form["name"], owner_id=owner_id, unit_name=unit["name"],
        uscc=normalise(unit["uscc"]), division_code=division_code(unit["uscc"]),
        unit_kind=unit["kind"], staff=unit["staff"], revenue_cny=unit["revenue_cny"],
        central_soe=unit["central_soe"], group=group, group_basis=basis, track=form["track"],
        contact_name=contact["name"], contact_email=contact["email"], locale=contact["locale"],
        representatives=form["representatives"]))
    claim_people(change.session, edition.code, tenant, team.id, form, person_secret)
    entry = {"team_id": team.id, "name": team.name, "uscc": team.uscc, "track": team.track,
             "group": team.group, "group_basis": basis}
    change.record("team.registered", {**entry, "imported_by": imported_by} if imported_by else entry)
    change.emit(TEAM_REGISTERED, {
        "team_id": team.id, "team_name": team.name, "owner_id": team.owner_id,
        "unit_name": team.unit_name, "uscc": team.uscc, "group": team.group, "track": team.track,
        "contact_name": team.contact_name, "contact_email": team.contact_email, "locale": team.locale})
    return team


def submit_project(command, tenant, team_id, data, request_id=None):
    """The team submits a new version of its project: the materials as they stand now. A project that
    won a prize in an earlier edition is refused (winners.refuse_prior_winner).

    Emits submission-received; records material-version.submitted.
    """
    form = load_or_refuse(SUBMISSION_FORM, data)
    with command.change(tenant) as change:
        team = active_team_for(change.session, command.actor, tenant, team_id)
        if (earlier := change.replay(request_id, "submit_project", {"team_id": team.id, **form})) is not None:
            return earlier
        refuse_prior_winner(change.session, team, form["title"])
        submission = new_project_version(change, team, title=form["title"], summary=form["summary"])
        change.record("material-version.submitted", {
            "team_id": team.id, "project_id": submission.project_id, "version": submission.version,
            "title": submission.title, "materials": submission.materials})
        return change.remember({**SUBMISSION.dump(submission), "team_id": team.id})
