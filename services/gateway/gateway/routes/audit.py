"""The audit record: read, export as Excel, verify. Read only: no route writes it."""
from contest_contracts.audit import AuditEntry, AuditQuery, AuditVerdict
from contest_contracts.vocabulary import AUDITED_SERVICES, STAFF
from contest_kit.audit import verify
from gateway.exports import XLSX, audit_workbook
from gateway.routes.table import Local, Route


def read_audit(gateway, request, actor, tenant, service, format, limit, cursor):
    if format == "xlsx":  # a file to keep: the whole chain, never a page of it
        entries = gateway.call_service(service, "audit_entries", tenant=tenant)
        return audit_workbook(entries, f"{tenant}-{service}-audit.xlsx",
                              f"审计记录 Audit record · {tenant} · {service}")
    return gateway.call_service(service, "audit_page", tenant=tenant, limit=limit, cursor=cursor)


def verify_audit(gateway, request, actor, tenant, service):
    entries = gateway.call_service(service, "audit_entries", tenant=tenant)
    broken = verify(entries)
    return {"service": service, "tenant": tenant, "entries": len(entries), "intact": broken is None,
            "first_break": None if broken is None else broken.__dict__}


ROUTES = (
    Route("read_audit", "GET", "/api/tenants/{tenant}/audit/{service}",
          "A service's hash-chained audit record for the tenant (read only), in order; ?format=xlsx for "
          "the whole of it in Excel", roles=STAFF, call=Local(read_audit), query=AuditQuery,
          response=AuditEntry(many=True), tenant="any", path_enums={"service": AUDITED_SERVICES},
          media_types=("application/json", XLSX), paged=True),
    Route("verify_audit", "GET", "/api/tenants/{tenant}/audit/{service}/verify",
          "Walk the live chain and name its first broken link", roles=STAFF, call=Local(verify_audit),
          response=AuditVerdict(), tenant="any", path_enums={"service": AUDITED_SERVICES}),
)
