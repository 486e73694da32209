"""A project's versions: each is the team's description and the newest confirmed version of each
kind of material at that moment (001: teams iterate; the last version before a cut-off is judged)."""
from sqlalchemy import select

from contest_contracts.events import SUBMISSION_RECEIVED
from contest_kit.db import new_id
from registration import models
from registration.domain import teams as rules


def latest_materials(session, team_id):
    """The newest confirmed version of each kind: what a project version carries."""
    latest = {}
    for row in session.execute(select(models.Material.kind, models.Material.version, models.Material.key,
                                      models.Material.sha256, models.Material.size)
                               .where(models.Material.team_id == team_id)
                               .order_by(models.Material.kind, models.Material.version)):
        latest[row.kind] = row._asdict()
    return list(latest.values())


def new_project_version(change, team, title=None, summary=None):
    """Add the team's next project version (its one project is created with the first, titled after
    the team until the team describes it) and emit submission-received. Returns the Submission row."""
    session = change.session
    # Everything read before anything changes, so that the changes are flushed once, together.
    project = session.scalar(select(models.Project).where(models.Project.team_id == team.id))
    materials = latest_materials(session, team.id)
    earlier = None
    if project is None:
        project = models.Project(id=new_id(), tenant=change.tenant, team_id=team.id, title=title or team.name)
        session.add(project)
    elif summary is None:
        earlier = session.scalar(select(models.Submission.summary).where(
            models.Submission.project_id == project.id, models.Submission.version == project.current_version))
    project.title = title or project.title
    project.current_version = rules.next_version(project.current_version)
    submission = models.Submission(tenant=change.tenant, project_id=project.id,
                                   version=project.current_version, title=project.title,
                                   summary=summary if summary is not None else (earlier or ""),
                                   materials=materials)
    session.add(submission)
    change.emit(SUBMISSION_RECEIVED, {
        "team_id": team.id, "project_id": project.id, "version": submission.version,
        "title": submission.title, "track": team.track, "group": team.group, "uscc": team.uscc,
        "materials": materials})
    return submission
