"""The gateway: the public HTTP API over the services' RPC, the pages, accounts and tenants.

Every API route is declared once in gateway/routes and served by one entrypoint through
gateway.dispatch; the OpenAPI document is derived from the same declarations.
"""
import eventlet
from nameko.web.handlers import http

from contest_contracts.events import TENANT_DEFINED
from contest_kit.change import Command
from contest_kit.consumer import broadcast, consumes
from contest_kit.context import CallContext
from contest_kit.db import Database
from contest_kit.errors import Conflict
from contest_kit.relay import OutboxRelayRunner
from contest_kit.replies import ServiceProxy
from contest_kit.service import Observable, rpc
from contest_kit.settings import SettingsProvider
from gateway import openapi, pages
from gateway.accounts import AccountBook
from gateway.blobs import LocalBlobs
from gateway.dispatch import Dispatcher
from gateway.fastpath import api
from gateway.routes import ROUTES
from gateway.schemas import Account
from gateway.settings import GatewaySettings
from gateway.tenants import TenantDirectory
from gateway.tenants import record as record_tenant

ACCOUNT = Account()
API_METHODS = "GET,POST,PUT,PATCH,DELETE,OPTIONS"


class GatewayService(Observable):
    name = "gateway"

    db = Database()
    call = CallContext()
    settings = SettingsProvider(GatewaySettings)
    accounts = AccountBook()
    registration = ServiceProxy("registration")
    review = ServiceProxy("review")
    ranking = ServiceProxy("ranking")
    notify = ServiceProxy("notify")
    tenants = TenantDirectory()
    relay = OutboxRelayRunner()
    dispatch = Dispatcher(ROUTES)
    blobs = LocalBlobs()

    @property
    def command(self):
        return Command(self.db, self.name, self.call.actor, self.call.correlation_id)

    def call_service(self, service, method, **kwargs):
        """Call a service, waiting at most RPC_TIMEOUT seconds (nameko's proxy waits forever)."""
        proxy = {"registration": self.registration, "review": self.review, "ranking": self.ranking,
                 "notify": self.notify}[service]
        with eventlet.Timeout(self.settings.rpc_timeout):
            return getattr(proxy, method)(**kwargs)

    @api(API_METHODS, "/api/<path:path>")
    def api(self, request, path):
        return self.dispatch(self, request)

    @http("GET,PUT", "/blobs/<path:key>")
    def blob(self, request, key):
        if self.blobs is None:
            return 404, "materials are stored in MinIO: use the URL registration gave"
        return self.blobs.handle(request, key)

    @http("GET", "/api/openapi.json")
    def openapi_document(self, request):
        return openapi.response()

    @http("GET", "/api/asyncapi.json")
    def asyncapi_document(self, request):
        return openapi.events_response()

    @http("GET", "/")
    def home(self, request):
        return pages.home(request, self.tenants.all())

    # -- operators' RPC (not public: reachable only through the broker) -------------------------

    # Registration owns the tenants; the gateway keeps a copy (gateway.tenants explains the two).
    @consumes(TENANT_DEFINED)
    def keep_tenant(self, change, event):
        record_tenant(change.session, event.payload)

    @broadcast(TENANT_DEFINED)
    def on_tenant_defined(self, event):
        self.tenants.heard(event.payload)

    @rpc
    def known_tenants(self):
        """The codes of the tenants this replica serves (the seed waits for its stations here)."""
        return [tenant.code for tenant in self.tenants.all()]

    @rpc
    def ensure_account(self, username, password, role, tenant, display_name, email=None):
        try:
            account = self.accounts.create(username=username, password=password, role=role,
                                           tenant=tenant, display_name=display_name, email=email)
        except Conflict:
            account = self.accounts.by_username(username)
        return ACCOUNT.dump(account)
