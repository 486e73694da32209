"""A published ranking, recomputed by anyone from its inputs alone (issue 10, reproducible results).

An export is JSON: the inputs (every counted sheet with its four criteria, the rubric's weights, the
method and its k, the tie-break chain, the deliberations) and the results (each project's score, rank
and what settled it). `compute` turns the inputs into the results; `verify` recomputes an export's
and names the first project, in the published order, whose score or rank differs: an edited score,
weight or deliberation shows there.
"""
from ranking.domain.aggregation import Sheets, aggregate, cents
from ranking.domain.explain import points
from ranking.domain.placing import DEFAULT_CHAIN, place

FORMAT = "contest-ranking/1"
CRITERIA = ("technical", "application", "commercial", "defence")


class MalformedExport(ValueError):
    pass


def compute(inputs):
    """inputs: {"sheets", "weights", "method", "k", "tie_chain", "deliberations"} -> the results, best
    first: {"project_id", "score", "rank", "settled_by"}."""
    result, places = rank(inputs)
    scores = dict(zip(result.projects.tolist(), result.score.tolist(), strict=True))
    return [{"project_id": p.project_id, "score": points(scores[p.project_id]), "rank": p.rank,
             "settled_by": p.settled_by} for p in places]


def aggregate_inputs(inputs, sheets=None):
    """The aggregation (aggregation.Result) of an export's inputs: its sheets, weights, method and k.

    `sheets`: the inputs' sheets already as arrays (aggregation.Sheets), as the service reads them from
    its database; then `inputs` need not list them.
    """
    weights = [cents(inputs["weights"][c]) for c in CRITERIA]
    sheets = Sheets.of(inputs["sheets"], CRITERIA) if sheets is None else sheets
    return aggregate(sheets, weights, inputs["method"], inputs.get("k"))


def rank(inputs, sheets=None):
    """The aggregation (aggregation.Result) and the places (placing.Place, best first) of `inputs`
    (`sheets` as in aggregate_inputs)."""
    chain = tuple(inputs.get("tie_chain", DEFAULT_CHAIN))
    unknown = [key for key in chain if key not in CRITERIA]
    if unknown:
        raise MalformedExport(f"the tie-break chain names no criterion: {', '.join(unknown)}")
    result = aggregate_inputs(inputs, sheets)
    means = {c: result.criterion_means[:, i] for i, c in enumerate(CRITERIA)}
    entries = [(str(p), int(s), {key: float(means[key][i]) for key in chain})
               for i, (p, s) in enumerate(zip(result.projects, result.score, strict=True))]
    deliberations = {frozenset(d["order"]): list(d["order"]) for d in inputs.get("deliberations", [])}
    return result, place(entries, chain, deliberations)


def verify(export):
    """None when the export's results are what its inputs give; else the first difference, in words."""
    if not isinstance(export, dict) or export.get("format") != FORMAT:
        raise MalformedExport(f"not a ranking export (format {FORMAT!r} expected)")
    try:
        recomputed = compute(export["inputs"])
        published = export["results"]
    except (KeyError, TypeError, AttributeError) as missing:
        raise MalformedExport(f"the export lacks or garbles {missing}") from None
    again = {row["project_id"]: row for row in recomputed}
    for row in published:
        mine = again.pop(row.get("project_id"), None)
        if mine is None:
            return f"{row.get('project_id')}: published, but its inputs have no sheet of it"
        for name in ("score", "rank"):
            if str(row.get(name)) != str(mine[name]):
                return (f"{row['project_id']}: published {name} {row.get(name)}, "
                        f"its inputs give {mine[name]}")
    if again:
        return f"{sorted(again)[0]}: its inputs have sheets of it, but it is not published"
    return None
