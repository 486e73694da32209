"""Password hashes: argon2id (argon2-cffi); the scrypt hashes of earlier versions still check.

`check_password` returns (matches, needs_rehash): an account whose hash is scrypt, or argon2
with older parameters, gets a fresh argon2 hash at its next successful login.
"""
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password):
    return _hasher.hash(password)


def check_password(password, stored):
    """(matches, needs_rehash); never an exception, whatever is stored."""
    if isinstance(stored, str) and stored.startswith("scrypt$"):
        return _check_scrypt(password, stored), True
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError, TypeError, ValueError, AttributeError):
        return False, False
    return True, _hasher.check_needs_rehash(stored)


def _check_scrypt(password, stored):
    """The format this platform wrote before argon2: scrypt$N$r$p$salt$digest (hex)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = bytes.fromhex(digest)
        if scheme != "scrypt" or len(expected) != 64:
            return False
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except (TypeError, ValueError, OverflowError, MemoryError):
        return False
    return hmac.compare_digest(candidate, expected)
