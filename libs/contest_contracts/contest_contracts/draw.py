"""The lot draw (抽签) for a roadshow's order, as anyone can recompute it (002: the order of
presentation is drawn by lot). The algorithm is published and never changes: a station, a team or a
journalist recomputes an order from the revealed seed with this module or `contest draw verify`.

1. Before the draw the station publishes `commitment = sha256(seed).hexdigest()`, `seed` being 32
   random bytes; the commitment goes into the audit record, so the seed cannot be changed after.
2. After the draw it reveals `seed` (hex). The order is the teams' ids sorted ascending as strings
   (by Unicode code point), then shuffled by Fisher-Yates from the last position down: for `i` from
   `n-1` to `1`, `j = int.from_bytes(sha256(seed + i.to_bytes(4, "big")).digest(), "big") % (i + 1)`,
   and positions `i` and `j` swap.

Worked example (docs/review.md shows it too): seed `00` × 32 (hex "00" repeated 32 times), teams
`a`, `b`, `c`, `d` -> order `d`, `b`, `a`, `c` (libs/contest_contracts/tests/test_draw.py keeps it
true).

It lives with the contracts, not in review, because it is a contract with the public: review draws
with it and the CLI verifies with it, and neither may have its own copy.
"""
import hashlib
import hmac
import re

SEED_BYTES = 32
HEX_SEED = re.compile(r"^[0-9a-f]{64}$")
HEX_COMMITMENT = re.compile(r"^[0-9a-f]{64}$")


class BadSeed(ValueError):
    """A seed or commitment that is not 64 hexadecimal digits."""


def seed_from_hex(text):
    """The seed's 32 bytes from its 64 hex digits (either case); raises BadSeed."""
    text = text.strip().lower()
    if not HEX_SEED.match(text):
        raise BadSeed("a seed is 64 hexadecimal digits (32 bytes)")
    return bytes.fromhex(text)


def commitment_of(seed):
    """What the station publishes before the draw: sha256(seed), 64 hex digits."""
    return hashlib.sha256(seed).hexdigest()


def reveals(commitment, seed):
    """Whether `seed` is the one `commitment` was made from."""
    commitment = commitment.strip().lower()
    if not HEX_COMMITMENT.match(commitment):
        raise BadSeed("a commitment is 64 hexadecimal digits (a SHA-256)")
    return hmac.compare_digest(commitment_of(seed), commitment)


def draw_order(team_ids, seed):
    """The teams' order of presentation drawn with `seed`."""
    order = sorted(team_ids)
    if len(set(order)) != len(order):
        raise ValueError("a team is listed twice")
    for i in range(len(order) - 1, 0, -1):
        j = int.from_bytes(hashlib.sha256(seed + i.to_bytes(4, "big")).digest(), "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order
