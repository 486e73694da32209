"""How a project's score was computed, in words and numbers anyone can redo by hand (issue 10): which
sheets counted, which were trimmed and why, and the arithmetic."""
from ranking.domain.aggregation import MEDIAN, TRIMMED_MEAN, Z_SCORE


def points(value):
    """Cents as points: 7967 -> "79.67"."""
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(int(value)) // 100}.{abs(int(value)) % 100:02d}"


def explain(result, index):
    """The explanation of the `index`-th project of `result` (aggregation.Result)."""
    begin = int(result.start[index])
    rows = range(begin, begin + int(result.sheet_count[index]))
    counted = [r for r in rows if result.counted[r]]
    low = {r for r in rows if not result.counted[r] and r < counted[0]} if counted else set()
    sheets = [{"expert_id": str(result.experts[result.expert_of[r]]), "total": points(result.total[r]),
               "counted": bool(result.counted[r]),
               "why": None if result.counted[r] else
               f"trimmed: one of the {result.k} lowest" if r in low else
               f"trimmed: one of the {result.k} highest"} for r in rows]
    score = points(result.score[index])
    totals = [points(result.total[r]) for r in counted]
    if result.method == MEDIAN:
        arithmetic = f"median of {', '.join(totals)} = {score}"
    elif result.method == Z_SCORE:
        mean, sd = result.grand
        arithmetic = (f"mean z over {len(totals)} sheets = {result.z[index]:.6f}; "
                      f"{mean / 100:.4f} + {result.z[index]:.6f} × {sd / 100:.4f} = {score}")
    else:
        arithmetic = f"({' + '.join(totals)}) / {len(totals)} = {score}"
        if result.method == TRIMMED_MEAN and len(totals) == len(rows):
            arithmetic += f" (not trimmed: {len(rows)} sheets, fewer than {max(5, 2 * result.k + 1)})"
    return {"project_id": str(result.projects[index]), "method": result.method, "score": score,
            "sheets": sheets, "arithmetic": arithmetic}
