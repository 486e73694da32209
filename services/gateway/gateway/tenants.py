"""The tenants the gateway serves: stations' contests and the committee's.

Every API request names a tenant the gateway must check, so they are read once and kept in
the process's memory (`TenantCache`). A change to a tenant is committed with a
`tenant-defined` event, which every gateway replica receives and which drops its copy; the
replica that made the change drops its own at once, so it never answers from a stale copy.
"""
from dataclasses import dataclass

from nameko.extensions import DependencyProvider, SharedExtension
from sqlalchemy import select

from contest_contracts.events import TENANT_DEFINED
from contest_contracts.vocabulary import STATION
from contest_kit.db import DatabaseEngine
from contest_kit.errors import NotFound, ValidationFailed
from gateway.i18n import _
from gateway.models import Tenant

FIELDS = ("code", "edition", "kind", "name_zh", "name_en")


@dataclass(frozen=True)
class TenantView:
    code: str
    edition: str
    kind: str
    name_zh: str
    name_en: str


class TenantCache(SharedExtension):
    """All tenants, in memory, one copy per gateway process; `forget()` drops it, the next read
    reloads. Shared by the `tenants` dependency and the API entrypoint's fast path (gateway.fastpath).
    """

    database = DatabaseEngine()

    def setup(self):
        self._cached, self._first_page, self._generation = None, None, 0

    def snapshot(self):
        """{code: TenantView}, in code order."""
        if self._cached is None:
            generation = self._generation
            with self.database.store.session() as session:
                rows = session.execute(select(*(getattr(Tenant, f) for f in FIELDS)).order_by(Tenant.code))
                loaded = {row.code: TenantView(*row) for row in rows}
            if generation == self._generation:  # not forgotten while it loaded: keep it
                self._cached = loaded
            return loaded
        return self._cached

    def first_page(self, make):
        """The list's first page, as `make(tenants)` builds it, built once per copy: what the public
        side reads most, on results day above all."""
        if self._first_page is None:
            generation, page = self._generation, make(list(self.snapshot().values()))
            if generation == self._generation:
                self._first_page = page
            return page
        return self._first_page

    def forget(self):
        self._generation += 1
        self._cached = self._first_page = None


class TenantDirectory(DependencyProvider):
    """What a worker gets as `self.tenants`."""

    cache = TenantCache()

    def get_dependency(self, worker_ctx):
        return Tenants(self.cache)


class Tenants:
    """What a worker asks of the tenants."""

    def __init__(self, cache):
        self.cache = cache

    def all(self):
        return list(self.cache.snapshot().values())

    def first_page(self, make):
        return self.cache.first_page(make)

    def forget(self):
        self.cache.forget()

    def get(self, code):
        tenant = self.cache.snapshot().get(code)
        if tenant is None:
            raise NotFound(_("no such tenant"), {"tenant": [_("unknown tenant: {code}", code=code)]})
        return tenant

    def require(self, code, kind=None):
        """The tenant `code`, which must exist, and be a station when `kind` is "station"."""
        tenant = self.get(code)
        if kind == STATION and tenant.kind != STATION:
            raise ValidationFailed(_("teams register at a station"), {"tenant": [_("choose a station")]})
        return tenant

    def ensure(self, command, code, edition, kind, name_zh, name_en):
        """Define or rename a tenant; emits tenant-defined when anything changed."""
        wanted = dict(zip(FIELDS, (code, edition, kind, name_zh, name_en), strict=True))
        with command.change(code) as change:
            tenant = change.session.get(Tenant, code)
            if tenant is not None and all(getattr(tenant, f) == wanted[f] for f in FIELDS):
                return code
            tenant = tenant or Tenant(code=code)
            for field, value in wanted.items():
                setattr(tenant, field, value)
            change.session.add(tenant)
            change.emit(TENANT_DEFINED, wanted)
        self.cache.forget()
        return code
