"""The final's awards: 001's scheme spends the pool exactly, a costlier one is refused, and tiers go
down the places in order, never across an open tie."""
import pytest

from ranking.domain.awards import DEFAULT_POOL, DEFAULT_TIERS, AwardRefused, Tier, check_scheme, grant
from ranking.domain.placing import place

# a 95, b 90, c and d tied at 85 on everything, e 80
ENTRIES = [("a", 9500, {}), ("b", 9000, {}), ("c", 8500, {}), ("d", 8500, {}), ("e", 8000, {})]


def test_001s_scheme_spends_the_pool_exactly_and_a_costlier_one_is_refused():
    assert check_scheme(DEFAULT_TIERS, DEFAULT_POOL) == 2 * 1_000_000 + 6 * 300_000 + 12 * 100_000
    assert DEFAULT_POOL == 5_000_000
    with pytest.raises(AwardRefused) as overrun:
        check_scheme((*DEFAULT_TIERS[:2], Tier("third", 13, 100_000)), DEFAULT_POOL)
    with pytest.raises(AwardRefused) as twice:
        check_scheme((Tier("first", 1, 1), Tier("first", 1, 1)), DEFAULT_POOL)

    assert overrun.value.code == "pool-overrun" and "5,100,000" in overrun.value.detail
    assert twice.value.code == "tier-twice"


def test_tiers_go_down_the_places_in_order():
    made = grant(place(ENTRIES, ()), [("first", 1), ("second", 1)])

    assert (made.granted, made.blocked_by) == ((("a", "first"), ("b", "second")), ())


def test_an_open_tie_across_a_tiers_edge_blocks_the_grant_until_deliberated():
    blocked = grant(place(ENTRIES, ()), [("first", 1), ("second", 2)])          # c | d split by the edge
    whole = grant(place(ENTRIES, ()), [("first", 2), ("second", 2)])             # c and d both second
    settled = grant(place(ENTRIES, (), {frozenset({"c", "d"}): ["d", "c"]}), [("first", 1), ("second", 2)])

    assert (blocked.granted, blocked.blocked_by) == ((), ("c", "d"))
    assert whole.granted[2:] == (("c", "second"), ("d", "second"))
    assert settled.granted == (("a", "first"), ("b", "second"), ("d", "second"))


def test_more_awards_than_ranked_projects_are_refused():
    with pytest.raises(AwardRefused) as beyond:
        grant(place(ENTRIES, ()), [("first", 6)])
    assert beyond.value.code == "beyond-ranked"
