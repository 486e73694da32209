"""Logging in: failed attempts are throttled per account and per address; old hashes are upgraded."""
import hashlib
import os

import pytest
from sqlalchemy import create_engine, text

PASSWORD = "correct horse battery"  # the seeded accounts' password (conftest)

WRONG = {"username": "applicant-1", "password": "not the password"}


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


@pytest.fixture
def throttled(start_gateway, monkeypatch):
    """A gateway allowing 3 failed logins per account and 5 per address (in a moving minute)."""
    return start_gateway(LOGIN_FAILURES_PER_ACCOUNT="3/minute", LOGIN_FAILURES_PER_ADDRESS="5/minute").seed()


def _login(gateway, username, password):
    return gateway.call("POST", "/api/auth/token", json={"username": username, "password": password})


def test_after_too_many_failures_an_account_is_refused_429_even_with_its_password(throttled):
    failures = [_login(throttled, "applicant-1", "not the password").status_code for _ in range(3)]

    refused = _login(throttled, "applicant-1", PASSWORD)

    assert failures == [401, 401, 401]
    assert (refused.status_code, refused.json()) == (429, {
        "error": "TooManyRequests", "message": "too many failed logins; try again later"})
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_another_account_is_not_slowed_by_the_failures_of_one(throttled):
    for _ in range(3):
        _login(throttled, "applicant-1", "not the password")

    assert _login(throttled, "expert-1", PASSWORD).status_code == 200


def test_an_address_that_fails_on_many_accounts_is_refused_429(throttled):
    failures = [_login(throttled, f"nobody-{n}", "not the password").status_code for n in range(5)]

    refused = _login(throttled, "expert-1", PASSWORD)

    assert failures == [401] * 5
    assert (refused.status_code, "Retry-After" in refused.headers) == (429, True)


def test_a_successful_login_does_not_count(throttled):
    answers = [_login(throttled, "applicant-1", PASSWORD).status_code for _ in range(6)]

    assert answers == [200] * 6


def test_an_account_with_an_old_scrypt_hash_logs_in_and_gets_an_argon2_hash(gateway, gateway_db_url):
    salt = os.urandom(16)
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1)
    engine = create_engine(gateway_db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE accounts SET password_hash = :h WHERE username = 'applicant-1'"),
                           {"h": f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"})

    first, second = _login(gateway, "applicant-1", PASSWORD), _login(gateway, "applicant-1", PASSWORD)

    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM accounts WHERE username = 'applicant-1'"))
        stored = stored.scalar()
    engine.dispose()
    assert (first.status_code, second.status_code) == (200, 200)
    assert stored.startswith("$argon2id$")
