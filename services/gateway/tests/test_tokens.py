"""Bearer tokens: signed, expiring, and read from the Authorization header."""
import time
from types import SimpleNamespace

import pytest
from itsdangerous import TimestampSigner
from werkzeug.test import EnvironBuilder

from contest_contracts.i18n import use_locale
from contest_kit.context import Actor
from contest_kit.errors import Unauthenticated
from gateway.tokens import Tokens

ACCOUNT = SimpleNamespace(id="a1b2", role="expert", tenant="2023-ningbo")


class _TwoHoursAgo(TimestampSigner):
    def get_timestamp(self):
        return int(time.time()) - 7200


def _request(authorization=None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return EnvironBuilder(path="/api/me", headers=headers).get_request()


def _refusal(tokens, authorization):
    with use_locale("en"), pytest.raises(Unauthenticated) as refused:
        tokens.actor(_request(authorization))
    return refused.value.message


def _issued_two_hours_ago(tokens, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(tokens.serializer, "signer", _TwoHoursAgo)
        return tokens.issue(ACCOUNT)


def test_issued_token_reads_back_as_its_actor():
    tokens = Tokens("secret", 3600)

    actor = tokens.actor(_request(f"Bearer {tokens.issue(ACCOUNT)}"))

    assert actor == Actor(id="a1b2", role="expert", tenant="2023-ningbo")


def test_request_without_authorization_has_no_actor():
    assert Tokens("secret", 3600).actor(_request()) is None


def test_token_older_than_its_ttl_is_expired(monkeypatch):
    tokens = Tokens("secret", 3600)
    token = _issued_two_hours_ago(tokens, monkeypatch)

    assert _refusal(tokens, f"Bearer {token}") == "token expired"


def test_token_with_ttl_0_expires_once_a_second_has_passed(monkeypatch):
    tokens = Tokens("secret", 0)
    token = _issued_two_hours_ago(tokens, monkeypatch)

    assert _refusal(tokens, f"Bearer {token}") == "token expired"


def test_token_within_its_ttl_is_accepted(monkeypatch):
    tokens = Tokens("secret", 3 * 3600)
    token = _issued_two_hours_ago(tokens, monkeypatch)

    assert tokens.actor(_request(f"Bearer {token}")) == Actor(id="a1b2", role="expert", tenant="2023-ningbo")


def test_token_signed_with_another_secret_is_invalid():
    token = Tokens("another secret", 3600).issue(ACCOUNT)

    assert _refusal(Tokens("secret", 3600), f"Bearer {token}") == "invalid token"


def test_tampered_token_is_invalid():
    tokens = Tokens("secret", 3600)
    token = tokens.issue(ACCOUNT)

    assert _refusal(tokens, f"Bearer {token[:-2]}xx") == "invalid token"


@pytest.mark.parametrize("authorization", ["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ", "token-alone"])
def test_header_that_is_not_a_bearer_token_is_refused(authorization):
    assert _refusal(Tokens("secret", 3600), authorization) == "use an Authorization: Bearer <token> header"


def test_ttl_is_read_as_whole_seconds():
    assert Tokens("secret", "28800").ttl == 28800
