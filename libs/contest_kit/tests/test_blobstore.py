"""One contract, two adapters: the same tests against a local directory and an S3 server (moto)."""
import hashlib
import socket

import pytest

from contest_kit.blobstore import (
    BadBlobKey,
    BlobNotFound,
    BlobRef,
    LocalBlobStore,
    MinioBlobStore,
    blob_store_from_config,
)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a loopback port, for the whole module."""
    from moto.server import ThreadedMotoServer
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture(params=["local", "minio"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"contest-{tmp_path.name.lower().replace('_', '-')}"[:63]
    return MinioBlobStore.from_config(endpoint, "testing", "testing", bucket)


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


def test_local_blob_store_writes_under_its_root_only(tmp_path):
    store = LocalBlobStore(tmp_path / "blobs")

    store.put(SLIDES, b"x")

    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "blobs/2023-ningbo/t-1/1/slides.pdf"]


def test_blob_store_from_config_builds_the_local_adapter(tmp_path):
    store = blob_store_from_config({"BLOB_BACKEND": "local", "BLOB_DIR": str(tmp_path / "b")})

    assert (type(store), store.root) == (LocalBlobStore, tmp_path / "b")


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
