"""A team's material files: announced, sent straight to object storage, confirmed, frozen, read.

The bytes never pass through a service: the team asks for an upload (a presigned PUT URL), sends
the file to storage, then asks registration to confirm it. Registration checks what arrived (size,
type sniffed from the first bytes, SHA-256) and only then records a material version.
"""
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from contest_contracts.registration import (
    Download,
    DownloadQuery,
    Material,
    TeamMaterials,
    Upload,
    UploadForm,
)
from contest_contracts.vocabulary import EXPERT, MATERIAL_KINDS
from contest_kit.blobstore import BlobNotFound
from contest_kit.boundary import load_arguments, load_or_refuse
from contest_kit.context import require
from contest_kit.db import new_id, utc_now
from contest_kit.errors import Conflict, NotFound, ValidationFailed
from registration import models
from registration.access import active_team_for, team_for
from registration.domain import materials as rules
from registration.i18n import _
from registration.stations import edition_cutoffs
from registration.versions import new_project_version

UPLOAD_FORM, UPLOAD, MATERIAL, DOWNLOAD = UploadForm(), Upload(), Material(), Download()
DOWNLOAD_QUERY = DownloadQuery()
HISTORY = TeamMaterials()


def cutoffs_of(session, tenant):
    """The tenant's edition's stage cut-offs, [{"stage", "at"}] with aware datetimes."""
    station = session.get(models.Station, tenant)
    if station is None:
        raise NotFound(_("no such station"), {"tenant": [_("This station is not defined")]},
                       {"tenant": ["unknown-tenant"]})
    return edition_cutoffs(session.get(models.Edition, station.edition))


def _open_stage(session, tenant, now):
    """The stage a version confirmed now belongs to (None while the edition names no cut-off yet);
    refused once every cut-off has passed."""
    cutoffs = cutoffs_of(session, tenant)
    stage = rules.open_stage(cutoffs, now)
    if stage is None and cutoffs:
        raise ValidationFailed(_("materials are closed"), {"kind": [_(
            "Every stage's cut-off has passed: no new material version is accepted")]},
            {"kind": ["materials-closed"]})
    return stage


def request_upload(command, tenant, team_id, data, blobs, url_seconds):
    """The team announces a file; the answer says where to PUT it (a presigned URL) until when.

    Records nothing (nothing is a material until confirmed); emits nothing.
    """
    form = load_or_refuse(UPLOAD_FORM, data)
    refusals = rules.upload_refusals(kind=form["kind"], content_type=form["content_type"], size=form["size"])
    if refusals:
        raise ValidationFailed(_("upload refused"), refusals.messages(), refusals.codes())
    with command.change(tenant) as change:
        team = active_team_for(change.session, command.actor, tenant, team_id)
        now = utc_now()
        stage = _open_stage(change.session, tenant, now)
        upload_id = new_id()
        key = rules.upload_key(tenant=tenant, team_id=team.id, upload_id=upload_id, kind=form["kind"],
                               filename=form["filename"])
        upload = change.add(models.Upload(id=upload_id, tenant=tenant, team_id=team.id, key=key,
                                          expires_at=now + timedelta(seconds=url_seconds), **form))
    url = blobs.presign_put(key, url_seconds, size=form["size"], content_type=form["content_type"])
    return UPLOAD.dump({**_upload_view(upload), "url": url, "method": "PUT", "stage": stage,
                        "headers": {"Content-Type": upload.content_type}})


def _upload_view(upload):
    names = ("id", "kind", "filename", "content_type", "size", "sha256", "expires_at")
    return {name: getattr(upload, name) for name in names}


def confirm_upload(command, tenant, team_id, upload_id, blobs):
    """Check what arrived in storage for an upload and record it as the next version of its kind.

    Confirming again answers with the same version. Emits submission-received (a new project
    version); records material.confirmed. A refusal records nothing and removes what arrived, so
    that the team may send the right file to the same URL while it is valid.
    """
    with command.read(tenant) as session:
        team = active_team_for(session, command.actor, tenant, team_id)
        upload = _upload_of(session, team, upload_id)
        if (done := _confirmed(session, upload.id)) is not None:
            return done
    arrived = _check_arrival(upload, blobs)
    try:
        return _record_version(command, tenant, team, upload, arrived)
    except IntegrityError:  # a confirm of the same upload, or another version of its kind, at once
        with command.read(tenant) as session:
            if (done := _confirmed(session, upload.id)) is not None:
                return done
        raise Conflict(_("another version was confirmed at the same moment"), {"upload_id": [_(
            "Another version of this kind was confirmed at the same moment: confirm again")]},
            {"upload_id": ["confirm-raced"]}) from None


def _record_version(command, tenant, team, upload, arrived):
    with command.change(tenant) as change:
        if (done := _confirmed(change.session, upload.id)) is not None:
            return done  # another confirm of the same upload got here first
        now = utc_now()
        stage = _open_stage(change.session, tenant, now)
        version = 1 + (change.session.scalar(select(func.max(models.Material.version)).where(
            models.Material.team_id == team.id, models.Material.kind == upload.kind)) or 0)
        material = change.add(models.Material(
            tenant=tenant, team_id=team.id, kind=upload.kind, version=version, upload_id=upload.id,
            filename=upload.filename, content_type=upload.content_type, key=upload.key,
            object_version=arrived.version_id, sha256=upload.sha256, size=upload.size, stage=stage,
            confirmed_at=now))
        change.record("material.confirmed", {
            "team_id": team.id, "kind": material.kind, "version": version, "key": material.key,
            "object_version": material.object_version, "sha256": material.sha256, "size": material.size,
            "stage": stage})
        new_project_version(change, team)
        return MATERIAL.dump(material)


