"""Allocating a number of places (seats) among stations or any weighted units (issue 11, quotas).

Four methods, each exact (weights as fractions, no floating point), each honouring an optional
minimum and maximum per unit:

- `hamilton` (largest remainder): each unit's quota is its share of the seats, `seats × w / W`;
  with bounds, the quota is `clamp(λ × w, min, max)` with λ chosen so the quotas sum to the seats
  (the bounded units are held at their bound, the rest share what is left in proportion). Each unit
  gets the whole part of its quota; the seats left go one each to the largest fractional remainders.
  Not house-monotone: one more seat can cost a unit one (the Alabama paradox, tested).
- `dhondt`, `sainte-lague`, `huntington-hill` (divisor methods): every unit starts at its minimum;
  each further seat goes to the unit below its maximum with the highest `w / d(s)`, s being the seats
  it holds: d(s) = s + 1 (D'Hondt), 2s + 1 (Sainte-Laguë), √(s(s + 1)) (Huntington-Hill, whose
  d(0) = 0 gives every unit its first seat before any unit a second). Seat by seat, so one more seat
  never costs a unit one (house-monotone).

Ties (equal remainders, equal priorities) go to the larger weight, then to the unit named first. Seats
the weighted units cannot hold (all at their maximum) go to units of weight 0, one each in turn.
"""
import heapq
from fractions import Fraction

HAMILTON, DHONDT, SAINTE_LAGUE, HUNTINGTON_HILL = "hamilton", "dhondt", "sainte-lague", "huntington-hill"
METHODS = (HAMILTON, DHONDT, SAINTE_LAGUE, HUNTINGTON_HILL)


class QuotaRefused(ValueError):
    """An allocation that cannot be made; `code` is stable, `detail` says why."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


def allocate(seats, weights, method, minimum=0, maximum=None):
    """weights: name -> weight (int, Decimal, Fraction or a numeric string), in the order given;
    minimum, maximum: one whole number for every unit, or name -> whole number. -> name -> seats."""
    if method not in METHODS:
        raise QuotaRefused("unknown-method", f"{method!r} is not one of {', '.join(METHODS)}")
    names, weight = _weights(weights)
    low, high = _bounds(names, minimum, maximum, seats)
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 0:
        raise QuotaRefused("bad-seats", f"seats must be a whole number, 0 or more, not {seats!r}")
    if sum(low.values()) > seats:
        raise QuotaRefused("seats-below-minimums",
                           f"{seats} seats cannot give every unit its minimum ({sum(low.values())} in all)")
    if sum(high.values()) < seats:
        raise QuotaRefused("seats-above-maximums",
                           f"{seats} seats exceed what the maximums allow ({sum(high.values())} in all)")
    if sum(weight.values()) == 0 and seats > sum(low.values()):
        raise QuotaRefused("no-weight", "every weight is 0: there is nothing to allocate in proportion to")
    rank = {name: (-weight[name], i) for i, name in enumerate(names)}  # ties: larger weight, first named
    if method == HAMILTON:
        return _hamilton(seats, names, weight, low, high, rank)
    return _divisor(seats, names, weight, low, high, rank, method)


def _weights(weights):
    names = list(weights)
    if not names:
        raise QuotaRefused("no-units", "there is no unit to allocate among")
    parsed = {}
    for name in names:
        try:
            value = Fraction(str(weights[name]).strip())
        except (ValueError, ZeroDivisionError):
            raise QuotaRefused("bad-weight",
                               f"{name}: the weight {weights[name]!r} is not a number") from None
        if value < 0:
            raise QuotaRefused("bad-weight", f"{name}: the weight {weights[name]} is negative")
        parsed[name] = value
    return names, parsed


def _bounds(names, minimum, maximum, seats):
    def each(bound, default):
        if not isinstance(bound, dict):
            bound = dict.fromkeys(names, default if bound is None else bound)
        values = bound
        for name in names:
            value = values.get(name, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise QuotaRefused("bad-bound",
                                   f"{name}: a minimum or maximum is a whole number, not {value!r}")
        return {name: values.get(name, default) for name in names}

    low = each(minimum, 0)
    high = each(maximum, max(seats, 0) if isinstance(seats, int) else 0)
    crossed = [name for name in names if low[name] > high[name]]
    if crossed:
        raise QuotaRefused("bad-bound", f"{crossed[0]}: its minimum {low[crossed[0]]} exceeds its maximum "
                                        f"{high[crossed[0]]}")
    return low, high


def _hamilton(seats, names, weight, low, high, rank):
    quota = _bounded_quotas(seats, names, weight, low, high)
    given = {name: int(quota[name]) for name in names}  # floor: quotas are never negative
    left = seats - sum(given.values())
    order = sorted(names, key=lambda n: (-(quota[n] - given[n]), rank[n]))
    while left:  # a second round only when weightless units must take what the weighted cannot
        for name in [n for n in order if given[n] < high[n]][:left]:
            given[name] += 1
            left -= 1
    return given


def _bounded_quotas(seats, names, weight, low, high):
    """clamp(λ × w, low, high) per unit, λ such that they sum to `seats` (exact: the sum is piecewise
    linear in λ, so λ is solved on the segment between the two breakpoints around it)."""
    def total(lam):
        return sum(min(max(lam * weight[n], low[n]), high[n]) for n in names)

    points = sorted({Fraction(0)} | {Fraction(b) / weight[n] for n in names if weight[n]
                                     for b in (low[n], high[n])})
    # the first breakpoint where the total reaches the seats (the total never falls as λ grows)
    first, last = 1, len(points)
    while first < last:
        middle = (first + last) // 2
        first, last = (first, middle) if total(points[middle]) >= seats else (middle + 1, last)
    lam = points[-1] if first == len(points) else _solve(points[first - 1], points[first], total, seats)
    return {n: min(max(lam * weight[n], Fraction(low[n])), Fraction(high[n])) for n in names}


def _solve(left, right, total, seats):
    at_left, at_right = total(left), total(right)
    if at_right == at_left:
        return right
    return left + (right - left) * (seats - at_left) / (at_right - at_left)


def _divisor(seats, names, weight, low, high, rank, method):
    given = dict(low)
    heap = [(_priority(weight[n], given[n], method), rank[n], n) for n in names if given[n] < high[n]]
    heapq.heapify(heap)
    for _ in range(seats - sum(given.values())):
        _key, order, name = heapq.heappop(heap)
        given[name] += 1
        if given[name] < high[name]:
            heapq.heappush(heap, (_priority(weight[name], given[name], method), order, name))
    return given


def _priority(weight, held, method):
    """A heap key: smaller first. w / d(held), as (-1, 0) for an infinite one (Huntington-Hill's first
    seat of a unit with weight); Huntington-Hill compares squares, w² / (s(s + 1)), to stay exact."""
    if method == DHONDT:
        return (0, -weight / (held + 1))
    if method == SAINTE_LAGUE:
        return (0, -weight / (2 * held + 1))
    if held == 0:
        return (-1, -weight) if weight else (0, Fraction(0))
    return (0, -weight * weight / (held * (held + 1)))
