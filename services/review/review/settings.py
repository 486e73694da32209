"""Review's settings (docs/configuration.md lists them all)."""
from dataclasses import dataclass

from contest_kit.settings import Settings, setting


@dataclass(frozen=True)
class ReviewSettings(Settings):
    web_server_address: str = setting("127.0.0.1:8002", "where `/health` and `/metrics` listen")
    db_url: str = setting("sqlite:///var/review.db", "review's own database", env="REVIEW_DB_URL")
    sheets_per_project: int = setting(3, "experts' score sheets that complete a project version's review",
                                      minimum=1)
    divergence_spread: int = setting(
        30, "a project whose sheets' totals differ by more than this many points is flagged for re-review "
        "and needs one more sheet (0: never)", minimum=0)
    round_check_seconds: float = setting(
        10.0, "how often review asks which rounds' closing times have passed (each then closes: "
        "round-closed)")
