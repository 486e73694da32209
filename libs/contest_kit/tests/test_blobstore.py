"""One contract, two adapters: the same tests against a local directory and an S3 server (moto)."""
import hashlib
import urllib.error
import urllib.request

import pytest

from contest_kit.blobstore import (
    BadBlobKey,
    BlobNotFound,
    BlobRef,
    BlobStat,
    LocalBlobStore,
    blob_store_from_config,
)
from contest_kit.blobstore_s3 import MinioBlobStore
from contest_kit.testing import serving_blobs


@pytest.fixture
def local_store(tmp_path):
    """The local adapter with its presigned URLs served on a loopback port, as the gateway serves them."""
    store = LocalBlobStore(tmp_path / "blobs", url_secret="test-secret")
    with serving_blobs(store):
        yield store


@pytest.fixture(params=["local", "minio"])
def store(request, tmp_path):
    if request.param == "local":
        return request.getfixturevalue("local_store")
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"contest-{tmp_path.name.lower().replace('_', '-')}"[:63]
    return blob_store_from_config({"BLOB_BACKEND": "minio", "MINIO_ENDPOINT": endpoint,
                                   "MINIO_ACCESS_KEY": "testing", "MINIO_SECRET_KEY": "testing",
                                   "MINIO_BUCKET": bucket})


def http(method, url, data=None, content_type="application/pdf"):
    """(status, body) of one request, as a browser or curl would send it."""
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


SLIDES = "2023-ningbo/t-1/1/slides.pdf"


def test_blob_store_put_returns_size_and_sha256(store):
    data = b"%PDF-1.7 lens sorter"

    ref = store.put(SLIDES, data, content_type="application/pdf")

    assert ref == BlobRef(SLIDES, len(data), hashlib.sha256(data).hexdigest())


def test_blob_store_get_returns_what_was_put(store):
    store.put(SLIDES, b"first")
    store.put(SLIDES, b"second version")

    assert store.get(SLIDES) == b"second version"


def test_blob_store_exists_only_after_put_and_until_delete(store):
    before = store.exists(SLIDES)
    store.put(SLIDES, b"x")
    during = store.exists(SLIDES)
    store.delete(SLIDES)

    assert (before, during, store.exists(SLIDES)) == (False, True, False)


def test_blob_store_keeps_empty_blobs(store):
    ref = store.put("2023-ningbo/empty.txt", b"")

    assert (ref.size, store.get("2023-ningbo/empty.txt")) == (0, b"")


def test_blob_store_get_of_a_missing_key_raises_blob_not_found(store):
    with pytest.raises(BlobNotFound) as caught:
        store.get("2023-ningbo/missing.pdf")

    assert caught.value.args == ("2023-ningbo/missing.pdf",)


def test_blob_store_delete_of_a_missing_key_is_quiet(store):
    assert store.delete("2023-ningbo/missing.pdf") is None


@pytest.mark.parametrize("key", ["../x", "/abs", "a//b", "a/../b", "a/./b", "", "a/", ".hidden",
                                 "a b", "x" * 513, None])
@pytest.mark.parametrize("operation", ["put", "get", "exists", "delete"])
def test_blob_store_refuses_a_key_that_could_escape_its_root(store, key, operation):
    call = {"put": lambda: store.put(key, b"x"), "get": lambda: store.get(key),
            "exists": lambda: store.exists(key), "delete": lambda: store.delete(key)}[operation]

    with pytest.raises(BadBlobKey) as caught:
        call()

    assert str(caught.value) == f"invalid blob key: {key!r}"


PDF = b"%PDF-1.7 " + bytes(range(256)) * 40


def test_presigned_put_stores_the_bytes_the_client_sends(store):
    url = store.presign_put(SLIDES, 60, size=len(PDF))

    status, _ = http("PUT", url, PDF)

    assert (status, store.get(SLIDES)) == (200, PDF)


def test_stat_head_and_digest_describe_what_arrived(store):
    status, _ = http("PUT", store.presign_put(SLIDES, 60, size=len(PDF)), PDF)

    stat = store.stat(SLIDES)

    assert (status, stat.size, store.head(SLIDES, 5), store.head(SLIDES, 10**6),
            store.digest(SLIDES)) == (200, len(PDF), b"%PDF-", PDF, hashlib.sha256(PDF).hexdigest())


def test_head_of_an_empty_blob_is_empty(store):
    store.put(SLIDES, b"")

    assert (store.stat(SLIDES).size, store.head(SLIDES, 16)) == (0, b"")


@pytest.mark.parametrize("operation", ["stat", "head", "digest"])
def test_checking_a_missing_blob_raises_blob_not_found(store, operation):
    call = {"stat": lambda: store.stat(SLIDES), "head": lambda: store.head(SLIDES, 8),
            "digest": lambda: store.digest(SLIDES)}[operation]

    with pytest.raises(BlobNotFound):
        call()


def test_presigned_get_reads_the_blob(store):
    store.put(SLIDES, PDF)

    status, body = http("GET", store.presign_get(SLIDES, 60, filename="路演.pdf"))

    assert (status, body) == (200, PDF)


