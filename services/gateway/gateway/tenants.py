"""The tenants the gateway serves: stations' contests and the committee's.

Registration owns them (the committee defines an edition's stations there); the gateway keeps
its own copy from registration's `tenant-defined` events, which carry each tenant's public state.
Two subscriptions: one consumer of the replicas writes the copy into the gateway's database
(`record`, with the inbox), and every replica applies the event to its memory (`TenantCache.heard`),
so that no replica waits for another's write to see a change, or reloads from a database the
writer has not committed to yet.

Every API request names a tenant the gateway must check, so they are read once and kept in
the process's memory (`TenantCache`).
"""
from dataclasses import dataclass

from nameko.extensions import DependencyProvider, SharedExtension
from sqlalchemy import select

from contest_contracts.vocabulary import STATION
from contest_kit.db import DatabaseEngine
from contest_kit.errors import NotFound, ValidationFailed
from gateway.i18n import _
from gateway.models import Tenant

FIELDS = ("code", "edition", "kind", "name_zh", "name_en", "tracks", "registration_closes_at")


@dataclass(frozen=True)
class TenantView:
    code: str
    edition: str
    kind: str
    name_zh: str
    name_en: str
    tracks: tuple = ()
    registration_closes_at: object = None  # an aware datetime, or None

    @classmethod
    def of(cls, payload):
        """From a tenant-defined payload (as loaded) or a row's values."""
        values = {f: payload[f] for f in FIELDS if f in payload}
        values["tracks"] = tuple(values.get("tracks") or ())
        return cls(**values)


def record(session, payload):
    """Write a tenant-defined event's state into the gateway's copy (the consumer's side)."""
    view = TenantView.of(payload)
    tenant = session.get(Tenant, view.code) or Tenant(code=view.code)
    for field in FIELDS:
        value = getattr(view, field)
        setattr(tenant, field, list(value) if field == "tracks" else value)
    session.add(tenant)
    return view


class TenantCache(SharedExtension):
    """All tenants, in memory, one copy per gateway process; `forget()` drops it, the next read
    reloads. Shared by the `tenants` dependency and the API entrypoint's fast path (gateway.fastpath).
    """

    database = DatabaseEngine()

    def setup(self):
        self._cached, self._first_page, self._generation = None, None, 0
        self._heard = {}  # code -> TenantView: every tenant-defined this process received

    def snapshot(self):
        """{code: TenantView}, in code order: the database's copy, with what this process heard
        since it started laid over it (the database may not have it yet)."""
        if self._cached is None:
            generation = self._generation
            with self.database.store.session() as session:
                rows = session.execute(select(*(getattr(Tenant, f) for f in FIELDS)))
                loaded = {row.code: TenantView.of(row._asdict()) for row in rows}
            loaded = dict(sorted({**loaded, **self._heard}.items()))
            if generation == self._generation:  # not forgotten while it loaded: keep it
                self._cached = loaded
            return loaded
        return self._cached

    def heard(self, view):
        """A tenant-defined event reached this replica: it holds from now on."""
        self._heard[view.code] = view
        self.forget()

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

    def heard(self, payload):
        self.cache.heard(TenantView.of(payload))

    def get(self, code):
        tenant = self.cache.snapshot().get(code)
        if tenant is None:
            raise NotFound(_("no such tenant"), {"tenant": [_("unknown tenant: {code}", code=code)]},
                           {"tenant": ["unknown-tenant"]})
        return tenant

    def require(self, code, kind=None):
        """The tenant `code`, which must exist, and be a station when `kind` is "station"."""
        tenant = self.get(code)
        if kind == STATION and tenant.kind != STATION:
            raise ValidationFailed(_("teams register at a station"), {"tenant": [_("choose a station")]},
                                   {"tenant": ["not-a-station"]})
        return tenant
