"""Online review assignment: k experts a project, balanced, conflict-free, within caps and fields, and
a re-run after a late conflict that moves as little as it can. Instances are generated from seeds so
that a failure can be replayed."""
import random
from collections import Counter

import pytest

from review.domain.assignment import Entry, Reviewer, Unassignable, assign

FIELDS = ("equipment", "network", "platform", "security", "data")


def instance(seed, projects, experts, conflicts=0.02, fields=False, caps=None):
    rng = random.Random(seed)
    entries = [Entry(f"p{i:05d}", rng.choice(FIELDS) if fields else None) for i in range(projects)]
    def tracks():
        return frozenset(rng.sample(FIELDS, rng.choice((1, 2))) if fields else ())

    reviewers = [Reviewer(f"e{j:04d}", tracks(), caps) for j in range(experts)]
    recused = {(p.id, e.id) for p in entries for e in reviewers if rng.random() < conflicts}
    return entries, reviewers, recused


def check(result, entries, reviewers, recused, k):
    per_project = Counter(p for p, _ in result.pairs)
    assert all(per_project[p.id] == k for p in entries)
    assert len(set(result.pairs)) == len(result.pairs)                 # an expert at most once a project
    assert not set(result.pairs) & recused                             # never a recused pair
    fields = {p.id: p.field for p in entries}
    by_id = {e.id: e for e in reviewers}
    for p, e in result.pairs:
        assert fields[p] is None or not by_id[e].fields or fields[p] in by_id[e].fields
    assert Counter(e for _, e in result.pairs) == Counter({e: n for e, n in result.loads.items() if n})
    for e in reviewers:
        assert e.cap is None or result.loads[e.id] <= e.cap


@pytest.mark.parametrize("seed", range(6))
def test_generated_instances_are_balanced_to_one_and_conflict_free(seed):
    rng = random.Random(seed)
    entries, reviewers, recused = instance(seed, rng.randint(30, 400), rng.randint(8, 60), conflicts=0.05)
    k = rng.choice((3, 5))
    result = assign(entries, reviewers, k, recused=recused, seed=seed)
    check(result, entries, reviewers, recused, k)
    loads = result.loads.values()
    assert max(loads) - min(loads) <= 1


def test_small_windows_widen_until_the_result_is_as_even_as_every_pair_allows():
    entries, reviewers, recused = instance(7, 300, 40, conflicts=0.1)
    narrow = assign(entries, reviewers, 5, recused=recused, degree=5)
    check(narrow, entries, reviewers, recused, 5)
    assert narrow.candidates < 300 * 40                                  # not every pair
    assert max(narrow.loads.values()) - min(narrow.loads.values()) <= 1


def test_fields_match_and_loads_are_as_even_as_the_fields_allow():
    entries, reviewers, recused = instance(3, 500, 30, fields=True)
    result = assign(entries, reviewers, 3, recused=recused, degree=4)
    check(result, entries, reviewers, recused, 3)
    everything = assign(entries, reviewers, 3, recused=recused, degree=10_000)   # every eligible pair
    assert sorted(result.loads.values()) == sorted(everything.loads.values())
    assert max(result.loads.values()) == max(everything.loads.values())


def test_caps_hold_and_the_rest_share_what_capped_experts_cannot_take():
    entries = [Entry(f"p{i}") for i in range(40)]
    reviewers = [Reviewer("busy", cap=2)] + [Reviewer(f"e{j}") for j in range(9)]
    result = assign(entries, reviewers, 3)
    check(result, entries, reviewers, set(), 3)
    assert result.loads["busy"] == 2
    others = [n for e, n in result.loads.items() if e != "busy"]
    assert max(others) - min(others) <= 1 and sum(others) == 118


def test_a_late_conflict_changes_one_pair_and_nothing_else():
    entries, reviewers, recused = instance(11, 200, 30)
    before = assign(entries, reviewers, 5, recused=recused)
    project, expert = before.pairs[17]
    after = assign(entries, reviewers, 5, recused=recused | {(project, expert)}, previous=before.pairs)
    check(after, entries, reviewers, recused | {(project, expert)}, 5)
    assert after.removed == ((project, expert),)
    assert len(after.added) == 1 and after.added[0][0] == project
    assert max(after.loads.values()) - min(after.loads.values()) <= 2


def test_an_expert_who_leaves_is_replaced_on_each_of_their_projects_only():
    entries, reviewers, recused = instance(5, 120, 20)
    before = assign(entries, reviewers, 4, recused=recused)
    gone = reviewers[3].id
    theirs = {p for p, e in before.pairs if e == gone}
    after = assign(entries, [r for r in reviewers if r.id != gone], 4, recused=recused, previous=before.pairs)
    assert {p for p, _ in after.removed} == theirs == {p for p, _ in after.added}
    assert len(after.added) == len(theirs)


def test_a_project_with_too_few_eligible_experts_is_named_and_nothing_is_assigned():
    entries = [Entry("p1", "security"), Entry("p2", "network"), Entry("p3", "security")]
    reviewers = [Reviewer(f"e{j}", frozenset({"security"})) for j in range(3)] + [Reviewer("any")]
    recused = {("p3", "e0")}
    with pytest.raises(Unassignable) as refused:
        assign(entries, reviewers, 4, recused=recused)
    assert refused.value.short == {"p2": (1, 4), "p3": (3, 4)}


def test_caps_that_leave_projects_short_are_refused_naming_them():
    entries = [Entry(f"p{i}") for i in range(5)]
    reviewers = [Reviewer(f"e{j}", cap=2) for j in range(3)]
    with pytest.raises(Unassignable) as refused:
        assign(entries, reviewers, 2)
    assert refused.value.reason == "the experts' caps leave projects short"
    assert sum(need - got for got, need in refused.value.short.values()) == 4   # 10 needed, 6 places


def test_the_same_seed_gives_the_same_assignment():
    entries, reviewers, recused = instance(2, 150, 25)
    once, twice = (assign(entries, reviewers, recused=recused, seed=4) for _ in range(2))
    assert once == twice


def test_a_project_flagged_for_re_review_gets_one_more_expert_and_keeps_its_own():
    entries, reviewers, recused = instance(9, 60, 12)
    before = assign(entries, reviewers, 3, recused=recused)

    after = assign(entries, reviewers, 3, recused=recused, previous=before.pairs, extra={"p00007": 1})

    assert Counter(p for p, _ in after.pairs)["p00007"] == 4
    assert after.removed == () and [p for p, _ in after.added] == ["p00007"]
    assert not set(after.pairs) & recused
