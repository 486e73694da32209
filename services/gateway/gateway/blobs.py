"""The local blob store's presigned URLs, served at `/blobs/` when BLOB_BACKEND is local.

With MinIO the clients send and fetch files at MinIO itself and this answers 404. With the local
backend (`make run`, tests) the gateway plays the storage's part: it checks the URL registration
signed and streams the bytes to or from the shared directory, never through a service.
"""
from nameko.extensions import DependencyProvider

from contest_kit.blobserver import LocalBlobEndpoint
from contest_kit.blobstore import blob_store_from_config


class LocalBlobs(DependencyProvider):
    def setup(self):
        config = self.container.config
        # Built only for the local store: with MinIO the gateway has no business with the bucket.
        local = str(config.get("BLOB_BACKEND", "local")).lower() == "local"
        self.endpoint = LocalBlobEndpoint(blob_store_from_config(config)) if local else None

    def get_dependency(self, worker_ctx):
        return self.endpoint
