"""Registration's nameko entrypoints: thin, they load, call the rules, store, emit."""
import base64
import binascii

from nameko.rpc import rpc
from sqlalchemy import func, select

from contest_kit.audit import record
from contest_kit.audited import AuditRecord
from contest_kit.blobstore import Blobs
from contest_kit.boundary import load_or_refuse
from contest_kit.consumer import ParkedEvents
from contest_kit.context import CallContext, require
from contest_kit.db import Database
from contest_kit.errors import EXPECTED, Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.metrics import Observable
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelayRunner
from registration.domain import teams as rules
from registration.models import Material, Project, Submission, Team
from registration.schemas import (
    MaterialOutSchema,
    SubmissionOutSchema,
    SubmissionSchema,
    TeamRegistrationSchema,
    TeamSchema,
)

STAFF = ("station_admin", "committee", "operator")


class RegistrationService(Observable, ParkedEvents, AuditRecord):
    name = "registration"

    db = Database("registration:migrations")
    relay = OutboxRelayRunner()
    call = CallContext()
    blobs = Blobs()

    @rpc(expected_exceptions=EXPECTED)
    def register_team(self, tenant, data):
        actor = require(self.call.actor, roles=("applicant",))
        team = load_or_refuse(TeamRegistrationSchema(), data)
        problems = rules.registration_problems(
            team_name=team["name"], uscc=team["unit"]["uscc"].upper(), track=team["track"],
            representatives=team["representatives"])
        if problems:
            raise ValidationFailed("registration refused", problems)
        with self.db.session(tenant=tenant) as session:
            if session.scalar(select(Team.id).where(Team.name == team["name"])):
                raise Conflict("team name taken at this station", {"name": ["团队名称已被使用 (taken)"]})
            if session.scalar(select(Team.id).where(Team.owner_id == actor.id)):
                raise Conflict("this account already registered a team at this station")
            row = Team(tenant=tenant, name=team["name"], owner_id=actor.id,
                       unit_name=team["unit"]["name"], uscc=team["unit"]["uscc"].upper(),
                       unit_kind=team["unit"]["kind"], staff=team["unit"]["staff"],
                       revenue_cny=team["unit"]["revenue_cny"], central_soe=team["unit"]["central_soe"],
                       group=rules.group_for(team["unit"]), track=team["track"],
                       contact_name=team["contact"]["name"], contact_email=team["contact"]["email"],
                       locale=team["contact"]["locale"], representatives=team["representatives"])
            session.add(row)
            session.flush()
            record(session, tenant=tenant, actor=actor, action="team.registered",
                   correlation_id=self.call.correlation_id,
                   data={"team_id": row.id, "name": row.name, "uscc": row.uscc, "track": row.track,
                         "group": row.group, "group_basis": {
                             "unit_kind": row.unit_kind, "staff": row.staff,
                             "revenue_cny": row.revenue_cny, "central_soe": row.central_soe}})
            emit(session, "team-registered", tenant=tenant, producer=self.name,
                 correlation_id=self.call.correlation_id,
                 payload={"team_id": row.id, "team_name": row.name, "owner_id": row.owner_id,
                          "unit_name": row.unit_name,
                          "uscc": row.uscc, "group": row.group, "track": row.track,
                          "contact_name": row.contact_name, "contact_email": row.contact_email,
                          "locale": row.locale})
            return TeamSchema().dump(row)

    @rpc(expected_exceptions=EXPECTED)
    def get_team(self, tenant, team_id):
        with self.db.session(tenant=tenant) as session:
            return TeamSchema().dump(self._team_for_actor(session, tenant, team_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_teams(self, tenant):
        require(self.call.actor, tenant=tenant, roles=STAFF)
        with self.db.session(tenant=tenant) as session:
            return TeamSchema(many=True).dump(session.scalars(select(Team).order_by(Team.registered_at)))

    @rpc(expected_exceptions=EXPECTED)
    def upload_material(self, tenant, team_id, kind, filename, content_b64):
        if kind not in rules.MATERIAL_KINDS:
            raise ValidationFailed("unknown material kind",
                                   {"kind": [f"choose one of: {', '.join(rules.MATERIAL_KINDS)}"]})
        try:
            content = base64.b64decode(content_b64, validate=True)
        except (binascii.Error, TypeError):
            raise ValidationFailed("material is not base64", {"content": ["not valid base64"]}) from None
        if not content:
            raise ValidationFailed("empty material", {"content": ["文件为空 (the file is empty)"]})
        if len(content) > rules.MAX_MATERIAL_BYTES:
            limit = rules.MAX_MATERIAL_BYTES // (1024 * 1024)
            raise ValidationFailed("material too large",
                                   {"content": [f"文件过大 (at most {limit} MB)"]})
        with self.db.session(tenant=tenant) as session:
            team = self._team_for_actor(session, tenant, team_id, owner_only=True)
            count = session.scalar(select(func.count()).select_from(Material)
                                   .where(Material.team_id == team.id))
            key = rules.material_key(tenant=tenant, team_id=team.id, version_hint=count + 1, kind=kind,
                                     filename=filename)
            ref = self.blobs.put(key, content)
            row = Material(tenant=tenant, team_id=team.id, kind=kind, filename=filename[:200],
                           key=ref.key, sha256=ref.sha256, size=ref.size)
            session.add(row)
            session.flush()
            record(session, tenant=tenant, actor=self.call.actor, action="material.uploaded",
                   correlation_id=self.call.correlation_id,
                   data={"team_id": team.id, "kind": kind, "key": ref.key, "sha256": ref.sha256,
                         "size": ref.size})
            return MaterialOutSchema().dump(row)

    @rpc(expected_exceptions=EXPECTED)
    def submit_project(self, tenant, team_id, data, request_id=None):
        submission = load_or_refuse(SubmissionSchema(), data)
        with self.db.session(tenant=tenant) as session:
            team = self._team_for_actor(session, tenant, team_id, owner_only=True)
            if request_id and (done := _submission_for_request(session, request_id, team.id)) is not None:
                return done
            project = session.scalar(select(Project).where(Project.team_id == team.id))
            if project is None:
                project = Project(tenant=tenant, team_id=team.id, title=submission["title"])
                session.add(project)
            project.title = submission["title"]
            project.current_version = rules.next_version(project.current_version)
            materials = _latest_materials(session, team.id)
            row = Submission(tenant=tenant, project_id=project.id, version=project.current_version,
                             title=submission["title"], summary=submission["summary"],
                             materials=materials, request_id=request_id)
            session.add(row)
            session.flush()
            record(session, tenant=tenant, actor=self.call.actor, action="material-version.submitted",
                   correlation_id=self.call.correlation_id,
                   data={"team_id": team.id, "project_id": project.id, "version": row.version,
                         "title": row.title, "materials": materials})
            emit(session, "submission-received", tenant=tenant, producer=self.name,
                 correlation_id=self.call.correlation_id,
                 payload={"team_id": team.id, "project_id": project.id, "version": row.version,
                          "title": row.title, "track": team.track, "group": team.group,
                          "materials": materials})
            return _submission_out(row, team.id)

    def _team_for_actor(self, session, tenant, team_id, owner_only=False):
        actor = require(self.call.actor)
        if actor.role != "applicant":
            # Staff are refused before the lookup, so another station cannot learn which ids exist.
            require(actor, tenant=tenant, roles=STAFF)
            if owner_only:
                raise Forbidden("only the team's own account may do this")
        team = session.get(Team, team_id)
        if team is None or team.tenant != tenant:
            raise NotFound("no such team", {"team_id": ["不存在 (not found)"]})
        if actor.role == "applicant" and actor.id != team.owner_id:
            # Another team's id answers exactly as an unknown one.
            raise NotFound("no such team", {"team_id": ["不存在 (not found)"]})
        return team


def _submission_out(row, team_id):
    out = SubmissionOutSchema().dump(row)
    out["team_id"] = team_id
    return out


def _submission_for_request(session, request_id, team_id):
    row = session.scalar(select(Submission).where(Submission.request_id == request_id))
    if row is None:
        return None
    # Keys are the client's and unique per tenant: another team's key must neither
    # answer with that team's submission nor reach the unique constraint.
    if session.get(Project, row.project_id).team_id != team_id:
        raise Conflict("this Idempotency-Key was used for another team's submission",
                       {"Idempotency-Key": ["已被使用 (already used); send a new key"]})
    return _submission_out(row, team_id)


def _latest_materials(session, team_id):
    """The newest upload of each kind: what a submission snapshots."""
    latest = {}
    for m in session.scalars(select(Material).where(Material.team_id == team_id).order_by(Material.id)):
        latest[m.kind] = {"kind": m.kind, "key": m.key, "sha256": m.sha256, "size": m.size}
    return list(latest.values())
