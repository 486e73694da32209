"""The OpenAPI 3 document of the public HTTP API, derived from the route declarations."""
import inspect
import json
from decimal import Decimal

from werkzeug.wrappers import Response

from contest_contracts.events import CATALOGUE
from contest_contracts.vocabulary import LOCALES, TENANT_PATTERN
from contest_kit.apidocs import api_spec
from gateway.routes import ROUTES
from gateway.routes.table import PUBLIC
from gateway.schemas import Error

ERRORS = {"400": "Invalid input, with a message per field", "401": "Not authenticated",
          "403": "Not allowed for this role or tenant", "404": "No such tenant, route or resource",
          "405": "Method not allowed on this path", "409": "Conflicts with the current state",
          "422": "The Idempotency-Key was used before with another request",
          "429": "Too many failed logins (see Retry-After)", "500": "The gateway failed (details in its log)",
          "502": "A service failed", "503": "The broker is unreachable; retry (see Retry-After)",
          "504": "A service did not answer in time"}
LANG = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": list(LOCALES)},
        "description": "the language of messages and texts (default: Accept-Language, then zh-CN)"}
# A list's page (contest_kit.paging): the body is its items; where the rest is, beside it.
PAGE_HEADERS = {
    "Link": {"description": 'the next page, when there is one: <path?cursor=...&limit=...>; rel="next" '
                            "(a path: resolve it against the request's URL)",
             "schema": {"type": "string"}},
    "X-Total-Count": {"description": "how many items the list holds (with its filters), when counted",
                      "schema": {"type": "integer", "minimum": 0}},
}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "minLength": 8, "maxLength": 64},
                   "description": "send the same key to retry safely: the first answer comes back"}


def _path_parameter(route, name):
    schema = {"type": "string", "minLength": 1, "maxLength": 64}
    if name == "tenant":
        schema = {"type": "string", "pattern": TENANT_PATTERN, "description": "赛站 tenant, e.g. 2023-ningbo"}
    if name in route.path_enums:
        schema = {"type": "string", "enum": list(route.path_enums[name])}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _operation(route):
    parameters = [_path_parameter(route, name) for name in route.path_params] + [LANG]
    if route.query is not None:
        parameters.append({"in": "query", "schema": route.query})
    if route.idempotent:
        parameters.append(IDEMPOTENCY_KEY)
    content = {media: {"schema": {"type": "string", "format": "binary"}} for media in route.media_types}
    content["application/json"] = {"schema": route.response}
    operation = {"operationId": route.name, "summary": route.summary, "parameters": parameters,
                 "responses": {str(route.status): {"description": "OK", "content": content}}}
    if route.paged:
        operation["responses"][str(route.status)]["headers"] = PAGE_HEADERS
    for code, text in ERRORS.items():
        operation["responses"][code] = {"description": text,
                                        "content": {"application/json": {"schema": "Error"}}}
    if inspect.isclass(route.body):
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
    if route.roles != PUBLIC:
        operation["security"] = [{"bearer": []}]
        operation["description"] = "Roles: " + ", ".join(route.roles)
    return operation


def build():
    spec = api_spec(title="Contest platform API", version="1.0.0",
                   info={"description": "Public HTTP API of the contest platform. Send X-Correlation-Id to "
                                        "trace a request through every service; messages are in Chinese "
                                        "unless ?lang=en or Accept-Language asks for English."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=Error)
    for route in ROUTES:
        spec.path(path=route.path, operations={route.method.lower(): _operation(route)})
    return spec.to_dict()


def _number(value):
    # apispec writes a Decimal field's Range bounds as Decimals (the score sheet's 0-100).
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_DOCUMENTS = {}


def _cached(name, build_document):
    if name not in _DOCUMENTS:
        _DOCUMENTS[name] = json.dumps(build_document(), ensure_ascii=False, default=_number)
    return Response(_DOCUMENTS[name], status=200, content_type="application/json; charset=utf-8")


def response():
    return _cached("openapi", build)


def events_response():
    """The AsyncAPI event catalogue, published beside the OpenAPI document."""
    from contest_kit.asyncapi import build as build_catalogue
    return _cached("asyncapi", lambda: build_catalogue(CATALOGUE.values()))
