"""Password hashes: argon2id from argon2-cffi; the scrypt hashes of earlier versions still check."""
import hashlib
import os

import pytest

from gateway.domain.passwords import check_password, hash_password


def legacy_scrypt(password, n=2**14, r=8, p=1):
    """A hash as the platform wrote them before argon2."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def test_password_checks_against_its_own_hash_and_needs_no_rehash():
    stored = hash_password("correct horse battery")

    assert check_password("correct horse battery", stored) == (True, False)


def test_wrong_password_does_not_check():
    stored = hash_password("correct horse battery")

    assert check_password("Correct horse battery", stored) == (False, False)


def test_same_password_hashes_differently_each_time():
    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_hash_is_argon2id_in_the_standard_format():
    assert hash_password("correct horse battery").startswith("$argon2id$v=19$m=")


def test_chinese_password_checks():
    stored = hash_password("宁波赛站的密码很长")

    assert check_password("宁波赛站的密码很长", stored) == (True, False)


def test_an_old_scrypt_hash_still_checks_and_asks_to_be_rehashed():
    stored = legacy_scrypt("correct horse battery")

    assert (check_password("correct horse battery", stored), check_password("wrong", stored)) == (
        (True, True), (False, True))


def test_an_argon2_hash_with_weaker_parameters_asks_to_be_rehashed():
    from argon2 import PasswordHasher
    weaker = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("correct horse battery")

    assert check_password("correct horse battery", weaker) == (True, True)


@pytest.mark.parametrize("stored", [
    None,
    "",
    "plain text",
    "$argon2id$v=19$m=65536,t=3,p=4$bm90LWEtaGFzaA",
    "bcrypt$12$8$1$00$00",
    "scrypt$not-a-number$8$1$00$00",
    "scrypt$16384$8$1$not-hex$00",
    "scrypt$16384$8$1$00$not-hex",
    "scrypt$16384$8$1$00$数字",
    "scrypt$3$8$1$00$00",  # n must be a power of two
    "scrypt$999999999999999999999999$8$1$00$00",
    "scrypt$16384$8$1$00$00$00",
])
def test_malformed_stored_hash_does_not_check(stored):
    assert check_password("correct horse battery", stored)[0] is False


def test_truncated_scrypt_digest_does_not_check():
    stored = legacy_scrypt("correct horse battery")
    truncated = stored[: stored.rindex("$") + 3]  # one byte of digest left

    assert check_password("correct horse battery", truncated)[0] is False
