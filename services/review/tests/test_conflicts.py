"""Automatic recusal: every kind of conflict, found from units and their ties, never from the
expert's own word alone."""
from datetime import date

from review.domain.conflicts import Affiliation, Expert, Project, Ties, recusals

TODAY = date(2026, 11, 24)
GROUP, SUB, SUBSUB, SISTER, BRANCH, OTHER = (f"9111000010000000{n:02d}" for n in range(6))
# GROUP holds SUB and SISTER; SUB holds SUBSUB; BRANCH is a branch of SUBSUB.
TIES = Ties([(SUB, GROUP), (SISTER, GROUP), (SUBSUB, SUB), (BRANCH, SUBSUB)])


def rule_of(expert, project, ties=TIES, **options):
    found = recusals([expert], [project], ties, today=TODAY, **options)
    return found[0].rule if found else None


def at(uscc, until=None):
    return Expert("e1", (Affiliation(uscc, until),))


def project(uscc=SUBSUB):
    return Project("p1", "t1", uscc)


def test_an_expert_of_the_projects_unit_stands_aside():
    assert rule_of(at(SUBSUB), project()) == "same-unit"


def test_parent_subsidiary_and_branch_are_affiliates_both_ways():
    assert [rule_of(at(unit), project()) for unit in (SUB, BRANCH)] == ["affiliated-unit"] * 2
    assert rule_of(at(SUBSUB), project(BRANCH)) == "affiliated-unit"


def test_affiliates_two_levels_up_stand_aside_and_three_do_not():
    assert rule_of(at(GROUP), project(SUBSUB)) == "affiliated-unit"      # the grandparent
    assert rule_of(at(SISTER), project(SUBSUB)) == "affiliated-unit"     # a sister of the parent
    assert rule_of(at(GROUP), project(BRANCH)) is None                    # three steps up
    assert rule_of(at(GROUP), project(BRANCH), levels=3) == "affiliated-unit"


def test_an_employer_within_three_years_counts_and_an_older_one_does_not():
    assert rule_of(at(SUBSUB, date(2023, 11, 24)), project()) == "former-employer"
    assert rule_of(at(SUBSUB, date(2023, 11, 23)), project()) is None
    assert rule_of(at(SUBSUB, date(2026, 12, 31)), project()) == "same-unit"  # still there until then


def test_a_declared_conflict_with_the_unit_or_the_team_stands_aside():
    by_unit = Expert("e1", declared=frozenset({SUBSUB}))
    by_team = Expert("e1", declared=frozenset({"t1"}))

    assert [rule_of(e, project()) for e in (by_unit, by_team)] == ["declared", "declared"]


def test_the_strongest_rule_is_recorded_once_per_pair_with_what_matched():
    expert = Expert("e1", (Affiliation(SUB), Affiliation(SUBSUB)), declared=frozenset({"t1"}))

    found = recusals([expert], [project()], TIES, today=TODAY)

    assert [(r.expert_id, r.project_id, r.rule) for r in found] == [("e1", "p1", "same-unit")]
    assert SUBSUB in found[0].detail


def test_unrelated_units_do_not_conflict():
    assert rule_of(at(OTHER), project()) is None
    assert rule_of(at(SUBSUB), project(OTHER)) is None


def test_ties_that_loop_do_not_hang():
    loop = Ties([(SUB, GROUP), (GROUP, SUB)])

    assert rule_of(at(GROUP), project(SUB), ties=loop, levels=5) == "affiliated-unit"
