"""Accounts, tokens, the account behind a token, and the list of tenants."""
from contest_contracts.fields import PAGE_SIZE, PageQuery
from contest_contracts.vocabulary import APPLICANT, EVERYONE
from contest_kit.paging import cut
from gateway import schemas
from gateway.routes.table import PUBLIC, Local, Route

ACCOUNT, TOKEN, TENANTS = schemas.Account(), schemas.Token(), schemas.Tenant(many=True)


def create_account(gateway, request, actor, data):
    return ACCOUNT.dump(gateway.accounts.create(role=APPLICANT, tenant=None, **data))


def create_token(gateway, request, actor, data):
    account = gateway.accounts.log_in(data["username"], data["password"], request.remote_addr or "-")
    tokens = gateway.accounts.tokens
    return TOKEN.dump({"token": tokens.issue(account), "token_type": "Bearer", "expires_in": tokens.ttl,
                       "role": account.role, "tenant": account.tenant})


def me(gateway, request, actor):
    return ACCOUNT.dump(gateway.accounts.get(actor.id))


def list_tenants(gateway, request, actor, limit, cursor):
    # A few dozen rows (a station or the committee per edition), which the home page reads
    # whole too: cut from the whole list, in order of code. The first page is kept with them.
    if cursor is None and limit == PAGE_SIZE:
        return gateway.tenants.first_page(tenants_page)
    return tenants_page(gateway.tenants.all(), limit=limit, cursor=cursor)


def tenants_page(tenants, limit=None, cursor=None):
    return cut(TENANTS.dump(tenants), lambda tenant: (tenant["code"],), (str,), limit=limit or PAGE_SIZE,
               cursor=cursor)


ROUTES = (
    Route("create_account", "POST", "/api/accounts", "Sign up as a team's contact (applicant)",
          roles=PUBLIC, call=Local(create_account), body=schemas.AccountForm, response=ACCOUNT, status=201),
    Route("create_token", "POST", "/api/auth/token", "Exchange username and password for a bearer token",
          roles=PUBLIC, call=Local(create_token), body=schemas.Login, response=TOKEN),
    Route("me", "GET", "/api/me", "The account behind the token", roles=EVERYONE, call=Local(me),
          response=ACCOUNT),
    Route("list_tenants", "GET", "/api/tenants", "Stations and the committee, one tenant each, by code",
          roles=PUBLIC, call=Local(list_tenants), query=PageQuery, response=TENANTS, paged=True),
)
