"""The final's awards (issue 11; seed 001): prize tiers with counts and amounts, checked against the
prize pool, granted down a ranking in order.

The default scheme is 001's: 2 first prizes of 1,000,000 CNY, 6 second of 300,000, 12 third of
100,000, pre-tax, from a pool of 5,000,000 (exactly spent). Amounts are whole yuan.

Granting reads the places (placing.py) of a group (and track) of the final, best first, and gives the
tiers in order: the first `n1` places the first tier, the next `n2` the second, and so on. An open tie
that straddles a tier's edge (or the last tier's) blocks the whole grant: nothing is granted until a
deliberation orders it, as an award cannot depend on an unsettled place.
"""
from dataclasses import dataclass

DEFAULT_POOL = 5_000_000
SPECIAL_AWARDS = ("market-demand", "technical-innovation", "service-capability", "application-value",
                  "commercial-value", "development-potential", "most-popular", "excellent-organisation",
                  "ecosystem-appeal")  # 001's special awards, by final results (最佳人气奖: most-popular)


class AwardRefused(ValueError):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Tier:
    name: str
    count: int
    amount: int  # CNY per award, pre-tax


DEFAULT_TIERS = (Tier("first", 2, 1_000_000), Tier("second", 6, 300_000), Tier("third", 12, 100_000))


def check_scheme(tiers, pool):
    """Refuse a scheme whose awards cost more than the pool, or that names a tier twice."""
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        raise AwardRefused("tier-twice", "a tier is named twice")
    if any(t.count < 0 or t.amount < 0 for t in tiers):
        raise AwardRefused("bad-tier", "counts and amounts are 0 or more")
    cost = sum(t.count * t.amount for t in tiers)
    if cost > pool:
        raise AwardRefused("pool-overrun", f"the awards cost {cost:,} CNY, the pool holds {pool:,}")
    return cost


@dataclass(frozen=True)
class Grant:
    granted: tuple        # (project_id, tier name), best first
    blocked_by: tuple = ()  # the open tie straddling a tier's edge; () when the grant can be made


def grant(places, counts):
    """places: placing.Place, best first; counts: (tier name, how many) in tier order."""
    wanted = sum(n for _, n in counts)
    if wanted > len(places):
        raise AwardRefused("beyond-ranked", f"{wanted} awards asked, {len(places)} projects ranked")
    tiers = [name for name, n in counts for _ in range(n)]
    for edge in _edges(counts):
        inside, outside = places[edge - 1], places[edge] if edge < len(places) else None
        if outside is not None and inside.settled_by == "open" and outside.project_id in inside.tied_with:
            return Grant((), tuple(sorted((inside.project_id, *inside.tied_with))))
    return Grant(tuple((p.project_id, tier) for p, tier in zip(places, tiers, strict=False)))


def _edges(counts):
    """The places after which a tier ends (1-based), where an open tie may not straddle."""
    edges, seen = [], 0
    for _, n in counts:
        seen += n
        if n:
            edges.append(seen)
    return edges
