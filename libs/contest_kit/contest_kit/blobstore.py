"""The blob-store port (materials: forms, slides, videos) and its local adapter.

One contract, two adapters: a local directory for `make run` and tests, MinIO (any
S3-compatible server, contest_kit.blobstore_s3) for production. Keys are relative paths such as
`2023-ningbo/<team>/uploads/<upload>/slides.pptx`; both adapters refuse keys that could escape
their root.

Clients send and fetch the bytes themselves through presigned URLs (`presign_put`,
`presign_get`): the services only sign, then check what arrived (`stat`, `head`, `digest`).
MinIO signs and serves its own URLs; the local adapter signs with an HMAC key and
contest_kit.blobserver serves them (the gateway mounts it at `/blobs/`).
"""
import hashlib
import hmac
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from nameko.extensions import DependencyProvider

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
CHUNK = 1024 * 1024


class BlobNotFound(KeyError):
    pass


class BadBlobKey(ValueError):
    pass


class BlobExists(FileExistsError):
    """The local adapter writes a key once: what was confirmed never changes under its record."""


@dataclass(frozen=True)
class BlobRef:
    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class BlobStat:
    size: int
    version_id: str | None  # the S3 object version; None for the local adapter (write-once keys)


def check_key(key):
    if not isinstance(key, str) or len(key) > 512 or not _KEY.match(key) or ".." in key.split("/"):
        raise BadBlobKey(f"invalid blob key: {key!r}")
    return key


def hash_chunks(chunks):
    """sha256 of a stream read chunk by chunk, yielding to other green threads between chunks
    (a several-GB video must not stall the service's other workers)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
        time.sleep(0)  # eventlet's hub, when monkey-patched; a no-op otherwise
    return digest.hexdigest()


def url_signature(secret, method, key, expires, limit=""):
    message = f"{method}\n{key}\n{expires}\n{limit}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class LocalBlobStore:
    def __init__(self, root, url_base="http://127.0.0.1:8000/blobs", url_secret="dev-only-blob-url-secret"):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.url_base = url_base.rstrip("/")
        self.url_secret = url_secret

    def _path(self, key):
        return self.root / check_key(key)

    def put(self, key, data, content_type="application/octet-stream"):
        self.write(key, [data])
        return BlobRef(key, len(data), hashlib.sha256(data).hexdigest())

    def write(self, key, chunks, overwrite=True):
        """Write `chunks` at `key`; readers never see half a file. With overwrite=False an existing
        key raises BlobExists (the presigned PUT: a key is written once)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A name no valid key can take (keys never start with "."), unique per writer.
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
        try:
            with open(tmp, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            if overwrite:
                os.replace(tmp, path)
            else:
                try:
                    os.link(tmp, path)  # atomic, and fails when the key exists
                except FileExistsError:
                    raise BlobExists(key) from None
        finally:
            tmp.unlink(missing_ok=True)

    def get(self, key, version_id=None):
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

    def stat(self, key, version_id=None):
        path = self._path(key)
        if not path.is_file():
            raise BlobNotFound(key)
        return BlobStat(path.stat().st_size, None)

    def head(self, key, count, version_id=None):
        """The first `count` bytes (fewer if the blob is shorter)."""
        path = self._path(key)
        if not path.is_file():
            raise BlobNotFound(key)
        with open(path, "rb") as blob:
            return blob.read(count)

    def digest(self, key, version_id=None):
        path = self._path(key)
        if not path.is_file():
            raise BlobNotFound(key)
        with open(path, "rb") as blob:
            return hash_chunks(iter(lambda: blob.read(CHUNK), b""))

    def chunks(self, key):
        path = self._path(key)
        if not path.is_file():
            raise BlobNotFound(key)
        with open(path, "rb") as blob:
            yield from iter(lambda: blob.read(CHUNK), b"")

    def presign_put(self, key, expires_in, size, content_type=None):
        """A URL to PUT at most `size` bytes at `key` until `expires_in` seconds from now."""
        expires = int(time.time()) + int(expires_in)
        sig = url_signature(self.url_secret, "PUT", check_key(key), expires, size)
        return f"{self.url_base}/{key}?" + urlencode({"expires": expires, "size": size, "sig": sig})

    def presign_get(self, key, expires_in, version_id=None, filename=None):
        expires = int(time.time()) + int(expires_in)
        sig = url_signature(self.url_secret, "GET", check_key(key), expires, filename or "")
        query = {"expires": expires, "sig": sig}
        if filename:
            query["filename"] = filename
        return f"{self.url_base}/{key}?" + urlencode(query, quote_via=quote)


def blob_store_from_config(config):
    backend = str(config.get("BLOB_BACKEND", "local")).lower()
    if backend == "local":
        return LocalBlobStore(config.get("BLOB_DIR") or "var/blobs",
                              config.get("BLOB_URL_BASE") or "http://127.0.0.1:8000/blobs",
                              config.get("BLOB_URL_SECRET") or "dev-only-blob-url-secret")
    if backend == "minio":
        from contest_kit.blobstore_s3 import from_config  # the minio SDK only where it is used
        return from_config(config)
    raise ValueError(f"unknown BLOB_BACKEND {backend!r} (use local or minio)")


class Blobs(DependencyProvider):
    def setup(self):
        self.store = blob_store_from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.store
