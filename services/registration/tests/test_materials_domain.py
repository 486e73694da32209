"""The material rules: kinds, types sniffed from the first bytes, what arrived, what each stage froze."""
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from contest_kit.blobstore import check_key
from registration.domain.materials import (
    DOCX,
    KINDS,
    MIB,
    MP4,
    PDF,
    PNG,
    PPTX,
    arrival_refusals,
    due_cutoffs,
    frozen_versions,
    open_stage,
    sniff,
    upload_key,
    upload_refusals,
)

SAMPLES = {
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "zip": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00\x00\x00\x00\x00",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "iso-media": b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00",
}


@pytest.mark.parametrize("family", sorted(SAMPLES))
def test_sniff_names_the_family_of_each_accepted_type(family):
    assert sniff(SAMPLES[family]) == family


def test_sniff_knows_a_quicktime_movie_as_iso_media():
    assert sniff(b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00") == "iso-media"


@pytest.mark.parametrize("head", [b"", b"MZ\x90\x00", b"<html><body>", b"%PD", b"GIF89a", b"\x00" * 16])
def test_sniff_knows_nothing_else(head):
    assert sniff(head) is None


def _codes(refusals):
    return refusals.codes()


def test_an_upload_of_an_accepted_type_and_size_is_not_refused():
    assert upload_refusals(kind="slides", content_type=PPTX, size=3 * MIB) == []


@pytest.mark.parametrize("kind,content_type", [("slides", MP4), ("video", PDF), ("application-form", PNG)])
def test_an_upload_of_a_type_its_kind_does_not_take_is_refused(kind, content_type):
    assert _codes(upload_refusals(kind=kind, content_type=content_type, size=10)) == {
        "content_type": ["material-type-refused"]}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_takes_its_limit_and_refuses_one_byte_more(kind):
    rule = KINDS[kind]
    at_limit = upload_refusals(kind=kind, content_type=rule.types[0], size=rule.max_bytes)
    over = upload_refusals(kind=kind, content_type=rule.types[0], size=rule.max_bytes + 1)

    assert (at_limit, _codes(over)) == ([], {"size": ["material-too-large"]})


def test_a_video_may_be_several_gigabytes():
    assert upload_refusals(kind="video", content_type=MP4, size=3 * 1024 * MIB) == []


def test_an_empty_upload_and_an_unknown_kind_are_refused():
    assert (_codes(upload_refusals(kind="slides", content_type=PDF, size=0)),
            _codes(upload_refusals(kind="poster", content_type=PDF, size=1))) == (
        {"size": ["material-empty"]}, {"kind": ["material-kind-unknown"]})


CONTENT = SAMPLES["pdf"] + b"rest of the file"
SHA = hashlib.sha256(CONTENT).hexdigest()


def _arrival(**overrides):
    arrived = {"announced_size": len(CONTENT), "announced_sha256": SHA, "content_type": PDF,
               "size": len(CONTENT), "head": CONTENT[:16], "sha256": SHA, **overrides}
    return _codes(arrival_refusals(**arrived))


def test_what_arrived_as_announced_is_not_refused():
    assert _arrival() == {}


@pytest.mark.parametrize("overrides,codes", [
    ({"size": len(CONTENT) + 1, "sha256": None}, {"size": ["upload-size-mismatch"]}),
    ({"sha256": "0" * 64}, {"sha256": ["upload-checksum-mismatch"]}),
    ({"head": SAMPLES["zip"]}, {"content_type": ["upload-type-mismatch"]}),
    ({"content_type": DOCX}, {"content_type": ["upload-type-mismatch"]}),
    ({"head": b"<html>", "sha256": "f" * 64}, {"content_type": ["upload-type-mismatch"],
                                               "sha256": ["upload-checksum-mismatch"]}),
])
def test_what_arrived_otherwise_is_refused_with_its_reason(overrides, codes):
    assert _arrival(**overrides) == codes


T0 = datetime(2023, 11, 10, 16, 0, tzinfo=UTC)  # 2023-11-11 00:00 Beijing time


def _version(kind, version, minutes):
    return {"kind": kind, "version": version, "confirmed_at": T0 + timedelta(minutes=minutes)}


def test_a_stage_freezes_the_newest_version_of_each_kind_confirmed_by_its_cutoff():
    versions = [_version("slides", 1, -90), _version("slides", 2, -5), _version("video", 1, -60),
                _version("slides", 3, 1), _version("application-form", 1, 0)]

    frozen = frozen_versions(versions, T0)

    assert [(v["kind"], v["version"]) for v in frozen] == [
        ("application-form", 1), ("slides", 2), ("video", 1)]


def test_a_version_confirmed_after_the_cutoff_belongs_to_the_next_stage():
    versions = [_version("slides", 1, -10), _version("slides", 2, 10)]

    assert ([v["version"] for v in frozen_versions(versions, T0)],
            [v["version"] for v in frozen_versions(versions, T0 + timedelta(days=1))]) == ([1], [2])


CUTOFFS = [{"stage": "local", "at": T0}, {"stage": "semi-final", "at": T0 + timedelta(days=10)},
           {"stage": "final", "at": T0 + timedelta(days=20)}]


def test_due_cutoffs_are_those_passed_and_not_frozen_yet():
    now = T0 + timedelta(days=10)

    assert (due_cutoffs(CUTOFFS, now, set()), due_cutoffs(CUTOFFS, now, {"local"}),
            due_cutoffs(CUTOFFS, T0 - timedelta(seconds=1), set())) == (
        [("local", T0), ("semi-final", T0 + timedelta(days=10))],
        [("semi-final", T0 + timedelta(days=10))], [])


def test_an_upload_belongs_to_the_first_stage_still_open_and_none_after_the_final():
    assert (open_stage(CUTOFFS, T0 - timedelta(seconds=1)), open_stage(CUTOFFS, T0),
            open_stage(CUTOFFS, T0 + timedelta(days=20))) == ("local", "semi-final", None)


def test_upload_key_is_under_its_tenant_and_team_and_names_the_upload():
    key = upload_key(tenant="2023-ningbo", team_id="t1", upload_id="u9", kind="slides",
                     filename="roadshow.pptx")

    assert key == "2023-ningbo/t1/u9-slides-roadshow.pptx"


@pytest.mark.parametrize("filename,tail", [
    ("申报书 v2.docx", "u1-application-form-v2.docx"),
    ("../../etc/passwd", "u1-application-form-etc-passwd"),
    ("视频", "u1-application-form-application-form"),
    ("a" * 100 + ".pdf", "u1-application-form-" + "a" * 76 + ".pdf"),
])
def test_upload_key_is_one_the_blob_store_accepts_whatever_the_file_name(filename, tail):
    key = upload_key(tenant="2023-ningbo", team_id="t1", upload_id="u1", kind="application-form",
                     filename=filename)

    assert (key, check_key(key)) == (f"2023-ningbo/t1/{tail}", key)
