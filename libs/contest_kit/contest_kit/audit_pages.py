"""RPC: a service's audit record a page at a time, for `GET /api/tenants/{tenant}/audit/{service}`.

`AuditRecord.audit_entries` (contest_kit.service) still answers the whole chain: verifying it and
exporting it (Excel, JSON Lines) need every entry. Reading it is paged like every other list.
Each domain service lists this mixin beside ContestService for now; its place is AuditRecord, in
contest_kit.service, when that module is next changed.
"""
from nameko.rpc import rpc

from contest_contracts.fields import PageQuery
from contest_contracts.vocabulary import STAFF
from contest_kit.audit import page_for
from contest_kit.boundary import load_arguments
from contest_kit.context import require
from contest_kit.errors import EXPECTED

PAGE = PageQuery()


class AuditPages:
    """Needs the `db` and `call` dependencies of a ContestService."""

    @rpc(expected_exceptions=EXPECTED)
    def audit_page(self, tenant, limit=None, cursor=None):
        """A page of the tenant's chain in order: for its station admins, the committee and operators."""
        require(self.call.actor, tenant=tenant, roles=STAFF)
        query = load_arguments(PAGE, {"limit": limit, "cursor": cursor})
        with self.db.session(all_tenants=True) as session:
            return page_for(session, tenant, limit=query["limit"], cursor=query["cursor"])
