"""Aggregation methods against hand-worked cases, their refusals, and properties that must hold for
any round: the result does not depend on sheet order, trimming is symmetric."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ranking.domain.aggregation import (
    METHODS,
    AggregationRefused,
    Sheets,
    aggregate,
    cents,
    sheet_totals,
)
from ranking.domain.explain import explain, points

CRITERIA = ("technical", "application", "commercial", "defence")
WEIGHTS = (30, 30, 20, 20)  # 002's, in hundredths


def flat(project_totals):
    """Sheets whose four criteria all equal the total: {project: [total, ...]} with experts e1, e2 ..."""
    rows = [{"project_id": project, "expert_id": f"e{i + 1}", "scores": dict.fromkeys(CRITERIA, str(total))}
            for project, totals in project_totals.items() for i, total in enumerate(totals)]
    return Sheets.of(rows, CRITERIA)


def scores(result):
    return {str(p): points(s) for p, s in zip(result.projects, result.score, strict=True)}


def test_a_sheets_total_is_weighted_and_rounded_half_up_to_the_cent():
    sheet = np.array([[cents("80.01"), cents("90"), cents("70"), cents("60.02")]])
    # 0.3 × 80.01 + 0.3 × 90 + 0.2 × 70 + 0.2 × 60.02 = 77.007 -> 77.01
    assert sheet_totals(sheet, WEIGHTS).tolist() == [7701]


def test_the_mean_is_rounded_half_up_to_the_cent():
    assert scores(aggregate(flat({"p": [77, 90, 72]}), WEIGHTS)) == {"p": "79.67"}
    assert scores(aggregate(flat({"p": ["70.01", "70.02"]}), WEIGHTS)) == {"p": "70.02"}   # 70.015


def test_the_median_is_the_middle_total_or_the_mean_of_the_two_middle_ones():
    result = aggregate(flat({"odd": [90, 72, 77], "even": [70, 90, 81, 80]}), WEIGHTS, "median")
    assert scores(result) == {"even": "80.50", "odd": "77.00"}


def test_mean_and_trimmed_mean_order_two_projects_differently():
    sheets = flat({"a": [50, 85, 85, 85, 85], "b": [80, 80, 80, 80, 90]})

    mean, trimmed = aggregate(sheets, WEIGHTS, "mean"), aggregate(sheets, WEIGHTS, "trimmed-mean")

    assert scores(mean) == {"a": "78.00", "b": "82.00"}        # b first
    assert scores(trimmed) == {"a": "85.00", "b": "80.00"}     # a first: its 50 is dropped


def test_the_explanation_says_which_sheets_counted_and_the_arithmetic():
    result = aggregate(flat({"a": [50, 85, 85, 85, 95]}), WEIGHTS, "trimmed-mean")

    told = explain(result, 0)

    assert told["arithmetic"] == "(85.00 + 85.00 + 85.00) / 3 = 85.00"
    assert [(s["total"], s["why"]) for s in told["sheets"]] == [
        ("50.00", "trimmed: one of the 1 lowest"), ("85.00", None), ("85.00", None), ("85.00", None),
        ("95.00", "trimmed: one of the 1 highest")]


def test_fewer_than_five_sheets_are_not_trimmed_and_the_explanation_says_so():
    result = aggregate(flat({"a": [50, 85, 95]}), WEIGHTS, "trimmed-mean")

    assert scores(result) == {"a": "76.67"}
    assert explain(result, 0)["arithmetic"].endswith("(not trimmed: 3 sheets, fewer than 5)")


def test_z_scores_undo_a_lenient_experts_constant_offset_where_the_mean_does_not():
    # Experts e1 and e2 score p1, p2, p3; e3 and e4 score q1, q2, q3, e4 twenty points above e3.
    fair = [("p1", "e1", 80), ("p2", "e1", 75), ("p3", "e1", 60), ("p1", "e2", 80), ("p2", "e2", 75),
            ("p3", "e2", 60), ("q1", "e3", 78), ("q2", "e3", 70), ("q3", "e3", 62)]
    lenient = [("q1", "e4", 98), ("q2", "e4", 90), ("q3", "e4", 82)]
    as_e3 = [("q1", "e4", 78), ("q2", "e4", 70), ("q3", "e4", 62)]

    def run(rows, method):
        sheets = Sheets.of([{"project_id": p, "expert_id": e, "scores": dict.fromkeys(CRITERIA, t)}
                            for p, e, t in rows], CRITERIA)
        result = aggregate(sheets, WEIGHTS, method)
        return result, [str(result.projects[i]) for i in np.argsort(-result.score, kind="stable")]

    (_, mean_order), (z_lenient, z_order) = run(fair + lenient, "mean"), run(fair + lenient, "z-score")
    z_fair, z_fair_order = run(fair + as_e3, "z-score")

    assert mean_order[0] == "q1"                  # (78 + 98) / 2 = 88 beats p1's 80
    assert z_order == z_fair_order                 # the offset changes nothing
    assert np.allclose(z_lenient.z, z_fair.z)
    assert "mean z over 2 sheets" in explain(z_lenient, 0)["arithmetic"]


@pytest.mark.parametrize("method, k, code", [
    ("mode", None, "unknown-method"),
    ("mean", 1, "k-without-trim"),
    ("trimmed-mean", 0, "k-out-of-range"),
    ("trimmed-mean", 7, "k-out-of-range"),
    ("trimmed-mean", 2, "trim-exceeds-sheets"),   # 2 from each end needs 5 sheets; there are 4
])
def test_a_method_or_parameter_that_makes_no_sense_is_refused_with_its_code(method, k, code):
    with pytest.raises(AggregationRefused) as refused:
        aggregate(flat({"a": [80, 81, 82, 83]}), WEIGHTS, method, k)
    assert refused.value.code == code


def test_a_score_finer_than_a_cent_is_refused():
    with pytest.raises(AggregationRefused) as refused:
        cents("88.005")
    assert refused.value.code == "finer-than-cent"


ROUNDS = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 9),
                            st.lists(st.integers(0, 10000), min_size=4, max_size=4)),
                  min_size=1, max_size=60, unique_by=lambda s: (s[0], s[1]))


def sheets_of(rows):
    return Sheets.of([{"project_id": f"p{p}", "expert_id": f"e{e}", "scores": dict(zip(
        CRITERIA, [points(v) for v in s], strict=True))} for p, e, s in rows], CRITERIA)


@settings(max_examples=60, deadline=None)
@given(ROUNDS, st.randoms(use_true_random=False), st.sampled_from(METHODS))
def test_the_result_does_not_depend_on_the_order_sheets_arrived_in(rows, random, method):
    shuffled = list(rows)
    random.shuffle(shuffled)

    first = aggregate(sheets_of(rows), WEIGHTS, method)
    second = aggregate(sheets_of(shuffled), WEIGHTS, method)

    assert scores(first) == scores(second)
    assert first.counted.tolist() == second.counted.tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10000), min_size=5, max_size=13), st.integers(1, 2))
def test_trimming_is_symmetric_the_mirrored_sheets_trim_the_mirrored_totals(totals, k):
    def counted(values):
        result = aggregate(flat({"p": [points(v) for v in values]}), WEIGHTS, "trimmed-mean", k)
        return sorted(result.total[result.counted].tolist())

    kept, mirrored = counted(totals), counted([10000 - t for t in totals])

    assert sorted(10000 - t for t in mirrored) == kept
    assert len(kept) == (len(totals) - 2 * k if len(totals) >= max(5, 2 * k + 1) else len(totals))
