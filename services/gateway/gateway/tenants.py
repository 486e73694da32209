"""The tenants the gateway serves: stations' contests and the committee's."""
from sqlalchemy import select

from contest_contracts.vocabulary import STATION
from contest_kit.errors import NotFound, ValidationFailed
from gateway.i18n import _
from gateway.models import Tenant


class Tenants:
    def __init__(self, store):
        self.store = store

    def all(self):
        with self.store.session() as session:
            return session.scalars(select(Tenant).order_by(Tenant.code)).all()

    def get(self, code):
        with self.store.session() as session:
            tenant = session.get(Tenant, code)
        if tenant is None:
            raise NotFound(_("no such tenant"), {"tenant": [_("unknown tenant: {code}", code=code)]})
        return tenant

    def require(self, code, kind=None):
        """The tenant `code`, which must exist, and be a station when `kind` is "station"."""
        tenant = self.get(code)
        if kind == STATION and tenant.kind != STATION:
            raise ValidationFailed(_("teams register at a station"), {"tenant": [_("choose a station")]})
        return tenant

    def ensure(self, code, edition, kind, name_zh, name_en):
        with self.store.session() as session:
            tenant = session.get(Tenant, code) or Tenant(code=code)
            tenant.edition, tenant.kind, tenant.name_zh, tenant.name_en = edition, kind, name_zh, name_en
            session.add(tenant)
        return code
