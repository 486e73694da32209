"""Root of every test layer.

eventlet must patch the standard library before anything imports socket or threading
(STACK.md, snag 4), hence first thing here; then the kit's pytest plugin brings the shared
fixtures (a RabbitMQ vhost, databases, service containers) to every test.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import copy  # noqa: E402

import pytest  # noqa: E402

pytest_plugins = ["contest_kit.testing"]

# One valid payload per event type, with values the kit's tests assert on.
VALID_PAYLOADS = {
    "team-registered": {
        "team_id": "t-1", "team_name": "Blue Lantern", "owner_id": "u-7", "unit_name": "Ningbo Optics Ltd",
        "uscc": "91330200MA2AAAAA1X", "group": "emerging", "track": "hardware",
        "contact_name": "Li Wei", "contact_email": "li.wei@example.com", "locale": "zh-CN",
    },
    "submission-received": {
        "team_id": "t-1", "project_id": "p-1", "version": 1, "title": "Lens sorter",
        "track": "hardware", "group": "emerging", "uscc": "91330200MA2H00001W",
        "materials": [{"kind": "slides", "key": "2023-ningbo/t-1/1/slides.pdf", "sha256": "a" * 64,
                       "size": 1024}],
    },
    "materials-frozen": {
        "team_id": "t-1", "stage": "local", "cutoff": "2023-11-10T23:59:59+08:00",
        "materials": [{"kind": "slides", "version": 2, "key": "2023-ningbo/t-1/u2-slides-deck.pdf",
                       "sha256": "b" * 64, "size": 2048}],
    },
    "team-disqualified": {"team_id": "t-1", "team_name": "Blue Lantern", "reason": "false revenue figures"},
    "due-diligence-recorded": {"team_id": "t-1", "team_name": "Blue Lantern", "passed": False,
                               "reason": "licence revoked"},
    "review-completed": {
        "team_id": "t-1", "project_id": "p-1", "version": 1, "group": "emerging", "track": "hardware",
        "title": "Lens sorter", "score": "87.50", "sheet_count": 5,
    },
    "score-submitted": {
        "team_id": "t-1", "project_id": "p-1", "version": 1, "group": "emerging", "track": "hardware",
        "round": "online-review", "expert_id": "u-expert-1", "total": "77.00", "amended": False,
        "scores": {"technical": "80.00", "application": "90.00", "commercial": "70.00", "defence": "60.00"},
        "weights": {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"},
    },
    "round-closed": {
        "round": "online-review", "kind": "online-review", "name": "网络评审",
        "closed_at": "2023-11-20T18:00:00+08:00", "by_hand": True, "completed": 11, "awaiting": 1,
        "late_sheets": 2, "late_experts": ["u-expert-2"],
    },
    "teams-advanced": {
        "round": "online-review", "group": "emerging", "track": None, "rule": "top-n", "value": "1.00",
        "method": "mean", "teams": [{"team_id": "t-1", "project_id": "p-1", "rank": 1, "score": "87.50"}],
    },
    "quota-allocated": {
        "code": "national-final", "method": "dhondt", "seats": 3,
        "units": [{"name": "2023-ningbo", "weight": "2", "seats": 2},
                  {"name": "2023-wuxi", "weight": "1", "seats": 1}],
    },
    "recommendation-submitted": {
        "code": "national-final", "quota": 2,
        "projects": [{"priority": 1, "project_id": "p-1", "team_id": "t-1"}],
    },
    "finalist-admitted": {"code": "national-final", "team_id": "t-1", "project_id": "p-1", "priority": 1},
    "award-granted": {"code": "national-final", "team_id": "t-1", "project_id": "p-1", "tier": "first",
                      "amount": 1000000, "rank": 1, "round": "final", "group": "emerging"},
    "award-revoked": {"code": "national-final", "team_id": "t-1", "project_id": "p-1", "tier": "first",
                      "amount": 1000000, "recovered": 1000000, "reason": "举报属实"},
    "ranking-updated": {
        "team_id": "t-1", "project_id": "p-1", "group": "emerging", "rank": 2, "ranked_count": 9,
        "score": "87.50",
    },
    "notification-delivered": {
        "message_id": "m-1", "team_id": "t-1", "cause": "submission-received",
        "channels": ["inbox", "email"],
    },
    "tenant-defined": {
        "code": "2023-ningbo", "edition": "2023", "kind": "station", "name_zh": "宁波赛站",
        "name_en": "Ningbo station", "tracks": ["quality"],
        "registration_closes_at": "2023-10-22T15:59:59+00:00",
    },
}


@pytest.fixture
def payloads():
    """One valid payload per event type of the catalogue (a fresh copy per test): for the
    contracts' tests and the kit's."""
    return copy.deepcopy(VALID_PAYLOADS)
