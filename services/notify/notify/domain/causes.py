"""Which events a team is told about: each has a template in templates/<cause>.txt."""
from contest_contracts.events import (
    DUE_DILIGENCE_RECORDED,
    FINALIST_ADMITTED,
    MATERIALS_FROZEN,
    RANKING_UPDATED,
    REVIEW_COMPLETED,
    SUBMISSION_RECEIVED,
    TEAM_DISQUALIFIED,
    TEAM_REGISTERED,
    TEAMS_ADVANCED,
)

CAUSES = tuple(c.type for c in (TEAM_REGISTERED, SUBMISSION_RECEIVED, MATERIALS_FROZEN, TEAM_DISQUALIFIED,
                                DUE_DILIGENCE_RECORDED, REVIEW_COMPLETED, RANKING_UPDATED, TEAMS_ADVANCED,
                                FINALIST_ADMITTED))
