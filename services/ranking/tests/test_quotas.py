"""Quota allocation among stations (issue 11): each method against hand-worked cases, the refusals,
and the properties every allocation keeps (hypothesis)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest_contracts.national import QUOTA_METHODS
from ranking.domain.quotas import METHODS, QuotaRefused, allocate

# 10 seats among 5,100 / 3,300 / 1,600: quotas 5.1, 3.3, 1.6.
STATIONS = {"north": 5100, "south": 3300, "east": 1600}


def test_the_api_offers_the_methods_the_domain_has():
    assert QUOTA_METHODS == METHODS


def test_hamilton_gives_the_whole_quotas_then_the_largest_remainder():
    # 5 + 3 + 1 = 9; the tenth seat to east's remainder .6 (south .3, north .1)
    assert allocate(10, STATIONS, "hamilton") == {"north": 5, "south": 3, "east": 2}


def test_dhondt_differs_from_hamilton_where_it_favours_the_largest():
    # the ten highest of w / 1, 2, 3, ...: north 5100 2550 1700 1275 1020 850, south 3300 1650 1100,
    # east 1600; next would be south's 825
    assert allocate(10, STATIONS, "dhondt") == {"north": 6, "south": 3, "east": 1}


def test_sainte_lague_dhondt_and_huntington_hill_on_53_24_23():
    weights = {"a": 53, "b": 24, "c": 23}
    # Sainte-Laguë, w / 1, 3, 5, 7: 53 24 23 17.67 10.6 8(b) 7.67(c); next a's 7.57
    assert allocate(7, weights, "sainte-lague") == {"a": 3, "b": 2, "c": 2}
    # D'Hondt: 53 26.5 24 23 17.67 13.25 12(b); next c's 11.5
    assert allocate(7, weights, "dhondt") == {"a": 4, "b": 2, "c": 1}
    # Huntington-Hill: a first seat each (d(0) = 0), then 53/√2 37.5, 53/√6 21.6, 24/√2 17.0, 23/√2 16.3
    assert allocate(7, weights, "huntington-hill") == {"a": 3, "b": 2, "c": 2}


def test_hamilton_shows_the_alabama_paradox():
    weights = {"a": 6, "b": 6, "c": 2}
    # 10 seats: quotas 4.29 4.29 1.43 -> 4 4 1, the tenth to c (.43 > .29)
    # 11 seats: quotas 4.71 4.71 1.57 -> 4 4 1, the two left to a and b (.71 > .57): c loses its seat
    assert allocate(10, weights, "hamilton") == {"a": 4, "b": 4, "c": 2}
    assert allocate(11, weights, "hamilton") == {"a": 5, "b": 5, "c": 1}


def test_minimums_and_maximums_hold_and_the_rest_shares_in_proportion():
    # every station at least 2: D'Hondt then gives east its second seat before north its sixth
    assert allocate(10, STATIONS, "dhondt", minimum=2) == {"north": 5, "south": 3, "east": 2}
    # at most 4: north and south held at 4, east takes the rest
    for method in METHODS:
        assert allocate(10, STATIONS, method, maximum=4) == {"north": 4, "south": 4, "east": 2}
    # per unit: north at most 3; the 7 others shared 3300 : 1600 -> quotas 4.71, 2.29
    assert allocate(10, STATIONS, "hamilton", maximum={"north": 3}) == {"north": 3, "south": 5, "east": 2}


def test_equal_claims_go_to_the_larger_weight_then_the_unit_named_first():
    assert allocate(1, {"x": 1, "y": 1}, "hamilton") == {"x": 1, "y": 0}
    assert allocate(1, {"y": 1, "x": 1}, "dhondt") == {"y": 1, "x": 0}
    assert allocate(3, {"x": 1, "y": 2}, "sainte-lague") == {"x": 1, "y": 2}


def test_seats_the_weighted_cannot_hold_go_to_the_weightless_in_turn():
    # c takes its maximum 2; the 3 seats left go to a, b, a (found by the property test below)
    for method in ("hamilton", "dhondt"):
        assert allocate(5, {"a": 0, "b": 0, "c": 1}, method, maximum=2) == {"a": 2, "b": 1, "c": 2}


def test_weights_may_be_decimals_and_results_are_exact():
    assert allocate(3, {"a": "1.5", "b": "1.5", "c": "0.0000001"}, "hamilton") == {"a": 2, "b": 1, "c": 0}


@pytest.mark.parametrize(("arguments", "code"), [
    ((5, {}, "hamilton"), "no-units"),
    ((5, {"a": -1, "b": 2}, "hamilton"), "bad-weight"),
    ((5, {"a": "many", "b": 2}, "dhondt"), "bad-weight"),
    ((5, {"a": 1, "b": 2}, "lottery"), "unknown-method"),
    ((-1, {"a": 1}, "hamilton"), "bad-seats"),
    ((5, {"a": 0, "b": 0}, "dhondt"), "no-weight"),
])
def test_bad_input_is_refused_with_a_code(arguments, code):
    with pytest.raises(QuotaRefused) as refused:
        allocate(*arguments)
    assert refused.value.code == code


@pytest.mark.parametrize(("bounds", "code"), [
    ({"minimum": 4}, "seats-below-minimums"),
    ({"maximum": 3}, "seats-above-maximums"),
    ({"minimum": 3, "maximum": 2}, "bad-bound"),
    ({"minimum": -1}, "bad-bound"),
])
def test_impossible_bounds_are_refused(bounds, code):
    with pytest.raises(QuotaRefused) as refused:
        allocate(10, STATIONS, "hamilton", **bounds)
    assert refused.value.code == code


units = st.lists(st.integers(0, 10_000), min_size=1, max_size=8).filter(any).map(
    lambda ws: {f"u{i}": w for i, w in enumerate(ws)})


@settings(max_examples=200, deadline=None)
@given(units, st.integers(0, 60), st.sampled_from(METHODS), st.integers(0, 3), st.integers(0, 30))
def test_seats_always_sum_to_n_within_the_bounds(weights, seats, method, low, extra):
    high = low + extra
    if not len(weights) * low <= seats <= len(weights) * high:
        with pytest.raises(QuotaRefused):
            allocate(seats, weights, method, minimum=low, maximum=high)
        return
    given_ = allocate(seats, weights, method, minimum=low, maximum=high)
    assert sum(given_.values()) == seats
    assert all(low <= n <= high for n in given_.values())
    assert list(given_) == list(weights)


@settings(max_examples=200, deadline=None)
@given(units, st.integers(0, 60), st.sampled_from(("dhondt", "sainte-lague", "huntington-hill")))
def test_divisor_methods_are_house_monotone(weights, seats, method):
    before, after = allocate(seats, weights, method), allocate(seats + 1, weights, method)
    assert all(after[name] >= before[name] for name in weights)


@settings(max_examples=200, deadline=None)
@given(units, st.integers(1, 60))
def test_hamilton_stays_within_one_of_each_quota(weights, seats):
    total = sum(weights.values())
    for name, n in allocate(seats, weights, "hamilton").items():
        assert abs(n * total - seats * weights[name]) < total
