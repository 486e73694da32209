"""The blob store on MinIO or any S3-compatible server (contest_kit.blobstore has the contract).

The bucket is versioned: a key PUT again keeps its earlier bytes as an older version, and what a
service confirmed is read by the version id it recorded, so a later PUT through a still-valid URL
never changes a confirmed material. The server checks the presigned URLs' signatures and expiry.
"""
import hashlib
import io
from datetime import timedelta
from urllib.parse import quote

from minio import Minio
from minio.error import S3Error
from minio.versioningconfig import ENABLED, VersioningConfig

from contest_kit.blobstore import CHUNK, BlobNotFound, BlobRef, BlobStat, check_key, hash_chunks
from contest_kit.settings import parse_bool

_MISSING = ("NoSuchKey", "NoSuchObject", "NotFound", "NoSuchVersion")


class MinioBlobStore:
    def __init__(self, client, bucket, signer=None):
        self.client = client
        # Presigned URLs name the host the clients reach, which may not be the one the services
        # use (compose: `minio:9000` inside, a public name outside); signing needs no request.
        self.signer = signer or client
        self.bucket = bucket
        if not client.bucket_exists(bucket):
            client.make_bucket(bucket)
        if client.get_bucket_versioning(bucket).status != ENABLED:
            client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))

    def put(self, key, data, content_type="application/octet-stream"):
        self.client.put_object(self.bucket, check_key(key), io.BytesIO(data), len(data),
                               content_type=content_type)
        return BlobRef(key, len(data), hashlib.sha256(data).hexdigest())

    def _object(self, key, version_id=None, offset=0, length=0):
        try:
            return self.client.get_object(self.bucket, check_key(key), offset=offset, length=length,
                                          version_id=version_id)
        except S3Error as exc:
            if exc.code in _MISSING:
                raise BlobNotFound(key) from None
            raise

    def get(self, key, version_id=None):
        response = self._object(key, version_id)
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def exists(self, key):
        try:
            self.stat(key)
        except BlobNotFound:
            return False
        return True

    def delete(self, key):
        self.client.remove_object(self.bucket, check_key(key))

    def stat(self, key, version_id=None):
        try:
            found = self.client.stat_object(self.bucket, check_key(key), version_id=version_id)
        except S3Error as exc:
            if exc.code in _MISSING:
                raise BlobNotFound(key) from None
            raise
        return BlobStat(found.size, found.version_id)

    def head(self, key, count, version_id=None):
        size = self.stat(key, version_id).size
        if size == 0:
            return b""  # a range over nothing is "not satisfiable"
        response = self._object(key, version_id, offset=0, length=min(count, size))
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def digest(self, key, version_id=None):
        response = self._object(key, version_id)
        try:
            return hash_chunks(response.stream(CHUNK))
        finally:
            response.close()
            response.release_conn()

    def presign_put(self, key, expires_in, size, content_type=None):
        # A presigned PUT cannot bound the size (only a POST policy can): the confirm checks it.
        return self.signer.presigned_put_object(self.bucket, check_key(key),
                                                expires=timedelta(seconds=expires_in))

    def presign_get(self, key, expires_in, version_id=None, filename=None):
        disposition = f"attachment; filename*=UTF-8''{quote(filename or '', safe='')}"
        headers = {"response-content-disposition": disposition} if filename else None
        return self.signer.presigned_get_object(self.bucket, check_key(key),
                                                expires=timedelta(seconds=expires_in),
                                                response_headers=headers, version_id=version_id)


def from_config(config):
    endpoint, secure = config["MINIO_ENDPOINT"], parse_bool(config.get("MINIO_SECURE", False))
    access, secret = config["MINIO_ACCESS_KEY"], config["MINIO_SECRET_KEY"]
    region = config.get("MINIO_REGION") or "us-east-1"
    client = Minio(endpoint, access_key=access, secret_key=secret, secure=secure, region=region)
    public = config.get("MINIO_PUBLIC_ENDPOINT") or endpoint
    signer = Minio(public, access_key=access, secret_key=secret, secure=secure, region=region)
    return MinioBlobStore(client, config.get("MINIO_BUCKET") or "contest", signer)
