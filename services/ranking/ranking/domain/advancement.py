"""Who goes on to the next stage (issue 10, advancement), and how a number of places is split among
groups or tracks (largest remainder, 002: 69 leading and 31 emerging semi-finalists share 20 places as
14 and 6).

Advancement reads the places (placing.py): by top N, by top percentage (N = the percentage of the
ranked projects, rounded half up), or by a threshold score. An open tie that straddles the cut blocks
it: those above the tie advance, the tie's projects wait for its deliberation, and the decision cannot
be confirmed until then.
"""
from dataclasses import dataclass

TOP_N, TOP_PERCENT, THRESHOLD = "top-n", "top-percent", "threshold"
RULES = (TOP_N, TOP_PERCENT, THRESHOLD)


class AdvancementRefused(ValueError):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Advancement:
    advanced: tuple        # project ids, in their order
    blocked_by: tuple = ()  # the open tie straddling the cut; () when the decision can be confirmed

    @property
    def confirmable(self):
        return not self.blocked_by


def advance(places, scores, rule, value):
    """places: placing.Place, best first; scores: project_id -> cents (for a threshold, in cents)."""
    if rule not in RULES:
        raise AdvancementRefused("unknown-rule", f"{rule!r} is not one of {', '.join(RULES)}")
    if rule == THRESHOLD:
        return Advancement(tuple(p.project_id for p in places if scores[p.project_id] >= value))
    if rule == TOP_PERCENT:
        if not 0 < value <= 100:
            raise AdvancementRefused("percent-out-of-range",
                                     f"a percentage is above 0 and at most 100, not {value}")
        value = int((2 * len(places) * value + 100) // 200)
    if not isinstance(value, int) or value < 0:
        raise AdvancementRefused("count-out-of-range", f"advance a whole number of projects, not {value!r}")
    if value > len(places):
        raise AdvancementRefused("beyond-ranked", f"{value} places asked, {len(places)} projects ranked")
    inside, edge = places[:value], places[value:value + 1]
    straddling = [p for p in inside if edge and p.settled_by == "open" and edge[0].project_id in p.tied_with]
    if straddling:
        tie = tuple(sorted((straddling[0].project_id, *straddling[0].tied_with)))
        return Advancement(tuple(p.project_id for p in inside if p.project_id not in tie), tie)
    return Advancement(tuple(p.project_id for p in inside))


def largest_remainder(seats, weights):
    """Split `seats` among `weights` (name -> whole number) by largest remainder (Hamilton); a tie in
    remainders goes to the larger weight, then to the name given first. Exact: whole numbers only."""
    if seats < 0 or not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) == 0:
        raise AdvancementRefused("bad-split", "a split needs seats >= 0 and weights >= 0, not all zero")
    total = sum(weights.values())
    shares = {name: divmod(seats * w, total) for name, w in weights.items()}
    given = {name: whole for name, (whole, _) in shares.items()}
    names = list(weights)
    by_remainder = sorted(names, key=lambda n: (-shares[n][1], -weights[n], names.index(n)))
    for name in by_remainder[:seats - sum(given.values())]:
        given[name] += 1
    return given