def _upload_of(session, team, upload_id):
    upload = session.get(models.Upload, upload_id)
    if upload is None or upload.team_id != team.id:
        raise NotFound(_("no such upload"), {"upload_id": [_("not found")]})
    return upload


def _confirmed(session, upload_id):
    material = session.scalar(select(models.Material).where(models.Material.upload_id == upload_id))
    return MATERIAL.dump(material) if material is not None else None


def _check_arrival(upload, blobs):
    """The storage's stat of what arrived, if it is what the team announced; else refuse."""
    try:
        stat = blobs.stat(upload.key)
    except BlobNotFound:
        raise ValidationFailed(_("nothing has arrived"), {"upload_id": [_(
            "Nothing has arrived for this upload yet: PUT the file to its URL first")]},
            {"upload_id": ["upload-missing"]}) from None
    announced = {"announced_size": upload.size, "announced_sha256": upload.sha256,
                 "content_type": upload.content_type}
    head = blobs.head(upload.key, rules.SNIFF_BYTES, stat.version_id)
    refusals = rules.arrival_refusals(**announced, size=stat.size, head=head)
    if not refusals:  # hash only what could still be right: it reads the whole file
        refusals = rules.arrival_refusals(**announced, size=stat.size, head=head,
                                          sha256=blobs.digest(upload.key, stat.version_id))
    if refusals:
        blobs.delete(upload.key)
        raise ValidationFailed(_("upload refused"), refusals.messages(), refusals.codes())
    return stat


def team_materials(command, tenant, team_id):
    """For each kind: every version and which one each stage froze (the team, its station's staff)."""
    with command.read(tenant) as session:
        team = team_for(session, command.actor, tenant, team_id)
        versions = session.scalars(select(models.Material).where(models.Material.team_id == team.id)
                                   .order_by(models.Material.kind, models.Material.version)).all()
        chosen, freeze = models.FrozenMaterial, models.Freeze
        frozen = session.execute(select(chosen.kind, chosen.stage, models.Material.version, freeze.frozen_at)
                                 .join(models.Material, models.Material.id == chosen.material_id)
                                 .join(freeze, (freeze.tenant == chosen.tenant)
                                       & (freeze.stage == chosen.stage))
                                 .where(chosen.team_id == team.id)).all()
    history = []
    for kind in MATERIAL_KINDS:
        mine = [v for v in versions if v.kind == kind]
        stages = [{"stage": f.stage, "version": f.version, "frozen_at": f.frozen_at} for f in frozen
                  if f.kind == kind]
        if mine:
            history.append({"kind": kind, "versions": mine, "frozen": stages})
    return HISTORY.dump({"team_id": team.id, "kinds": history})


def download(command, tenant, team_id, kind, blobs, url_seconds, version=None, stage=None):
    """A short-lived URL to read a version of a team's material: a given version (the team and its
    station's staff), or the one a stage froze (also the station's experts: what they judge)."""
    actor = require(command.actor)
    # Loaded as the gateway loads them, so that a caller over RPC gets the same field-level refusal.
    query = load_arguments(DOWNLOAD_QUERY, {"version": version, "stage": stage})
    version, stage = query["version"], query["stage"]
    with command.read(tenant) as session:
        if actor.role == EXPERT:
            require(actor, tenant=tenant)
            if stage is None:
                raise ValidationFailed(_("experts read the frozen version"), {"stage": [_(
                    "Name the stage whose frozen version you read")]}, {"stage": ["stage-required"]})
            team = session.get(models.Team, team_id)
            if team is None or team.tenant != tenant:
                raise NotFound(_("no such team"), {"team_id": [_("not found")]})
        else:
            team = team_for(session, actor, tenant, team_id)
        material = _material(session, team, kind, version, stage)
    url = blobs.presign_get(material.key, url_seconds, version_id=material.object_version,
                            filename=material.filename)
    return DOWNLOAD.dump({"kind": material.kind, "version": material.version, "filename": material.filename,
                          "url": url, "expires_at": utc_now() + timedelta(seconds=url_seconds)})


def _material(session, team, kind, version, stage):
    query = select(models.Material).where(models.Material.team_id == team.id, models.Material.kind == kind)
    if stage is not None:
        frozen = models.FrozenMaterial
        query = query.join(frozen, frozen.material_id == models.Material.id).where(frozen.stage == stage)
    elif version is not None:
        query = query.where(models.Material.version == version)
    else:
        query = query.order_by(models.Material.version.desc()).limit(1)
    material = session.scalar(query)
    if material is None:
        what = {"stage": stage} if stage is not None else {"version": version} if version else {"kind": kind}
        raise NotFound(_("no such material version"), {name: [_("not found")] for name in what})
    return material
