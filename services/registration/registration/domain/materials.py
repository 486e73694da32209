"""Rules for material files (001: application form, proofs, slides, video; the last version before
a stage's cut-off is the one judged).

Pure functions: what a kind accepts, what the first bytes of a file say it is, whether what
arrived in storage is what the team announced, and which version each stage froze.
"""
import re
from dataclasses import dataclass

from contest_contracts.vocabulary import MATERIAL_KINDS
from registration.domain.refusals import Refusals
from registration.i18n import _

MIB = 1024 * 1024
SNIFF_BYTES = 16  # what `sniff` needs of a file's beginning

PDF, DOCX, PPTX, XLSX = ("application/pdf",
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC, PPT, ZIP = "application/msword", "application/vnd.ms-powerpoint", "application/zip"
JPEG, PNG, MP4, MOV = "image/jpeg", "image/png", "video/mp4", "video/quicktime"

# What the first bytes of each type look like. Office's OOXML files are ZIP archives and its older
# files OLE2 compound files: the first bytes cannot tell a .docx from a .pptx, only the family.
FAMILY = {PDF: "pdf", DOCX: "zip", PPTX: "zip", XLSX: "zip", ZIP: "zip", DOC: "ole", PPT: "ole",
          JPEG: "jpeg", PNG: "png", MP4: "iso-media", MOV: "iso-media"}


@dataclass(frozen=True)
class KindRule:
    types: tuple
    max_bytes: int


# Per kind: the types accepted and the largest file (a roadshow video may be several GB).
KINDS = {
    "application-form": KindRule((PDF, DOCX, DOC), 20 * MIB),
    "proof": KindRule((PDF, JPEG, PNG, ZIP), 50 * MIB),
    "slides": KindRule((PDF, PPTX, PPT), 200 * MIB),
    "video": KindRule((MP4, MOV), 4 * 1024 * MIB),
    "other": KindRule((PDF, ZIP, JPEG, PNG, DOCX, XLSX, PPTX), 100 * MIB),
}
assert set(KINDS) == set(MATERIAL_KINDS)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sniff(head):
    """The family of a file from its first bytes (at least SNIFF_BYTES of them), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp":  # ISO base media: MP4 and QuickTime both
        return "iso-media"
    return None


def upload_refusals(*, kind, content_type, size):
    """Why an announced upload is refused before any byte is sent."""
    refusals = Refusals()
    rule = KINDS.get(kind)
    if rule is None:
        refusals.add("kind", "material-kind-unknown", _("Unknown material kind; choose one of: {kinds}",
                                                         kinds=", ".join(MATERIAL_KINDS)))
        return refusals
    if content_type not in rule.types:
        refusals.add("content_type", "material-type-refused", _(
            "A {kind} may be one of: {types}", kind=kind, types=", ".join(rule.types)))
    if size == 0:
        refusals.add("size", "material-empty", _("The file is empty"))
    elif size > rule.max_bytes:
        refusals.add("size", "material-too-large", _(
            "A {kind} is at most {mib} MiB", kind=kind, mib=rule.max_bytes // MIB))
    return refusals


def arrival_refusals(*, announced_size, announced_sha256, content_type, size, head, sha256=None):
    """Why what arrived in storage is not what the team announced (`sha256` None: not read, since
    the size already differs and hashing gigabytes would prove nothing more)."""
    refusals = Refusals()
    if size != announced_size:
        refusals.add("size", "upload-size-mismatch", _(
            "{size} bytes arrived, {announced} were announced", size=size, announced=announced_size))
        return refusals
    if sniff(head) != FAMILY[content_type]:
        refusals.add("content_type", "upload-type-mismatch", _(
            "The file's content is not of the announced type {type}", type=content_type))
    if sha256 is not None and sha256 != announced_sha256:
        refusals.add("sha256", "upload-checksum-mismatch",
                     _("The file's SHA-256 checksum differs from the one announced"))
    return refusals


def is_sha256(text):
    return isinstance(text, str) and bool(_SHA256.match(text))


def frozen_versions(versions, cutoff):
    """Of `versions` (dicts with kind, version, confirmed_at), the newest of each kind confirmed at or
    before `cutoff`: what a stage judges. Later versions belong to the next stage."""
    chosen = {}
    for version in versions:
        if version["confirmed_at"] > cutoff:
            continue
        best = chosen.get(version["kind"])
        if best is None or version["version"] > best["version"]:
            chosen[version["kind"]] = version
    return [chosen[kind] for kind in MATERIAL_KINDS if kind in chosen]


def due_cutoffs(cutoffs, now, frozen):
    """The (stage, at) of `cutoffs` that have passed at `now` and are not in `frozen` yet."""
    return [(c["stage"], c["at"]) for c in cutoffs if c["at"] <= now and c["stage"] not in frozen]


def open_stage(cutoffs, now):
    """The first stage whose cut-off is still ahead (the one a new upload belongs to), or None when
    every cut-off has passed and uploads are closed."""
    return next((c["stage"] for c in cutoffs if c["at"] > now), None)


def upload_key(*, tenant, team_id, upload_id, kind, filename):
    """Where an upload goes in storage: under its tenant and team, unique per upload.

    Keys are ASCII (contest_kit.blobstore.check_key); str.isalnum() also accepts Chinese, so
    "申报书.docx" would make a key the store refuses. The real file name is kept on the row; the
    key only needs to be unique and readable."""
    safe = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "-" for c in filename)[-80:]
    return f"{tenant}/{team_id}/{upload_id}-{kind}-{safe.lstrip('.-') or kind}"
