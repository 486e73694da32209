"""The OpenAPI 3 document of the public HTTP API, generated from the gateway's schemas."""
import json
from decimal import Decimal

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from werkzeug.wrappers import Response

from gateway import schemas as s
from gateway.domain.routes import ACCESS

T = {"name": "tenant", "in": "path", "required": True, "schema": {"type": "string"},
     "description": "赛站 tenant, e.g. 2023-ningbo"}
TEAM = {"name": "team_id", "in": "path", "required": True, "schema": {"type": "string"}}
PROJECT = {"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}
KIND = {"name": "kind", "in": "path", "required": True,
        "schema": {"type": "string", "enum": ["application-form", "proof", "slides", "video", "other"]}}
SERVICE = {"name": "service", "in": "path", "required": True,
           "schema": {"type": "string", "enum": ["registration", "review", "ranking", "notify"]}}
LANG = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["zh-CN", "en"]}}

# (method, path, operation id = route name, summary, parameters, request schema, status, response schema)
OPERATIONS = (
    ("post", "/api/accounts", "create_account", "Sign up as a team's contact (applicant)", [],
     s.AccountCreateSchema, 201, s.AccountSchema),
    ("post", "/api/auth/token", "create_token", "Exchange username and password for a bearer token", [],
     s.TokenRequestSchema, 200, s.TokenSchema),
    ("get", "/api/me", "me", "The account behind the token", [], None, 200, s.AccountSchema),
    ("get", "/api/tenants", "list_tenants", "Stations and the committee, one tenant each", [], None, 200,
     s.TenantSchema(many=True)),
    ("post", "/api/tenants/{tenant}/teams", "register_team", "Register a team at a station", [T],
     s.TeamRegistrationSchema, 201, s.TeamSchema),
    ("get", "/api/tenants/{tenant}/teams", "list_teams", "A station's teams", [T], None, 200,
     s.TeamSchema(many=True)),
    ("get", "/api/tenants/{tenant}/teams/{team_id}", "get_team", "One team", [T, TEAM], None, 200,
     s.TeamSchema),
    ("put", "/api/tenants/{tenant}/teams/{team_id}/materials/{kind}", "upload_material",
     "Upload a material file (raw body, at most 20 MiB); ?filename=", [T, TEAM, KIND], "binary", 201,
     s.MaterialSchema),
    ("post", "/api/tenants/{tenant}/teams/{team_id}/submissions", "submit_project",
     "Submit a new version of the team's project", [T, TEAM], s.SubmissionSchema, 201,
     s.SubmissionOutSchema),
    ("get", "/api/tenants/{tenant}/teams/{team_id}/inbox", "team_inbox", "The team's messages",
     [T, TEAM, LANG], None, 200, s.InboxMessageSchema(many=True)),
    ("get", "/api/tenants/{tenant}/reviews", "list_reviews", "Project versions by review status",
     [T, {"name": "status", "in": "query",
          "schema": {"type": "string", "enum": ["awaiting", "completed", "superseded"]}}],
     None, 200, s.ReviewItemSchema(many=True)),
    ("post", "/api/tenants/{tenant}/projects/{project_id}/score-sheets", "submit_score_sheet",
     "An expert's score sheet for the project's current version", [T, PROJECT],
     s.ScoreSheetRequestSchema, 201, s.ScoreSheetSchema),
    ("get", "/api/tenants/{tenant}/ranking", "get_ranking", "The station's ranking, per group",
     [T, {"name": "group", "in": "query", "schema": {"type": "string", "enum": ["leading", "emerging"]}}],
     None, 200, s.RankedProjectSchema(many=True)),
    ("get", "/api/tenants/{tenant}/audit/{service}", "read_audit",
     "A service's hash-chained audit record for the tenant (read only); ?format=xlsx for Excel",
     [T, SERVICE, {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "xlsx"]}}],
     None, 200, s.AuditEntrySchema(many=True)),
    ("get", "/api/tenants/{tenant}/audit/{service}/verify", "verify_audit",
     "Walk the live chain and name its first broken link", [T, SERVICE], None, 200, s.AuditVerdictSchema),
)

ERRORS = {"400": "Invalid input, with a message per field", "401": "Not authenticated",
          "403": "Not allowed for this role or tenant", "404": "No such tenant or resource",
          "409": "Conflicts with the current state", "500": "The gateway failed (details in its log)",
          "502": "A service failed", "504": "A service did not answer in time"}


def build():
    spec = APISpec(title="Contest platform API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "Public HTTP API of the contest platform. "
                                        "Send X-Correlation-Id to trace a request through every service."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=s.ErrorSchema)
    for method, path, op_id, summary, params, body, status, out in OPERATIONS:
        operation = {"operationId": op_id, "summary": summary, "parameters": params,
                     "responses": {str(status): {"description": "OK", "content": {
                         "application/json": {"schema": out}}}}}
        for code, text in ERRORS.items():
            operation["responses"][code] = {"description": text, "content": {
                "application/json": {"schema": "Error"}}}
        if body == "binary":
            operation["requestBody"] = {"required": True, "content": {"application/octet-stream": {
                "schema": {"type": "string", "format": "binary"}}}}
        elif body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        if ACCESS[op_id] is not None:
            operation["security"] = [{"bearer": []}]
            operation["description"] = "Roles: " + ", ".join(ACCESS[op_id])
        spec.path(path=path, operations={method: operation})
    return spec.to_dict()


_DOCUMENT = None


def _number(value):
    # apispec writes a Decimal field's Range bounds as Decimals (the score sheet's 0-100).
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_EVENTS_DOCUMENT = None


def response():
    global _DOCUMENT
    if _DOCUMENT is None:
        _DOCUMENT = json.dumps(build(), ensure_ascii=False, default=_number)
    return Response(_DOCUMENT, status=200, content_type="application/json; charset=utf-8")


def events_response():
    """The AsyncAPI event catalogue, published beside the OpenAPI document."""
    global _EVENTS_DOCUMENT
    if _EVENTS_DOCUMENT is None:
        from contest_kit.asyncapi import build as build_catalogue
        _EVENTS_DOCUMENT = json.dumps(build_catalogue(), ensure_ascii=False, default=_number)
    return Response(_EVENTS_DOCUMENT, status=200, content_type="application/json; charset=utf-8")
