"""What a route is: declared once, and everything else is derived from the declaration.

From one `Route` the gateway derives its handler (gateway.dispatch: match, authenticate,
refuse the roles it does not list, load the body and query with the very schema the
service loads them with, call, answer), its access rule, and its OpenAPI operation
(gateway.openapi). The tables are in this package, one module per resource.

What a remote call receives, by keyword: the path's parameters; `data`, the loaded JSON
body; the loaded query parameters; `request_id`, the
Idempotency-Key, on idempotent routes.

A paged route (a list) takes `limit` and `cursor` in its query (a contest_contracts PageQuery)
and its call answers a page, `{"items_json", "next", "total"}` (contest_kit.paging): the items
are the body as they come, with `Link: <...>; rel="next"` and `X-Total-Count` beside them.
"""
from dataclasses import dataclass, field

from marshmallow import Schema

PUBLIC = "public"  # anyone, with or without a token
NEW = "new"  # a route's {tenant} that may not exist yet (the committee defines it): its code is checked


@dataclass(frozen=True)
class Remote:
    """A service's RPC method; `service="{service}"` takes the service from the path."""

    service: str
    method: str


@dataclass(frozen=True)
class Local:
    """The gateway answers itself: `handler(gateway, actor, **arguments)` returns the body."""

    handler: object


@dataclass(frozen=True)
class Route:
    name: str  # the operationId
    method: str
    path: str  # OpenAPI style: /api/tenants/{tenant}/teams
    summary: str
    roles: tuple | str  # a tuple of roles, or PUBLIC
    call: Remote | Local
    response: Schema | None  # a schema instance (many=True for lists); None: not JSON
    body: type | None = None  # a request schema class, or None
    query: type | None = None  # a schema class for the query string
    status: int = 200
    tenant: str | None = None  # "any": {tenant} must exist; "station": and be a station; NEW
    idempotent: bool = False  # takes an Idempotency-Key header
    path_enums: dict = field(default_factory=dict)  # path parameter -> allowed values
    media_types: tuple = ("application/json",)  # of the success response
    paged: bool = False  # a list, answered a page at a time (see the module doc)

    @property
    def rule(self):
        """The werkzeug rule: /api/tenants/<tenant>/teams."""
        return self.path.replace("{", "<").replace("}", ">")

    @property
    def path_params(self):
        import re
        return re.findall(r"{(\w+)}", self.path)

    def admits(self, role):
        return self.roles == PUBLIC or role in self.roles
