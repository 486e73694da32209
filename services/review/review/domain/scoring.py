"""Score sheets and how they make a project's score.

Experts score four criteria (2020 semi-final, 002): technical solution,
application results, commercial value and on-site defence, each from 0 to the
round's scale (100 by default). A sheet's total is their weighted sum, with the
round's weights (002's by default); a project version's score is the mean of
its sheets' totals, rounded half up to two places.
"""
from decimal import ROUND_HALF_UP, Decimal

from contest_contracts.review import CRITERIA, DEFAULT_WEIGHTS

CENT = Decimal("0.01")


def sheet_total(scores, weights=DEFAULT_WEIGHTS):
    total = sum(Decimal(str(scores[c])) * Decimal(str(weights[c])) for c in CRITERIA)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def project_score(totals):
    if not totals:
        raise ValueError("a project score needs at least one sheet")
    mean = sum(totals, Decimal(0)) / len(totals)
    return mean.quantize(CENT, rounding=ROUND_HALF_UP)


def review_is_complete(sheet_count, sheets_required):
    return sheet_count >= sheets_required


def diverges(totals, spread):
    """Whether the sheets' totals lie more than `spread` points apart (0: never)."""
    return bool(spread) and len(totals) > 1 and max(totals) - min(totals) > spread
