"""HTTP plumbing: JSON in and out, tokens, and the one table mapping errors to statuses."""
import json
import logging
from functools import wraps

import eventlet
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from contest_kit.boundary import _flatten
from contest_kit.context import Actor
from contest_kit.envelope import new_correlation_id
from contest_kit.errors import ContestError, Forbidden, Unauthenticated, ValidationFailed
from contest_kit.metrics import RPC_SECONDS
from gateway.domain.routes import may_call

log = logging.getLogger(__name__)
CORRELATION_HEADER = "X-Correlation-Id"


def json_response(status, body, correlation_id=None):
    headers = {CORRELATION_HEADER: correlation_id} if correlation_id else {}
    return Response(json.dumps(body, ensure_ascii=False, default=str), status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def read_json(request):
    if not request.data:
        raise ValidationFailed("request body required", {"_schema": ["send a JSON object"]})
    try:
        data = json.loads(request.get_data(as_text=True))
    except ValueError as exc:
        raise ValidationFailed("request body is not JSON", {"_schema": [str(exc)]}) from None
    if not isinstance(data, dict):
        raise ValidationFailed("request body must be a JSON object", {"_schema": ["expected an object"]})
    return data


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
            except RemoteError as exc:
                log.error("%s: service failed: %s", route, exc)
                return json_response(502, {"error": "ServiceError", "message": exc.exc_type or "error"},
                                     correlation_id)
            if isinstance(body, Response):
                body.headers[CORRELATION_HEADER] = correlation_id
                return body
            return json_response(status, body, correlation_id)

        handler.route = route
        return handler

    return decorate
