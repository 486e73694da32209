"""The national stage (docs/national.md): quotas, the stations' recommendation lists, finalists,
awards, the public notice and its complaints. All answered by the ranking service."""
from contest_contracts import national as contract
from contest_contracts.vocabulary import AUDITED_SERVICES, COMMITTEE, NATIONAL_ROLES, STAFF, STATION_ADMIN
from gateway.routes.table import PUBLIC, Local, Remote, Route


def publish_notice(gateway, request, actor, tenant, code):
    """Publish the notice with each service's audit chain head for every tenant of the edition, taken
    now: a chain cut short later shows against what the notice published."""
    edition = gateway.tenants.get(tenant).edition
    tenants = sorted(t.code for t in gateway.tenants.all() if t.edition == edition)
    heads = [{"service": service, "tenant": other,
              **gateway.call_service(service, "audit_head", tenant=other)}
             for service in AUDITED_SERVICES for other in tenants]
    return gateway.call_service("ranking", "publish_notice", tenant=tenant, code=code, data={"heads": heads})


ROUTES = (
    Route("allocate_quota", "PUT", "/api/tenants/{tenant}/quotas/{code}",
          "Allocate a number of places among stations (or any units) by weight: hamilton, dhondt, "
          "sainte-lague or huntington-hill, with an optional minimum and maximum each; again replaces it",
          roles=(COMMITTEE,), call=Remote("ranking", "allocate_quota"), body=contract.QuotaForm,
          response=contract.QuotaAllocation(), tenant="any"),
    Route("quota", "GET", "/api/tenants/{tenant}/quotas/{code}",
          "The places of a code as last allocated, each unit with its weight and seats",
          roles=STAFF, call=Remote("ranking", "quota"), response=contract.QuotaAllocation(), tenant="any"),
    Route("recommend", "PUT", "/api/tenants/{tenant}/recommendations/{code}",
          "A station's recommendation list (推荐名单) for the places of a code: its own ranked projects by "
          "priority, at most its quota, before the deadline; again replaces it",
          roles=(STATION_ADMIN, COMMITTEE), call=Remote("ranking", "recommend"),
          body=contract.RecommendationForm, response=contract.Recommendation(), tenant="any"),
    Route("recommendations", "GET", "/api/tenants/{tenant}/recommendations/{code}",
          "In the committee's tenant: every station's list for the code and the stations with none yet; "
          "in a station's: its own list alone",
          roles=STAFF, call=Remote("ranking", "recommendations"), response=contract.Recommendations(),
          tenant="any"),
    Route("admit_finalists", "POST", "/api/tenants/{tenant}/finalists/{code}",
          "Admit projects of the station's recommendation list to the places of a code (the final): all "
          "or none; refused for a project not listed, admitted already, or whose team failed due "
          "diligence (finalist-admitted, the team told)",
          roles=(COMMITTEE,), call=Remote("ranking", "admit_finalists"), body=contract.AdmissionForm,
          response=contract.Finalists(), status=201, tenant="any"),
    Route("finalists", "GET", "/api/tenants/{tenant}/finalists/{code}",
          "In the committee's tenant: every station's finalists for the code; in a station's: its own; "
          "one removed by a failed due diligence stays listed with why",
          roles=STAFF, call=Remote("ranking", "finalists"), response=contract.Finalists(), tenant="any"),
    Route("set_award_scheme", "PUT", "/api/tenants/{tenant}/award-schemes/{code}",
          "The prize tiers of a code (count and amount each) and the pool they are paid from; refused when "
          "they cost more than the pool (until set: 001's 2 x 1,000,000, 6 x 300,000, 12 x 100,000 of "
          "5,000,000)",
          roles=(COMMITTEE,), call=Remote("ranking", "set_award_scheme"), body=contract.AwardSchemeForm,
          response=contract.AwardScheme(), tenant="any"),
    Route("grant_awards", "POST", "/api/tenants/{tenant}/awards/{code}",
          "Grant tiers down a group's (and track's) ranking of a round of the final, in order, passing over "
          "those awarded already; refused across an open tie (award-granted for each)",
          roles=(COMMITTEE,), call=Remote("ranking", "grant_awards"), body=contract.AwardForm,
          response=contract.Awards(), status=201, tenant="any"),
    Route("awards", "GET", "/api/tenants/{tenant}/awards/{code}",
          "The prize scheme of a code, every award granted under it, and what they cost",
          roles=STAFF, call=Remote("ranking", "awards"), response=contract.Awards(), tenant="any"),
    Route("publish_notice", "POST", "/api/tenants/{tenant}/notices/{code}",
          "Publish the public notice (公示) of a code's awards for 30 days, with every service's audit "
          "chain head for each tenant of the edition; again, a new version (the window stands)",
          roles=(COMMITTEE,), call=Local(publish_notice), response=contract.Notice(), status=201,
          tenant="any"),
    Route("notice", "GET", "/api/tenants/{tenant}/notices/{code}",
          "The public notice of a code's awards as last published: anyone may read it",
          roles=PUBLIC, call=Remote("ranking", "notice"), response=contract.Notice(), tenant="any"),
    Route("file_complaint", "POST", "/api/tenants/{tenant}/notices/{code}/complaints",
          "A real-name complaint (举报) against an award of the notice, with a contact and evidence, "
          "within its 30 days: anyone may file one; anonymous ones are refused",
          roles=PUBLIC, call=Remote("ranking", "file_complaint"), body=contract.ComplaintForm,
          response=contract.ComplaintReceipt(), status=201, tenant="any"),
    Route("complaints", "GET", "/api/tenants/{tenant}/notices/{code}/complaints",
          "Every complaint against the notice, with each step taken on it",
          roles=NATIONAL_ROLES, call=Remote("ranking", "complaints"), response=contract.Complaints(),
          tenant="any"),
    Route("complaint_step", "POST", "/api/tenants/{tenant}/complaints/{complaint_id}/steps",
          "The committee's next step on a complaint: accept, investigate, uphold (revokes the award, the "
          "prize to recover; the notice published again) or dismiss, with a note",
          roles=(COMMITTEE,), call=Remote("ranking", "complaint_step"), body=contract.ComplaintStepForm,
          response=contract.Complaint(), status=201, tenant="any"),
)
