"""Password hashes: scrypt, salted, and never an exception for a hash this module did not write."""
import pytest

from gateway.domain.passwords import check_password, hash_password


def test_password_checks_against_its_own_hash():
    stored = hash_password("correct horse battery")

    assert check_password("correct horse battery", stored) is True


def test_wrong_password_does_not_check():
    stored = hash_password("correct horse battery")

    assert check_password("Correct horse battery", stored) is False


def test_same_password_hashes_differently_each_time():
    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_hash_names_scrypt_and_its_parameters():
    stored = hash_password("correct horse battery")

    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p, len(salt), len(digest)) == ("scrypt", "16384", "8", "1", 32, 128)


def test_chinese_password_checks():
    stored = hash_password("宁波赛站的密码很长")

    assert check_password("宁波赛站的密码很长", stored) is True


@pytest.mark.parametrize("stored", [
    None,
    "",
    "plain text",
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
    assert check_password("correct horse battery", stored) is False


def test_truncated_digest_does_not_check():
    stored = hash_password("correct horse battery")
    truncated = stored[: stored.rindex("$") + 3]  # one byte of digest left

    assert check_password("correct horse battery", truncated) is False
