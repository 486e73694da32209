"""Review's scoring rules, without broker or database."""
from decimal import Decimal

import pytest

from review.domain.scoring import project_score, review_is_complete, sheet_total


def scores(technical=0, application=0, commercial=0, defence=0):
    return {"technical": technical, "application": application, "commercial": commercial,
            "defence": defence}


def test_sheet_total_of_full_marks_is_one_hundred():
    assert sheet_total(scores(100, 100, 100, 100)) == Decimal("100.00")


def test_sheet_total_weighs_technical_and_application_three_tenths_the_others_two():
    assert sheet_total(scores(technical=80, application=90, commercial=70, defence=60)) == Decimal("77.00")


def test_sheet_total_of_scores_with_decimals_is_exact():
    total = sheet_total(scores(Decimal("88.5"), Decimal("91"), Decimal("79.5"), Decimal("85")))

    assert total == Decimal("86.75")


def test_sheet_total_takes_floats_by_their_written_value():
    assert sheet_total(scores(85.55, 90.45, 77.75, 66.65)) == Decimal("81.68")


def test_sheet_total_rounds_half_up_not_to_even():
    # 0.15 * 0.3 = 0.045: half-up gives 0.05, banker's rounding would give 0.04.
    assert sheet_total(scores(technical=Decimal("0.15"))) == Decimal("0.05")


def test_sheet_total_uses_the_weights_it_is_given():
    even = {c: Decimal("0.25") for c in ("technical", "application", "commercial", "defence")}

    assert sheet_total(scores(100, 0, 0, 0), weights=even) == Decimal("25.00")


def test_project_score_is_the_mean_of_the_sheet_totals():
    assert project_score([Decimal("80.00"), Decimal("85.00"), Decimal("90.50")]) == Decimal("85.17")


def test_project_score_rounds_the_mean_half_up():
    # 80.005 would round to 80.00 to even.
    assert project_score([Decimal("80.00"), Decimal("80.01")]) == Decimal("80.01")


def test_project_score_of_one_sheet_is_its_total():
    assert project_score([Decimal("73.40")]) == Decimal("73.40")


def test_project_score_of_no_sheets_is_refused():
    with pytest.raises(ValueError, match="at least one sheet"):
        project_score([])


@pytest.mark.parametrize(("count", "complete"), [(0, False), (2, False), (3, True), (4, True)])
def test_review_is_complete_once_enough_sheets_are_in(count, complete):
    assert review_is_complete(count, 3) is complete
