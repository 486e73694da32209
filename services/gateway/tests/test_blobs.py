"""The gateway serves the local blob store's presigned URLs at /blobs/ (BLOB_BACKEND=local): files go
to the directory registration reads, not through any service; with MinIO it serves none."""
import hashlib

import requests

from contest_kit.blobstore import LocalBlobStore

PDF = b"%PDF-1.7 " + b"slides " * 1000
KEY = "2023-ningbo/team-1/u1-slides-roadshow.pdf"


def _store(gateway_url, tmp_path):
    """Registration's side: the same directory and key, signing URLs for the gateway."""
    return LocalBlobStore(tmp_path / "blobs", url_base=f"{gateway_url}/blobs", url_secret="blob-test-secret")


def test_a_presigned_put_and_get_go_through_the_gateway_to_the_shared_directory(start_gateway, tmp_path):
    gateway = start_gateway(BLOB_DIR=str(tmp_path / "blobs"), BLOB_URL_SECRET="blob-test-secret")
    store = _store(gateway.url, tmp_path)

    put = requests.put(store.presign_put(KEY, 60, size=len(PDF)), data=PDF, timeout=10,
                       headers={"Content-Type": "application/pdf"})
    got = requests.get(store.presign_get(KEY, 60, filename="路演.pdf"), timeout=10)

    assert (put.status_code, store.digest(KEY)) == (200, hashlib.sha256(PDF).hexdigest())
    assert (got.status_code, got.content, got.headers["Content-Disposition"]) == (
        200, PDF, "attachment; filename*=UTF-8''%E8%B7%AF%E6%BC%94.pdf")
    assert gateway.downstream.calls == []


def test_a_url_signed_with_another_key_or_expired_is_403_and_writes_nothing(start_gateway, tmp_path):
    gateway = start_gateway(BLOB_DIR=str(tmp_path / "blobs"), BLOB_URL_SECRET="blob-test-secret")
    forger = LocalBlobStore(tmp_path / "elsewhere", url_base=f"{gateway.url}/blobs", url_secret="guessed")
    expired = _store(gateway.url, tmp_path).presign_put(KEY, -1, size=len(PDF))

    answers = [requests.put(url, data=PDF, timeout=10).status_code
               for url in (forger.presign_put(KEY, 60, size=len(PDF)), expired)]

    assert (answers, _store(gateway.url, tmp_path).exists(KEY)) == ([403, 403], False)


def test_with_minio_the_gateway_serves_no_blobs(start_gateway, tmp_path):
    gateway = start_gateway(BLOB_BACKEND="minio", BLOB_DIR=str(tmp_path / "blobs"))
    url = _store(gateway.url, tmp_path).presign_put(KEY, 60, size=len(PDF))

    assert requests.put(url, data=PDF, timeout=10).status_code == 404