def test_local_presigned_put_of_an_expired_url_is_refused_and_writes_nothing(local_store):
    url = local_store.presign_put(SLIDES, -1, size=len(PDF))

    status, body = http("PUT", url, PDF)

    assert (status, b"expired" in body, local_store.exists(SLIDES)) == (403, True, False)


@pytest.mark.parametrize("tamper", [
    lambda url: url.replace("sig=", "sig=0"),
    lambda url: url.replace("size=", "size=9"),
    lambda url: url.replace(SLIDES, SLIDES.replace("slides", "other")),
    lambda url: url.split("?")[0],
])
def test_local_presigned_put_of_a_forged_url_is_refused_and_writes_nothing(local_store, tamper):
    url = tamper(local_store.presign_put(SLIDES, 60, size=len(PDF)))

    status, _ = http("PUT", url, PDF)

    assert (status, list(local_store.root.rglob("*.pdf"))) == (403, [])


def test_local_presigned_put_larger_than_signed_is_refused_and_writes_nothing(local_store):
    url = local_store.presign_put(SLIDES, 60, size=len(PDF) - 1)

    status, _ = http("PUT", url, PDF)

    assert (status, local_store.exists(SLIDES)) == (413, False)


def test_local_presigned_put_writes_a_key_once(local_store):
    url = local_store.presign_put(SLIDES, 60, size=len(PDF))
    first, _ = http("PUT", url, PDF)

    second, _ = http("PUT", url, b"%PDF- replaced")

    assert (first, second, local_store.get(SLIDES)) == (200, 409, PDF)


def test_local_presigned_get_of_an_expired_or_forged_url_is_refused(local_store):
    local_store.put(SLIDES, PDF)
    expired = local_store.presign_get(SLIDES, -1)
    forged = local_store.presign_get(SLIDES, 60, filename="a.pdf").replace("a.pdf", "b.pdf")

    assert (http("GET", expired)[0], http("GET", forged)[0]) == (403, 403)


def test_minio_bucket_is_versioned_and_a_confirmed_version_stays_readable(s3_endpoint):
    store = blob_store_from_config({"BLOB_BACKEND": "minio", "MINIO_ENDPOINT": s3_endpoint,
                                    "MINIO_ACCESS_KEY": "testing", "MINIO_SECRET_KEY": "testing",
                                    "MINIO_BUCKET": "versioned"})
    url = store.presign_put(SLIDES, 60, size=len(PDF))
    http("PUT", url, PDF)
    confirmed = store.stat(SLIDES)

    http("PUT", url, b"%PDF- sent again through the same URL")

    assert (store.client.get_bucket_versioning("versioned").status, confirmed.version_id is not None,
            store.get(SLIDES, version_id=confirmed.version_id),
            store.digest(SLIDES, version_id=confirmed.version_id),
            store.stat(SLIDES).size) == ("Enabled", True, PDF, hashlib.sha256(PDF).hexdigest(), 37)


def test_minio_presigned_urls_name_the_public_endpoint(s3_endpoint):
    store = blob_store_from_config({"BLOB_BACKEND": "minio", "MINIO_ENDPOINT": s3_endpoint,
                                    "MINIO_PUBLIC_ENDPOINT": "files.example.org",
                                    "MINIO_ACCESS_KEY": "testing", "MINIO_SECRET_KEY": "testing",
                                    "MINIO_BUCKET": "public-name"})

    assert store.presign_put(SLIDES, 60, size=1).startswith(f"http://files.example.org/public-name/{SLIDES}?")


def test_local_blob_store_writes_under_its_root_only(tmp_path):
    store = LocalBlobStore(tmp_path / "blobs")

    store.put(SLIDES, b"x")

    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "blobs/2023-ningbo/t-1/1/slides.pdf"]


def test_blob_store_from_config_builds_the_local_adapter(tmp_path):
    store = blob_store_from_config({"BLOB_BACKEND": "local", "BLOB_DIR": str(tmp_path / "b")})

    assert (type(store), store.root) == (LocalBlobStore, tmp_path / "b")


def test_local_stat_has_no_version_id(tmp_path):
    store = LocalBlobStore(tmp_path)
    store.put("k", b"abc")

    assert store.stat("k") == BlobStat(3, None)


def test_blob_store_from_config_builds_the_minio_adapter(s3_endpoint):
    store = blob_store_from_config({"BLOB_BACKEND": "minio", "MINIO_ENDPOINT": s3_endpoint,
                                    "MINIO_ACCESS_KEY": "testing", "MINIO_SECRET_KEY": "testing",
                                    "MINIO_BUCKET": "from-config"})

    store.put("k", b"v")

    assert (type(store), store.bucket, store.get("k")) == (MinioBlobStore, "from-config", b"v")


def test_blob_store_from_config_refuses_an_unknown_backend():
    with pytest.raises(ValueError) as caught:
        blob_store_from_config({"BLOB_BACKEND": "ftp"})

    assert str(caught.value) == "unknown BLOB_BACKEND 'ftp' (use local or minio)"
