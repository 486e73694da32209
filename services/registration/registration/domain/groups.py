"""Which group a team competes in (2023 notice, 001): leading or emerging.

Leading, any one of: a software / IT service provider with more than 300 staff
or revenue over 100,000,000 CNY; an industrial enterprise with more than 1000
staff or revenue over 400,000,000 CNY; a central state-owned enterprise or its
subsidiary. Every other team, universities included, is emerging. The figures
are the edition's (the committee sets them); "more than" is strict, as the notice says.
"""
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class LeadingThresholds:
    software_staff: int = 300
    software_revenue_cny: int = 100_000_000
    industrial_staff: int = 1000
    industrial_revenue_cny: int = 400_000_000


def decide_group(*, unit_kind, staff, revenue_cny, central_soe, thresholds=LeadingThresholds()):
    return decide(unit_kind=unit_kind, staff=staff, revenue_cny=revenue_cny, central_soe=central_soe,
                  thresholds=thresholds)[0]


def decide(*, unit_kind, staff, revenue_cny, central_soe, thresholds=LeadingThresholds()):
    """(group, basis): the basis says which rule decided, on which figures and thresholds, so
    that anyone can check the decision later."""
    basis = {"unit_kind": unit_kind, "staff": staff, "revenue_cny": revenue_cny, "central_soe": central_soe,
             "thresholds": asdict(thresholds)}
    if central_soe:
        return "leading", {**basis, "rule": "central-soe"}
    limits = {"software": (thresholds.software_staff, thresholds.software_revenue_cny),
              "industrial": (thresholds.industrial_staff, thresholds.industrial_revenue_cny)}.get(unit_kind)
    if limits is not None:
        if staff > limits[0]:
            return "leading", {**basis, "rule": f"{unit_kind}-staff"}
        if revenue_cny > limits[1]:
            return "leading", {**basis, "rule": f"{unit_kind}-revenue"}
    return "emerging", {**basis, "rule": "below-thresholds"}
