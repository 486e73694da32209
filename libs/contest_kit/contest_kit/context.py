"""Who is calling, on behalf of which request, and in which language.

The gateway authenticates a request, then binds the actor, a correlation id and
the request's locale into the nameko worker context; nameko forwards context
data as message headers on every RPC call, so services read the same values back
here. Services trust only this, never an identity passed as an argument.
"""
import threading
from dataclasses import dataclass

from nameko.extensions import DependencyProvider

from contest_contracts.i18n import set_locale
from contest_contracts.vocabulary import NATIONAL_ROLES
from contest_kit.envelope import new_correlation_id
from contest_kit.errors import Forbidden, Unauthenticated
from contest_kit.i18n import catalogue

_ = catalogue.gettext
_local = threading.local()  # green-thread local once eventlet has patched threading


def current_correlation_id():
    return getattr(_local, "correlation_id", None)


def set_correlation_id(value):
    _local.correlation_id = value


@dataclass(frozen=True)
class Actor:
    id: str
    role: str
    tenant: str | None = None

    def may_act_in(self, tenant):
        return self.role in NATIONAL_ROLES or self.tenant == tenant

    def as_context(self):
        return {"actor_id": self.id, "actor_role": self.role, "actor_tenant": self.tenant or ""}

    @classmethod
    def from_context(cls, data):
        if not data.get("actor_id") or not data.get("actor_role"):
            return None
        return cls(id=data["actor_id"], role=data["actor_role"], tenant=data.get("actor_tenant") or None)


def require(actor, *, tenant=None, roles=None):
    """Refuse unless `actor` holds one of `roles` and may act in `tenant`."""
    if actor is None:
        raise Unauthenticated(_("authentication required"))
    if roles is not None and actor.role not in roles:
        raise Forbidden(_("role {role} may not do this", role=actor.role))
    if tenant is not None and not actor.may_act_in(tenant):
        raise Forbidden(_("not allowed in tenant {tenant}", tenant=tenant))
    return actor


class Call:
    """A worker's view of its call context."""

    def __init__(self, worker_ctx):
        self._ctx = worker_ctx

    @property
    def actor(self):
        return Actor.from_context(self._ctx.data)

    @property
    def correlation_id(self):
        return self._ctx.data.get("correlation_id") or current_correlation_id()

    @property
    def locale(self):
        return self._ctx.data.get("locale")

    def bind(self, *, actor=None, correlation_id=None, locale=None):
        """Gateway only: set who calls, forwarded to every service this worker calls."""
        if actor is not None:
            self._ctx.data.update(actor.as_context())
        if correlation_id:
            self._ctx.data["correlation_id"] = correlation_id
            set_correlation_id(correlation_id)
        if locale:
            self._ctx.data["locale"] = locale
            set_locale(locale)


class CallContext(DependencyProvider):
    def worker_setup(self, worker_ctx):
        worker_ctx.data.setdefault("correlation_id", new_correlation_id())
        set_correlation_id(worker_ctx.data["correlation_id"])
        set_locale(worker_ctx.data.get("locale"))

    def worker_teardown(self, worker_ctx):
        set_correlation_id(None)
        set_locale(None)

    def get_dependency(self, worker_ctx):
        return Call(worker_ctx)
