"""Sign-up, tokens and /api/me over real HTTP, on SQLite and on PostgreSQL."""
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

SECRET = "gateway-tests-secret"  # the GATEWAY_SECRET the test gateway runs with
SIGN_UP = {"username": "li.wei", "password": "a long enough password", "email": "li.wei@example.com",
           "display_name": "李伟"}


class _TwoHoursAgo(TimestampSigner):
    def get_timestamp(self):
        return int(time.time()) - 7200


def _token_signed_two_hours_ago(claims):
    return URLSafeTimedSerializer(SECRET, salt="contest-access-token", signer=_TwoHoursAgo).dumps(claims)


def test_signed_up_applicant_gets_a_token_and_sees_itself_at_me(start_gateway):
    gateway = start_gateway()

    signed_up = gateway.call("POST", "/api/accounts", json=SIGN_UP)
    token = gateway.call("POST", "/api/auth/token",
                         json={"username": "li.wei", "password": SIGN_UP["password"]})
    me = gateway.call("GET", "/api/me", headers={"Authorization": f"Bearer {token.json()['token']}"})

    account = {"id": signed_up.json()["id"], "username": "li.wei", "role": "applicant", "tenant": None,
               "email": "li.wei@example.com", "display_name": "李伟"}
    assert (signed_up.status_code, signed_up.json()) == (201, account)
    assert (token.status_code, {k: v for k, v in token.json().items() if k != "token"}) == (
        200, {"token_type": "Bearer", "expires_in": 3600, "role": "applicant", "tenant": None})
    assert (me.status_code, me.json()) == (200, account)


def test_sign_up_with_a_taken_username_is_409(start_gateway):
    gateway = start_gateway()
    gateway.call("POST", "/api/accounts", json=SIGN_UP)

    again = gateway.call("POST", "/api/accounts", json={**SIGN_UP, "email": "someone.else@example.com"})

    assert (again.status_code, again.json()) == (409, {
        "error": "Conflict", "message": "username taken", "fields": {"username": ["This username is taken"]}})


def test_credentials_and_tokens_that_do_not_authenticate_are_401(gateway):
    applicant = gateway.accounts["applicant"]
    expired = _token_signed_two_hours_ago({"sub": applicant["id"], "role": "applicant", "tenant": None})
    forged = URLSafeTimedSerializer("another secret", salt="contest-access-token").dumps(
        {"sub": applicant["id"], "role": "operator", "tenant": None})
    wrong_login = {"error": "Unauthenticated", "message": "wrong username or password"}

    outcomes = {
        "wrong password": gateway.call("POST", "/api/auth/token",
                                       json={"username": "applicant-1", "password": "not the password"}),
        "unknown username": gateway.call("POST", "/api/auth/token",
                                         json={"username": "nobody", "password": "not the password"}),
        "no Authorization header": gateway.call("GET", "/api/me"),
        "garbage token": gateway.call("GET", "/api/me", headers={"Authorization": "Bearer not-a-token"}),
        "expired token": gateway.call("GET", "/api/me", headers={"Authorization": f"Bearer {expired}"}),
        "token signed with another secret": gateway.call("GET", "/api/me",
                                                         headers={"Authorization": f"Bearer {forged}"}),
        "basic scheme": gateway.call("GET", "/api/me", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}),
    }

    assert {case: (r.status_code, r.json()) for case, r in outcomes.items()} == {
        "wrong password": (401, wrong_login),
        "unknown username": (401, wrong_login),
        "no Authorization header": (401, {"error": "Unauthenticated", "message": "authentication required"}),
        "garbage token": (401, {"error": "Unauthenticated", "message": "invalid token"}),
        "expired token": (401, {"error": "Unauthenticated", "message": "token expired"}),
        "token signed with another secret": (401, {"error": "Unauthenticated", "message": "invalid token"}),
        "basic scheme": (401, {"error": "Unauthenticated",
                               "message": "use an Authorization: Bearer <token> header"}),
    }


def test_token_of_a_seeded_account_carries_its_role_and_tenant(gateway):
    response = gateway.call("POST", "/api/auth/token", json={"username": "station-admin-1", "password":
                                                             "correct horse battery"})

    assert {k: v for k, v in response.json().items() if k != "token"} == {
        "token_type": "Bearer", "expires_in": 3600, "role": "station_admin", "tenant": "2023-ningbo"}
