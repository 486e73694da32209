"""The gateway: public HTTP API over the services' RPC, plus accounts and tenants.

Each handler is a few lines: check input, call one service, return its answer.
Authentication, authorisation, correlation ids and error statuses are the
`api` decorator's job (gateway.web), once for all.
"""
import base64

import eventlet
from nameko.dependency_providers import Config
from nameko.rpc import RpcProxy, rpc
from nameko.web.handlers import http
from sqlalchemy import select

from contest_kit.audit import verify
from contest_kit.context import CallContext
from contest_kit.db import Database
from contest_kit.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from contest_kit.metrics import Observable
from gateway import openapi, pages
from gateway.accounts import AccountBook
from gateway.exports import audit_workbook
from gateway.models import Tenant
from gateway.schemas import (
    AccountCreateSchema,
    AccountSchema,
    ScoreSheetRequestSchema,
    SubmissionSchema,
    TeamRegistrationSchema,
    TenantSchema,
    TokenRequestSchema,
)
from gateway.web import api, check, read_body, read_json

MAX_MATERIAL_BYTES = 20 * 1024 * 1024  # through RPC; larger files want presigned uploads


class GatewayService(Observable):
    name = "gateway"

    db = Database("gateway:migrations")
    call = CallContext()
    config = Config()
    accounts = AccountBook()
    registration = RpcProxy("registration")
    review = RpcProxy("review")
    ranking = RpcProxy("ranking")
    notify = RpcProxy("notify")

    @property
    def tokens(self):
        return self.accounts.tokens

    def _rpc(self, proxy, method, *args, **kwargs):
        """Call a service, waiting at most RPC_TIMEOUT seconds (nameko's proxy waits forever)."""
        with eventlet.Timeout(float(self.config.get("RPC_TIMEOUT", 30))):
            return getattr(proxy, method)(*args, **kwargs)

    def _tenant(self, code):
        with self.db.session() as session:
            tenant = session.get(Tenant, code)
            if tenant is None:
                raise NotFound("no such tenant", {"tenant": [f"未知赛站 (unknown tenant): {code}"]})
            return tenant

    # -- accounts and tokens -------------------------------------------------------------------

    @http("POST", "/api/accounts")
    @api("create_account", status=201)
    def create_account(self, request, actor):
        data = check(AccountCreateSchema(), read_json(request))
        return AccountSchema().dump(self.accounts.create(role="applicant", tenant=None, **data))

    @http("POST", "/api/auth/token")
    @api("create_token")
    def create_token(self, request, actor):
        data = check(TokenRequestSchema(), read_json(request))
        account = self.accounts.authenticate(data["username"], data["password"])
        if account is None:
            raise Unauthenticated("wrong username or password")
        return {"token": self.tokens.issue(account), "token_type": "Bearer",
                "expires_in": self.tokens.ttl, "role": account.role, "tenant": account.tenant}

    @http("GET", "/api/me")
    @api("me")
    def me(self, request, actor):
        return AccountSchema().dump(self.accounts.get(actor.id))

    @http("GET", "/api/tenants")
    @api("list_tenants")
    def list_tenants(self, request, actor):
        with self.db.session() as session:
            return TenantSchema(many=True).dump(session.scalars(select(Tenant).order_by(Tenant.code)))

    # -- registration --------------------------------------------------------------------------

    @http("POST", "/api/tenants/<string:tenant>/teams")
    @api("register_team", status=201)
    def register_team(self, request, actor, tenant):
        self._station(tenant)
        data = check(TeamRegistrationSchema(), read_json(request))
        return self._rpc(self.registration, "register_team", tenant, data)

    @http("GET", "/api/tenants/<string:tenant>/teams")
    @api("list_teams")
    def list_teams(self, request, actor, tenant):
        self._tenant(tenant)
        return self._rpc(self.registration, "list_teams", tenant)

    @http("GET", "/api/tenants/<string:tenant>/teams/<string:team_id>")
    @api("get_team")
    def get_team(self, request, actor, tenant, team_id):
        self._tenant(tenant)
        return self._rpc(self.registration, "get_team", tenant, team_id)

    @http("PUT", "/api/tenants/<string:tenant>/teams/<string:team_id>/materials/<string:kind>")
    @api("upload_material", status=201)
    def upload_material(self, request, actor, tenant, team_id, kind):
        self._tenant(tenant)
        filename = request.args.get("filename") or kind
        content = read_body(request, MAX_MATERIAL_BYTES,
                            ValidationFailed("file too large", {"content": ["文件过大 (at most 20 MiB)"]}))
        return self._rpc(self.registration, "upload_material", tenant, team_id, kind, filename,
                         base64.b64encode(content).decode("ascii"))

    @http("POST", "/api/tenants/<string:tenant>/teams/<string:team_id>/submissions")
    @api("submit_project", status=201)
    def submit_project(self, request, actor, tenant, team_id):
        self._tenant(tenant)
        data = check(SubmissionSchema(), read_json(request))
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 8 <= len(key) <= 64:
            raise ValidationFailed("bad Idempotency-Key", {"Idempotency-Key": ["8-64 characters"]})
        return self._rpc(self.registration, "submit_project", tenant, team_id, data, key)

    @http("GET", "/api/tenants/<string:tenant>/teams/<string:team_id>/inbox")
    @api("team_inbox")
    def team_inbox(self, request, actor, tenant, team_id):
        self._tenant(tenant)
        return self._rpc(self.notify, "inbox", tenant, team_id, pages.locale_of(request))

    # -- review and ranking --------------------------------------------------------------------

    @http("GET", "/api/tenants/<string:tenant>/reviews")
    @api("list_reviews")
    def list_reviews(self, request, actor, tenant):
        self._tenant(tenant)
        status = request.args.get("status", "awaiting")
        if status not in ("awaiting", "completed", "superseded"):
            raise ValidationFailed("unknown status", {"status": ["awaiting, completed or superseded"]})
        return self._rpc(self.review, "list_items", tenant, status)

    @http("POST", "/api/tenants/<string:tenant>/projects/<string:project_id>/score-sheets")
    @api("submit_score_sheet", status=201)
    def submit_score_sheet(self, request, actor, tenant, project_id):
        self._tenant(tenant)
        data = check(ScoreSheetRequestSchema(), read_json(request))
        return self._rpc(self.review, "submit_score_sheet", tenant, project_id, data)

    @http("GET", "/api/tenants/<string:tenant>/ranking")
    @api("get_ranking")
    def get_ranking(self, request, actor, tenant):
        self._tenant(tenant)
        return self._rpc(self.ranking, "get_ranking", tenant, request.args.get("group"))

    # -- the audit record ------------------------------------------------------------------------

    @http("GET", "/api/tenants/<string:tenant>/audit/<string:service>")
    @api("read_audit")
    def read_audit(self, request, actor, tenant, service):
        self._tenant(tenant)
        entries = self._rpc(self._audited(service), "audit_entries", tenant)
        if request.args.get("format", "json") == "xlsx":
            return audit_workbook(entries, f"{tenant}-{service}-audit.xlsx",
                                  f"审计记录 Audit record · {tenant} · {service}")
        return entries

    @http("GET", "/api/tenants/<string:tenant>/audit/<string:service>/verify")
    @api("verify_audit")
    def verify_audit(self, request, actor, tenant, service):
        self._tenant(tenant)
        entries = self._rpc(self._audited(service), "audit_entries", tenant)
        broken = verify(entries)
        return {"service": service, "tenant": tenant, "entries": len(entries), "intact": broken is None,
                "first_break": None if broken is None else broken.__dict__}

    def _audited(self, service):
        proxies = {"registration": self.registration, "review": self.review, "ranking": self.ranking,
                   "notify": self.notify}
        if service not in proxies:
            raise NotFound("no such service", {"service": [f"one of {', '.join(proxies)}"]})
        return proxies[service]

    # -- documents and pages -------------------------------------------------------------------

    @http("GET", "/api/openapi.json")
    def openapi_document(self, request):
        return openapi.response()

    @http("GET", "/api/asyncapi.json")
    def asyncapi_document(self, request):
        return openapi.events_response()

    @http("GET", "/")
    def home(self, request):
        with self.db.session() as session:
            tenants = session.scalars(select(Tenant).order_by(Tenant.code)).all()
        return pages.home(request, tenants)

    # -- operators' RPC (not public: reachable only through the broker) -------------------------

    @rpc
    def ensure_tenant(self, code, edition, kind, name_zh, name_en):
        with self.db.session() as session:
            tenant = session.get(Tenant, code) or Tenant(code=code)
            tenant.edition, tenant.kind, tenant.name_zh, tenant.name_en = edition, kind, name_zh, name_en
            session.add(tenant)
        return code

    @rpc
    def ensure_account(self, username, password, role, tenant, display_name, email=None):
        try:
            account = self.accounts.create(username=username, password=password, role=role,
                                           tenant=tenant, display_name=display_name, email=email)
        except Conflict:
            account = self.accounts.by_username(username)
        return AccountSchema().dump(account)

    def _station(self, code):
        tenant = self._tenant(code)
        if tenant.kind != "station":
            raise ValidationFailed("teams register at a station",
                                   {"tenant": ["请选择赛站 (choose a station)"]})
        return tenant
