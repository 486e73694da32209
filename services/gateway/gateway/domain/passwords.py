"""Password hashing with scrypt from the standard library (memory-hard, salted)."""
import hashlib
import hmac
import os

_N, _R, _P = 2**14, 8, 1


def hash_password(password):
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password, stored):
    """False for a wrong password, and for a stored hash this module did not write."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except (AttributeError, TypeError, ValueError, OverflowError):  # not ours: not a str, hex, parameters
        return False
    return hmac.compare_digest(candidate, expected)
