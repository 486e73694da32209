"""Roadshow panels: the composition rule on creation, and the whole panel minus the recused, made up
from the reserve where a kind would fall short."""
import pytest

from review.domain.panels import Member, PanelShort, composition_problems, roadshow_reviewers

PANEL = [Member(f"i{n}", "industry") for n in range(10)] + [Member(f"v{n}", "investment") for n in range(3)]
RESERVE = [Member("r-v1", "investment"), Member("r-i1", "industry"), Member("r-i2", "industry")]


def test_the_default_rule_is_ten_industry_experts_and_three_investors():
    assert composition_problems(PANEL) == {}
    assert composition_problems(PANEL[1:]) == {"industry": (9, 10)}
    assert composition_problems([*PANEL, Member("x", "judge")]) == {"judge": (1, 0)}
    assert composition_problems([*PANEL[:-1], PANEL[0]]) == {"industry": (11, 10), "investment": (2, 3),
                                                             "(twice)": (1, 0)}


def test_a_rule_of_its_own():
    assert composition_problems(PANEL[:5], (("industry", 5),)) == {}


def test_without_recusals_the_whole_panel_scores():
    assert roadshow_reviewers(PANEL, RESERVE, set()) == (PANEL, [])


def test_a_recused_member_is_replaced_by_the_first_free_reserve_of_the_same_kind():
    reviewers, stand_ins = roadshow_reviewers(PANEL, RESERVE, {"i3", "r-i1"})

    assert stand_ins == [Member("r-i2", "industry")]
    assert [m.id for m in reviewers] == [m.id for m in PANEL if m.id != "i3"] + ["r-i2"]


def test_a_reserve_that_cannot_make_up_a_kind_is_named_with_the_numbers():
    with pytest.raises(PanelShort) as refused:
        roadshow_reviewers(PANEL, RESERVE, {"v0", "v1"})

    assert refused.value.short == {"investment": (2, 3)}
