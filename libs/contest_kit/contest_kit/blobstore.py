"""The blob-store port (materials: forms, slides, videos) and its two adapters.

One contract, two adapters: a local directory for `make run` and tests, MinIO
(any S3-compatible server) for production. Keys are relative paths such as
`2023-ningbo/<team>/<version>/slides.pptx`; both adapters refuse keys that
could escape their root.
"""
import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from nameko.extensions import DependencyProvider

from contest_kit.settings import parse_bool

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class BlobNotFound(KeyError):
    pass


class BadBlobKey(ValueError):
    pass


@dataclass(frozen=True)
class BlobRef:
    key: str
    size: int
    sha256: str


def check_key(key):
    if not isinstance(key, str) or len(key) > 512 or not _KEY.match(key) or ".." in key.split("/"):
        raise BadBlobKey(f"invalid blob key: {key!r}")
    return key


class LocalBlobStore:
    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key):
        return self.root / check_key(key)

    def put(self, key, data, content_type="application/octet-stream"):
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A name no valid key can take (keys never start with "."), unique per
        # writer, so concurrent puts of one key never write into one temp file.
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)  # readers never see half a file
        finally:
            tmp.unlink(missing_ok=True)
        return BlobRef(key, len(data), hashlib.sha256(data).hexdigest())

    def get(self, key):
        path = self._path(key)
        if not path.is_file():
            raise BlobNotFound(key)
        return path.read_bytes()

    def exists(self, key):
        return self._path(key).is_file()

    def delete(self, key):
        path = self._path(key)
        if path.is_file():
            path.unlink()


class MinioBlobStore:
    def __init__(self, client, bucket):
        self.client = client
        self.bucket = bucket
        if not client.bucket_exists(bucket):
            client.make_bucket(bucket)

    @classmethod
    def from_config(cls, endpoint, access_key, secret_key, bucket, secure=False):
        from minio import Minio
        return cls(Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure),
                   bucket)

    def put(self, key, data, content_type="application/octet-stream"):
        self.client.put_object(self.bucket, check_key(key), io.BytesIO(data), len(data),
                               content_type=content_type)
        return BlobRef(key, len(data), hashlib.sha256(data).hexdigest())

    def get(self, key):
        from minio.error import S3Error
        try:
            response = self.client.get_object(self.bucket, check_key(key))
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject"):
                raise BlobNotFound(key) from None
            raise
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def exists(self, key):
        from minio.error import S3Error
        try:
            self.client.stat_object(self.bucket, check_key(key))
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise
        return True

    def delete(self, key):
        self.client.remove_object(self.bucket, check_key(key))


def blob_store_from_config(config):
    backend = str(config.get("BLOB_BACKEND", "local")).lower()
    if backend == "local":
        return LocalBlobStore(config.get("BLOB_DIR") or "var/blobs")
    if backend == "minio":
        secure = parse_bool(config.get("MINIO_SECURE", False))
        return MinioBlobStore.from_config(config["MINIO_ENDPOINT"], config["MINIO_ACCESS_KEY"],
                                          config["MINIO_SECRET_KEY"],
                                          config.get("MINIO_BUCKET") or "contest", secure)
    raise ValueError(f"unknown BLOB_BACKEND {backend!r} (use local or minio)")


class Blobs(DependencyProvider):
    def setup(self):
        self.store = blob_store_from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.store
