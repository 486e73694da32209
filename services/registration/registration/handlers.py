"""Registration's state changes: one function each, called by a thin entrypoint in service.py.

Each loads its input with the shared contract, applies the rules of `domain/`, and commits
its rows, its audit entry and its event together through a Change (contest_kit.change).
"""
import base64
import binascii

from sqlalchemy import func, select

from contest_contracts.events import SUBMISSION_RECEIVED, TEAM_REGISTERED
from contest_contracts.registration import (
    MAX_MATERIAL_BYTES,
    Material,
    Submission,
    SubmissionForm,
    Team,
    TeamForm,
)
from contest_contracts.vocabulary import APPLICANT
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import new_id
from contest_kit.errors import Conflict, ValidationFailed
from registration import models
from registration.access import team_for
from registration.domain import teams as rules
from registration.domain.editions import organiser_conflict
from registration.domain.groups import LeadingThresholds
from registration.domain.uscc import division_code, normalise
from registration.i18n import _
from registration.people import claim_people
from registration.stations import open_station

TEAM_FORM, SUBMISSION_FORM = TeamForm(), SubmissionForm()
TEAM, MATERIAL, SUBMISSION = Team(), Material(), Submission()


def register_team(command, tenant, data, request_id=None, person_secret=""):
    """A team registers at a station for one track; its group is decided from its unit by the
    edition's thresholds.

    Emits team-registered; records team.registered (with the basis of the group decision).
    """
    actor = require(command.actor, roles=(APPLICANT,))
    form = load_or_refuse(TEAM_FORM, data)
    unit, contact = form["unit"], form["contact"]
    with command.change(tenant) as change:
        if (earlier := change.replay(request_id, "register_team", form)) is not None:
            return earlier
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
        if change.session.scalar(select(models.Team.id).where(models.Team.owner_id == actor.id)):
            raise Conflict(_("this account already registered a team at this station"),
                           codes={"tenant": ["account-has-team"]})
        group, basis = rules.group_for(unit, LeadingThresholds(**edition.thresholds))
        team = change.add(models.Team(
            tenant=tenant, name=form["name"], owner_id=actor.id, unit_name=unit["name"],
            uscc=normalise(unit["uscc"]), division_code=division_code(unit["uscc"]),
            unit_kind=unit["kind"], staff=unit["staff"], revenue_cny=unit["revenue_cny"],
            central_soe=unit["central_soe"], group=group, group_basis=basis, track=form["track"],
            contact_name=contact["name"], contact_email=contact["email"], locale=contact["locale"],
            representatives=form["representatives"]))
        claim_people(change.session, edition.code, tenant, team.id, form, person_secret)
        change.record("team.registered", {
            "team_id": team.id, "name": team.name, "uscc": team.uscc, "track": team.track,
            "group": team.group, "group_basis": basis})
        change.emit(TEAM_REGISTERED, {
            "team_id": team.id, "team_name": team.name, "owner_id": team.owner_id,
            "unit_name": team.unit_name, "uscc": team.uscc, "group": team.group, "track": team.track,
            "contact_name": team.contact_name, "contact_email": team.contact_email, "locale": team.locale})
        return change.remember(TEAM.dump(team))


def upload_material(command, tenant, team_id, kind, filename, content_b64, blobs):
    """The team's account uploads one material file; a submission later snapshots the newest of each kind.

    Emits nothing; records material.uploaded.
    """
    filename = filename or kind
    try:
        content = base64.b64decode(content_b64, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise ValidationFailed(_("the material is not base64"),
                               {"content": [_("not valid base64")]}) from None
    if (problem := rules.material_problem(kind=kind, size=len(content), limit=MAX_MATERIAL_BYTES)):
        field, message = problem
        raise ValidationFailed(_("material refused"), {field: [message]})
    with command.change(tenant) as change:
        team = team_for(change.session, command.actor, tenant, team_id, owner_only=True)
        count = change.session.scalar(select(func.count()).select_from(models.Material)
                                      .where(models.Material.team_id == team.id))
        key = rules.material_key(tenant=tenant, team_id=team.id, version_hint=count + 1, kind=kind,
                                 filename=filename)
        ref = blobs.put(key, content)
        material = change.add(models.Material(tenant=tenant, team_id=team.id, kind=kind,
                                              filename=filename[:200], key=ref.key, sha256=ref.sha256,
                                              size=ref.size))
        change.record("material.uploaded", {"team_id": team.id, "kind": kind, "key": ref.key,
                                            "sha256": ref.sha256, "size": ref.size})
        return MATERIAL.dump(material)


def submit_project(command, tenant, team_id, data, request_id=None):
    """The team submits a new version of its project: the materials as they stand now.

    Emits submission-received; records material-version.submitted.
    """
    form = load_or_refuse(SUBMISSION_FORM, data)
    with command.change(tenant) as change:
        team = team_for(change.session, command.actor, tenant, team_id, owner_only=True)
        if (earlier := change.replay(request_id, "submit_project", {"team_id": team.id, **form})) is not None:
            return earlier
        # Everything read before anything changes, so that the changes are flushed once, together.
        project = change.session.scalar(select(models.Project).where(models.Project.team_id == team.id))
        materials = _latest_materials(change.session, team.id)
        if project is None:
            project = models.Project(id=new_id(), tenant=tenant, team_id=team.id, title=form["title"])
            change.session.add(project)
        project.title = form["title"]
        project.current_version = rules.next_version(project.current_version)
        submission = models.Submission(tenant=tenant, project_id=project.id, version=project.current_version,
                                       title=form["title"], summary=form["summary"], materials=materials)
        change.session.add(submission)
        change.record("material-version.submitted", {
            "team_id": team.id, "project_id": project.id, "version": submission.version,
            "title": submission.title, "materials": materials})
        change.emit(SUBMISSION_RECEIVED, {
            "team_id": team.id, "project_id": project.id, "version": submission.version,
            "title": submission.title, "track": team.track, "group": team.group, "materials": materials})
        return change.remember({**SUBMISSION.dump(submission), "team_id": team.id})


def _latest_materials(session, team_id):
    """The newest upload of each kind: what a submission snapshots."""
    latest = {}
    for row in session.execute(select(models.Material.kind, models.Material.key, models.Material.sha256,
                                      models.Material.size)
                               .where(models.Material.team_id == team_id).order_by(models.Material.id)):
        latest[row.kind] = row._asdict()
    return list(latest.values())
