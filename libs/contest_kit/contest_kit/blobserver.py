"""Serves the local blob store's presigned URLs, as MinIO serves its own.

A PUT writes at most the signed size, once per key, and only before the URL expires; a GET reads
a blob while its URL is valid. A forged, altered or expired URL is refused with 403 and nothing is
written. The gateway mounts this at `/blobs/` when BLOB_BACKEND is local; tests run it alone.
"""
import hmac
import json
import time
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from contest_kit.blobstore import CHUNK, BadBlobKey, BlobExists, BlobNotFound, url_signature


class _TooLarge(Exception):
    pass


class LocalBlobEndpoint:
    def __init__(self, store):
        self.store = store

    def handle(self, request, key):
        """The answer to `request` (a werkzeug Request) for the blob at `key`."""
        if request.method not in ("PUT", "GET"):
            return _error(405, "MethodNotAllowed", "PUT or GET")
        args = request.args
        limit = args.get("size", "") if request.method == "PUT" else args.get("filename", "")
        try:
            expires = int(args.get("expires", ""))
            expected = url_signature(self.store.url_secret, request.method, key, expires, limit)
        except (ValueError, TypeError):
            return _error(403, "AccessDenied", "not a presigned URL")
        if not hmac.compare_digest(expected, args.get("sig", "")):
            return _error(403, "SignatureDoesNotMatch", "the URL's signature does not match")
        if time.time() > expires:
            return _error(403, "AccessDenied", "the URL has expired")
        try:
            return self._put(request, key, int(limit)) if request.method == "PUT" else self._get(key, limit)
        except BadBlobKey:
            return _error(400, "InvalidKey", "not a blob key")

    def _put(self, request, key, limit):
        if request.content_length is not None and request.content_length > limit:
            return _error(413, "EntityTooLarge", f"at most {limit} bytes")

        def body():
            seen = 0
            while chunk := request.stream.read(CHUNK):
                seen += len(chunk)
                if seen > limit:
                    raise _TooLarge
                yield chunk

        try:
            self.store.write(key, body(), overwrite=False)
        except _TooLarge:
            return _error(413, "EntityTooLarge", f"at most {limit} bytes")
        except BlobExists:
            return _error(409, "KeyExists", "this upload was made already")
        return Response(status=200)

    def _get(self, key, filename):
        try:
            size = self.store.stat(key).size
            chunks = self.store.chunks(key)
        except BlobNotFound:
            return _error(404, "NoSuchKey", "no such blob")
        response = Response(chunks, status=200, content_type="application/octet-stream",
                            direct_passthrough=True)
        response.content_length = size
        if filename:
            response.headers["Content-Disposition"] = \
                f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        return response

    def __call__(self, environ, start_response):
        """As a WSGI application serving `/<key>` (the tests' stand-alone server)."""
        request = Request(environ)
        return self.handle(request, request.path.lstrip("/"))(environ, start_response)


def _error(status, code, message):
    return Response(json.dumps({"error": code, "message": message}), status=status,
                    content_type="application/json")
