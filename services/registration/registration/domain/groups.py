"""Which group a team competes in (2023 notice, 001): leading or emerging.

Leading, any one of: a software / IT service provider with more than 300 staff
or revenue over 100,000,000 CNY; an industrial enterprise with more than 1000
staff or revenue over 400,000,000 CNY; a central state-owned enterprise or its
subsidiary. Every other team, universities included, is emerging.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class LeadingThresholds:
    software_staff: int = 300
    software_revenue_cny: int = 100_000_000
    industrial_staff: int = 1000
    industrial_revenue_cny: int = 400_000_000


def decide_group(*, unit_kind, staff, revenue_cny, central_soe, thresholds=LeadingThresholds()):
    if central_soe:
        return "leading"
    if unit_kind == "software" and (
            staff > thresholds.software_staff or revenue_cny > thresholds.software_revenue_cny):
        return "leading"
    if unit_kind == "industrial" and (
            staff > thresholds.industrial_staff or revenue_cny > thresholds.industrial_revenue_cny):
        return "leading"
    return "emerging"
