"""HTTP plumbing: JSON in and out, tokens, and the one table mapping errors to statuses."""
import json
import logging
from functools import wraps

import eventlet
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from nameko.exceptions import BadRequest, RemoteError, UnknownService
from werkzeug.wrappers import Response

from contest_kit.boundary import _flatten
from contest_kit.context import Actor
from contest_kit.envelope import new_correlation_id
from contest_kit.errors import ContestError, Forbidden, Unauthenticated, ValidationFailed
from contest_kit.metrics import RPC_SECONDS
from gateway.domain.routes import may_call

log = logging.getLogger(__name__)
CORRELATION_HEADER = "X-Correlation-Id"
MAX_JSON_BYTES = 1024 * 1024
# What nameko raises at the caller when the call itself went wrong (no such method, wrong
# arguments, no such service): the gateway's or a deployment's fault, never the client's.
RPC_FAILURES = (RemoteError, BadRequest, UnknownService)


def json_response(status, body, correlation_id=None):
    headers = {CORRELATION_HEADER: correlation_id} if correlation_id else {}
    return Response(json.dumps(body, ensure_ascii=False, default=str), status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def read_body(request, limit, too_large):
    """The raw request body, at most `limit` bytes, sent with a Content-Length or chunked.

    werkzeug reads nothing from a chunked body unless the server sets
    `wsgi.input_terminated`; eventlet de-chunks `wsgi.input` but does not set it.
    """
    if request.content_length is not None:
        if request.content_length > limit:
            raise too_large
        return request.get_data()
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return b""
    stream, parts, size = request.environ["wsgi.input"], [], 0
    while True:
        part = stream.read(min(64 * 1024, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        if size > limit:
            raise too_large


def read_json(request):
    body = read_body(request, MAX_JSON_BYTES, ValidationFailed(
        "request body too large", {"_schema": [f"at most {MAX_JSON_BYTES} bytes"]}))
    if not body:
        raise ValidationFailed("request body required", {"_schema": ["send a JSON object"]})
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except ValueError as exc:
        raise ValidationFailed("request body is not JSON", {"_schema": [str(exc)]}) from None
    except RecursionError:
        raise ValidationFailed("request body is not JSON", {"_schema": ["nested too deeply"]}) from None
    if not isinstance(data, dict):
        raise ValidationFailed("request body must be a JSON object", {"_schema": ["expected an object"]})
    unstorable = _unstorable_text(data)
    if unstorable:
        raise ValidationFailed("invalid text", unstorable)
    return data


def _unstorable_text(data):
    """Dotted names of strings no database stores: NUL characters, unpaired surrogates.

    JSON escapes let a client send both ("\\u0000", "\\ud800"); PostgreSQL and UTF-8
    encoders refuse them far from here, as a 500. Iterative: JSON may nest deep.
    """
    found, pending = {}, [("", data)]
    while pending:
        name, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                field_name = f"{name}.{key}" if name else key
                if not _storable(key):
                    found[name or "_schema"] = ["字段名无效 (invalid field name)"]
                else:
                    pending.append((field_name, item))
        elif isinstance(value, list):
            pending.extend((f"{name}.{index}", item) for index, item in enumerate(value))
        elif isinstance(value, str) and not _storable(value):
            found[name] = ["含有无效字符 (contains NUL or invalid Unicode)"]
    return dict(sorted(found.items()))


def _storable(text):
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check(schema, data):
    """Validate `data` field by field; the services load it again themselves."""
    errors = schema.validate(data)
    if errors:
        raise ValidationFailed("invalid input", _flatten(errors))
    return data


class Tokens:
    def __init__(self, secret, ttl_seconds):
        self.serializer = URLSafeTimedSerializer(secret, salt="contest-access-token")
        self.ttl = int(ttl_seconds)

    def issue(self, account):
        return self.serializer.dumps({"sub": account.id, "role": account.role, "tenant": account.tenant})

    def actor(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("use an Authorization: Bearer <token> header")
        try:
            claims = self.serializer.loads(token, max_age=self.ttl)
        except SignatureExpired:
            raise Unauthenticated("token expired") from None
        except BadSignature:
            raise Unauthenticated("invalid token") from None
        return Actor(id=claims["sub"], role=claims["role"], tenant=claims.get("tenant"))


def api(route, status=200):
    """Wrap an http handler: correlation id, authentication, authorisation, error mapping.

    The handler is called as fn(self, request, actor, **path_args) and returns
    a JSON-ready body, or a werkzeug Response to send as is.
    """
    def decorate(fn):
        @wraps(fn)
        def handler(self, request, **path_args):
            correlation_id = request.headers.get(CORRELATION_HEADER) or new_correlation_id()
            correlation_id = correlation_id[:64]
            try:
                actor = self.tokens.actor(request)
                self.call.bind(actor=actor, correlation_id=correlation_id)
                if not may_call(route, actor.role if actor else None):
                    raise Unauthenticated("authentication required") if actor is None else \
                        Forbidden(f"role {actor.role} may not {route.replace('_', ' ')}")
                with RPC_SECONDS.labels("gateway", route).time():
                    body = fn(self, request, actor, **path_args)
            except ContestError as exc:
                return json_response(exc.status, exc.to_dict(), correlation_id)
            except eventlet.Timeout:
                log.error("%s: a service did not answer in time", route)
                return json_response(504, {"error": "Timeout", "message": "a service did not answer in time"},
                                     correlation_id)
            except RPC_FAILURES as exc:
                log.error("%s: service failed: %r", route, exc)
                return json_response(502, {"error": "ServiceError", "message": _failure_name(exc)},
                                     correlation_id)
            except Exception:  # a bug here: say so in JSON, keep the details in the log
                log.exception("%s: gateway failed", route)
                return json_response(500, {"error": "InternalError", "message": "the gateway failed"},
                                     correlation_id)
            if isinstance(body, Response):
                body.headers[CORRELATION_HEADER] = correlation_id
                return body
            return json_response(status, body, correlation_id)

        handler.route = route
        return handler

    return decorate


def _failure_name(exc):
    if isinstance(exc, RemoteError):
        return exc.exc_type or "error"
    return type(exc).__name__
