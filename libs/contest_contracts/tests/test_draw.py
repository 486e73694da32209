"""The published lot draw: a known seed gives a known order, and the order is a function of the
seed and the set of teams only."""
import hashlib
import random

import pytest

from contest_contracts.draw import BadSeed, commitment_of, draw_order, reveals, seed_from_hex

ZERO = bytes(32)


def test_the_worked_example_of_the_docs_holds():
    # sorted: a b c d; i=3: j=2 -> a b d c; i=2: j=0 -> d b a c; i=1: j=1 -> d b a c
    steps = [int.from_bytes(hashlib.sha256(ZERO + i.to_bytes(4, "big")).digest(), "big") % (i + 1)
             for i in (3, 2, 1)]

    assert steps == [2, 0, 1]
    assert draw_order(["c", "a", "d", "b"], ZERO) == ["d", "b", "a", "c"]
    assert commitment_of(ZERO) == "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"


def test_the_order_depends_on_the_set_of_teams_not_on_how_they_were_listed():
    teams = [f"{random.Random(1).getrandbits(128) + n:032x}" for n in range(40)]
    seed = bytes(range(32))

    shuffled = random.Random(7).sample(teams, len(teams))

    assert draw_order(shuffled, seed) == draw_order(teams, seed)
    assert sorted(draw_order(teams, seed)) == sorted(teams)
    assert draw_order(teams, seed) != draw_order(teams, bytes(range(1, 33)))


def test_a_seed_reveals_its_own_commitment_only():
    seed = seed_from_hex("AB" * 32)

    assert reveals(commitment_of(seed), seed)
    assert not reveals(commitment_of(ZERO), seed)


@pytest.mark.parametrize("text", ["ab" * 31, "zz" * 32, "", "ab" * 33])
def test_a_seed_that_is_not_64_hex_digits_is_refused(text):
    with pytest.raises(BadSeed):
        seed_from_hex(text)


def test_a_team_listed_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        draw_order(["a", "b", "a"], ZERO)
