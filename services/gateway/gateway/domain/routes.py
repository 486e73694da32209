"""Who may call what: the gateway's one authorisation table.

Services check again with their own data (ownership, tenancy); this table
refuses early and is what the OpenAPI document's security section says.
"""
PUBLIC = None
STAFF = ("station_admin", "committee", "operator")

ACCESS = {
    "create_account": PUBLIC,
    "create_token": PUBLIC,
    "list_tenants": PUBLIC,
    "me": ("applicant", "expert", "station_admin", "committee", "operator"),
    "register_team": ("applicant",),
    "list_teams": STAFF,
    "get_team": ("applicant", *STAFF),
    "upload_material": ("applicant",),
    "submit_project": ("applicant",),
    "team_inbox": ("applicant", *STAFF),
    "list_reviews": ("expert", *STAFF),
    "submit_score_sheet": ("expert",),
    "get_ranking": STAFF,
    "read_audit": STAFF,
    "verify_audit": STAFF,
}


def may_call(route, role):
    allowed = ACCESS[route]
    return allowed is PUBLIC or role in allowed
