"""The API's entrypoint, with one public read answered without a worker: the tenant list's first page.

nameko runs every request in a worker: it injects each of the gateway's dependencies (the
database, the call context, accounts, four RPC proxies, …) and tears them down again, which
for a cached, public answer costs several times the answer itself. The public side's busiest
read on results day, `GET /api/tenants` with no parameters, is answered here from the tenant
cache (gateway.tenants), as the route would answer it; every other request, or this one if the
cache cannot be read, goes the ordinary way (gateway.dispatch).
"""
import logging

from nameko.web.handlers import HttpRequestHandler
from werkzeug.routing import PathConverter, Rule

from contest_contracts.fields import PAGE_SIZE
from contest_kit.envelope import new_correlation_id
from gateway.routes.accounts import tenants_page
from gateway.tenants import TenantCache
from gateway.web import CORRELATION_HEADER, page_response

log = logging.getLogger(__name__)
FAST = ("GET", "/api/tenants")


class AnyPath(PathConverter):
    """werkzeug's path, line breaks included: a path with %0A in it still reaches the dispatcher,
    which answers a JSON 404 naming the parameter, not werkzeug's HTML page."""

    regex = "(?s:[^/].*?)"


class AnyPathRule(Rule):
    def get_converter(self, variable_name, converter_name, args, kwargs):
        if converter_name == "path":
            return AnyPath(self.map, *args, **kwargs)
        return super().get_converter(variable_name, converter_name, args, kwargs)


class ApiEntrypoint(HttpRequestHandler):
    tenants = TenantCache()

    def get_url_rule(self):
        return AnyPathRule(self.url, methods=self.method.split(","))

    def handle_request(self, request):
        if (request.method, request.path) == FAST and not request.query_string:
            try:
                page = self.tenants.first_page(tenants_page)
            except Exception:  # the ordinary way answers what went wrong
                log.exception("tenant list: the cache could not be read")
            else:
                correlation_id = (request.headers.get(CORRELATION_HEADER) or new_correlation_id())[:64]
                return page_response(200, page, request, PAGE_SIZE, correlation_id)
        return super().handle_request(request)


api = ApiEntrypoint.decorator
