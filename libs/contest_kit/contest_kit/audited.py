"""Mixin: a service's audit record, readable (never writable) over RPC."""
from nameko.rpc import rpc

from contest_kit.audit import entries_for, verify
from contest_kit.context import require
from contest_kit.errors import EXPECTED

AUDIT_READERS = ("station_admin", "committee", "operator")


class AuditRecord:
    """Needs the service's `db` and `call` dependencies."""

    @rpc(expected_exceptions=EXPECTED)
    def audit_entries(self, tenant):
        """The tenant's chain in order: for its station admins, the committee and operators."""
        require(self.call.actor, tenant=tenant, roles=AUDIT_READERS)
        with self.db.session(all_tenants=True) as session:
            return entries_for(session, tenant)

    @rpc(expected_exceptions=EXPECTED)
    def audit_verify(self, tenant):
        """Walk the live chain; None when it holds, else the first break as a dict."""
        require(self.call.actor, tenant=tenant, roles=AUDIT_READERS)
        with self.db.session(all_tenants=True) as session:
            broken = verify(entries_for(session, tenant))
        return None if broken is None else broken.__dict__
