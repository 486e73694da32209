"""The one handler every API route goes through, derived from its declaration (gateway.routes).

In order: a correlation id and a language for the request; the route, or a JSON 404/405;
the caller, from the bearer token; the route's roles, or 401/403; its path values and its
tenant, or 404; its body and query, loaded with the very schemas the service loads them
with, or 400 field by field; then the call, and its answer (a list's page as it came). Every
error becomes one status, here and only here (contest_kit.errors carries the table), always as JSON.
"""
import inspect
import logging
import re

import eventlet
from amqp.exceptions import ConnectionError as AmqpConnectionError
from kombu.exceptions import OperationalError as BrokerUnreachable
from nameko.exceptions import BadRequest, RemoteError, UnknownService
from werkzeug.exceptions import MethodNotAllowed as NoSuchMethod
from werkzeug.exceptions import NotFound as NoSuchRoute
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from contest_contracts.i18n import pick_locale
from contest_contracts.vocabulary import LOCALES, TENANT_PATTERN
from contest_kit.boundary import load_or_refuse
from contest_kit.envelope import new_correlation_id
from contest_kit.errors import (
    ContestError,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    Unauthenticated,
    Unavailable,
    ValidationFailed,
)
from contest_kit.metrics import RPC_SECONDS
from gateway.i18n import _
from gateway.routes.table import NEW, Remote
from gateway.web import (
    CORRELATION_HEADER,
    json_response,
    page_response,
    read_json,
    unstorable_text,
)

log = logging.getLogger(__name__)
# What nameko raises at the caller when the call itself went wrong (no such method, wrong
# arguments, no such service): the gateway's or a deployment's fault, never the client's.
RPC_FAILURES = (RemoteError, BadRequest, UnknownService)
# The broker cannot be reached: worth retrying in a moment (503).
BROKER_DOWN = (BrokerUnreachable, AmqpConnectionError, ConnectionError)


def locale_of(request):
    """?lang=, else the Accept-Language header, else Chinese."""
    lang = request.args.get("lang")
    if lang in LOCALES:
        return lang
    return pick_locale(request.accept_languages.best_match(["zh-CN", "zh", "en"], default="zh-CN"))


class Dispatcher:
    def __init__(self, routes):
        self.routes = {route.name: route for route in routes}
        self.map = Map([Rule(route.rule, endpoint=route.name, methods=[route.method]) for route in routes])
        # Schemas built once per process, not per request.
        self.bodies = {r.name: r.body() for r in routes if inspect.isclass(r.body)}
        self.queries = {r.name: r.query() for r in routes if r.query is not None}

    def __call__(self, gateway, request):
        correlation_id = (request.headers.get(CORRELATION_HEADER) or new_correlation_id())[:64]
        gateway.call.bind(correlation_id=correlation_id, locale=locale_of(request))
        name = "unmatched"
        try:
            route, path_values = self._match(request)
            name = route.name
            actor = gateway.accounts.tokens.actor(request)
            gateway.call.bind(actor=actor)
            self._admit(route, actor)
            self._check_path(gateway, route, path_values)
            arguments = self._arguments(route, request, path_values)
            with RPC_SECONDS.labels("gateway", route.name).time():
                body = self._call(gateway, route, request, actor, path_values, arguments)
        except ContestError as exc:
            return json_response(exc.status, exc.to_dict(), correlation_id, exc.headers)
        except eventlet.Timeout:
            log.error("%s: a service did not answer in time", name)
            return json_response(504, {"error": "Timeout", "message": _("a service did not answer in time")},
                                 correlation_id)
        except RPC_FAILURES as exc:
            log.error("%s: service failed: %r", name, exc)
            return json_response(502, {"error": "ServiceError", "message": _failure_name(exc)},
                                 correlation_id)
        except BROKER_DOWN as exc:
            log.error("%s: the broker cannot be reached: %r", name, exc)
            unavailable = Unavailable(_("the platform is briefly unavailable; try again in a few seconds"))
            return json_response(503, unavailable.to_dict(), correlation_id, unavailable.headers)
        except Exception:  # a bug here: say so in JSON, keep the details in the log
            log.exception("%s: gateway failed", name)
            return json_response(500, {"error": "InternalError", "message": _("the gateway failed")},
                                 correlation_id)
        if isinstance(body, Response):
            body.headers[CORRELATION_HEADER] = correlation_id
            return body
        if route.paged:
            return page_response(route.status, body, request, arguments["limit"], correlation_id)
        return json_response(route.status, body, correlation_id)

    def _match(self, request):
        try:
            name, values = self.map.bind_to_environ(request.environ).match()
        except NoSuchMethod as exc:
            raise MethodNotAllowed(_("this method is not allowed here"), allowed=exc.valid_methods or ()) \
                from None
        except NoSuchRoute:
            raise NotFound(_("no such route")) from None
        lang = request.args.get("lang")
        if lang is not None and lang not in LOCALES:
            raise ValidationFailed(_("unknown language"), {"lang": [", ".join(LOCALES)]})
        return self.routes[name], values

    @staticmethod
    def _admit(route, actor):
        if route.admits(actor.role if actor else None):
            return
        if actor is None:
            raise Unauthenticated(_("authentication required"))
        action = route.name.replace("_", " ")
        raise Forbidden(_("role {role} may not {action}", role=actor.role, action=action))

    @staticmethod
    def _check_path(gateway, route, path_values):
        if (unstorable := unstorable_text(path_values)):
            # No database stores these (NUL, lone surrogates): no resource can be named by them.
            param = next(iter(unstorable))
            raise NotFound(_("no such {thing}", thing=param), unstorable)
        for param, allowed in route.path_enums.items():
            if path_values[param] not in allowed:
                raise NotFound(_("no such {thing}", thing=param), {param: [", ".join(allowed)]})
        if route.tenant == NEW:
            if not re.match(TENANT_PATTERN, path_values["tenant"]):
                raise NotFound(_("no such tenant"), {"tenant": [_("not a tenant's code: {code}",
                                                                  code=path_values["tenant"])]})
        elif route.tenant is not None:
            gateway.tenants.require(path_values["tenant"], route.tenant)

    def _arguments(self, route, request, path_values):
        arguments = {k: v for k, v in path_values.items()
                     if not (isinstance(route.call, Remote) and route.call.service == f"{{{k}}}")}
        if route.body is not None:
            arguments["data"] = load_or_refuse(self.bodies[route.name], read_json(request))
        if route.query is not None:
            query = request.args.to_dict()
            if (unstorable := unstorable_text(query)):
                raise ValidationFailed(_("invalid text"), unstorable)
            arguments.update(load_or_refuse(self.queries[route.name], query))
        if route.idempotent:
            key = request.headers.get("Idempotency-Key")
            if key is not None and not 8 <= len(key) <= 64:
                raise ValidationFailed(_("bad Idempotency-Key"), {"Idempotency-Key": [_("8-64 characters")]})
            arguments["request_id"] = key
        return arguments

    @staticmethod
    def _call(gateway, route, request, actor, path_values, arguments):
        if isinstance(route.call, Remote):
            service = route.call.service.format(**path_values)
            return gateway.call_service(service, route.call.method, **arguments)
        return route.call.handler(gateway, request, actor, **arguments)


def _failure_name(exc):
    if isinstance(exc, RemoteError):
        return exc.exc_type or "error"
    return type(exc).__name__
