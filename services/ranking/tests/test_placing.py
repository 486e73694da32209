"""Places with the tie-break chain and deliberations; advancement and the largest-remainder split;
the experts' calibration."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ranking.domain.advancement import AdvancementRefused, advance, largest_remainder
from ranking.domain.aggregation import Sheets, aggregate
from ranking.domain.calibration import calibrate, spearman
from ranking.domain.placing import PlacingRefused, check_deliberation, open_ties, place


def entry(project, score, defence=0, technical=0):
    return (project, score, {"defence": defence, "technical": technical})


# a and b tie on score, a defended better; c and d tie on score and defence, c is technically better;
# e and f tie on everything.
ENTRIES = [entry("d", 8000, 85, 70), entry("b", 9000, 80), entry("f", 7000, 60, 60), entry("a", 9000, 90),
           entry("c", 8000, 85, 75), entry("e", 7000, 60, 60), entry("g", 6000)]


def ranks(places):
    return [(p.project_id, p.rank, p.settled_by) for p in places]


def test_the_tie_break_chain_settles_what_it_can_and_leaves_an_open_tie_sharing_its_place():
    places = place(ENTRIES)

    assert ranks(places) == [("a", 1, "defence"), ("b", 2, "defence"), ("c", 3, "technical"),
                             ("d", 4, "technical"), ("e", 5, "open"), ("f", 5, "open"), ("g", 7, "score")]
    assert open_ties(places) == [("e", "f")]


def test_a_deliberation_orders_exactly_an_open_tie():
    places = place(ENTRIES, deliberations={frozenset({"e", "f"}): ["f", "e"]})

    assert ranks(places)[4:6] == [("f", 5, "deliberation"), ("e", 6, "deliberation")]
    assert open_ties(places) == []


@pytest.mark.parametrize("order, code", [(["c", "d"], "not-an-open-tie"), (["e", "e"], "project-twice"),
                                         (["e"], "not-an-open-tie")])
def test_deliberating_what_is_not_an_open_tie_is_refused(order, code):
    with pytest.raises(PlacingRefused) as refused:
        check_deliberation(place(ENTRIES), order)
    assert refused.value.code == code


def test_a_deliberation_kept_for_projects_no_longer_tied_is_refused():
    with pytest.raises(PlacingRefused):
        place(ENTRIES, deliberations={frozenset({"a", "b"}): ["b", "a"]})


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3)), min_size=1, max_size=30))
def test_places_are_a_permutation_when_nothing_is_tied_and_shared_only_by_open_ties(values):
    entries = [entry(f"p{i}", score, defence) for i, (score, defence) in enumerate(values)]
    places = place(entries)

    assert sorted(p.project_id for p in places) == sorted(e[0] for e in entries)
    for position, p in enumerate(places, start=1):
        assert p.rank == position or p.settled_by == "open"
    if not open_ties(places):
        assert [p.rank for p in places] == list(range(1, len(places) + 1))


def test_69_leading_and_31_emerging_share_20_places_as_14_and_6():
    assert largest_remainder(20, {"leading": 69, "emerging": 31}) == {"leading": 14, "emerging": 6}


def test_equal_remainders_go_to_the_larger_weight_then_the_first_named():
    assert largest_remainder(1, {"a": 1, "b": 1}) == {"a": 1, "b": 0}
    assert largest_remainder(2, {"a": 1, "b": 3, "c": 3}) == {"a": 0, "b": 1, "c": 1}


def test_an_open_tie_across_the_cut_blocks_the_advancement_until_deliberated():
    scores = {e[0]: e[1] for e in ENTRIES}

    blocked = advance(place(ENTRIES), scores, "top-n", 5)
    settled = advance(place(ENTRIES, deliberations={frozenset({"e", "f"}): ["f", "e"]}), scores, "top-n", 5)

    assert (blocked.advanced, blocked.blocked_by, blocked.confirmable) == (
        ("a", "b", "c", "d"), ("e", "f"), False)
    assert (settled.advanced, settled.confirmable) == (("a", "b", "c", "d", "f"), True)
    assert advance(place(ENTRIES), scores, "top-n", 6).confirmable          # the whole tie goes on


def test_advancing_by_percentage_and_by_threshold():
    scores = {e[0]: e[1] for e in ENTRIES}
    assert advance(place(ENTRIES), scores, "top-percent", 30).advanced == ("a", "b")  # 2.1 -> 2
    assert advance(place(ENTRIES), scores, "threshold", 8000).advanced == ("a", "b", "c", "d")


@pytest.mark.parametrize("rule, value, code", [
    ("top-n", 8, "beyond-ranked"), ("top-n", -1, "count-out-of-range"),
    ("top-percent", 0, "percent-out-of-range"), ("lottery", 3, "unknown-rule")])
def test_advancing_past_the_ranked_or_by_no_rule_is_refused(rule, value, code):
    with pytest.raises(AdvancementRefused) as refused:
        advance(place(ENTRIES), {}, rule, value)
    assert refused.value.code == code


def test_a_lenient_expert_is_flagged_with_the_threshold_and_agreement_is_measured():
    rows = [(p, e, t + (15 if e == "lenient" else 0))
            for p, t in (("p1", 90), ("p2", 80), ("p3", 70), ("p4", 60)) for e in ("e1", "e2", "lenient")]
    sheets = Sheets.of([{"project_id": p, "expert_id": e, "scores": dict.fromkeys(
        ("technical", "application", "commercial", "defence"), t)} for p, e, t in rows],
        ("technical", "application", "commercial", "defence"))

    report = {c.expert_id: c for c in calibrate(aggregate(sheets, (30, 30, 20, 20)), leniency_points=8)}

    assert report["lenient"].flagged == ("lenient",)
    lenient = report["lenient"]
    assert (lenient.leniency, lenient.agreement, lenient.sheets) == (10.0, 1.0, 4)
    assert report["e1"].flagged == () and report["e1"].leniency == -5.0


def test_spearman_is_minus_one_for_reversed_orders_and_undefined_below_three():
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    assert spearman([1, 2], [1, 2]) is None
