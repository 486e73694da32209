"""Ranking's settings (docs/configuration.md lists them all)."""
from dataclasses import dataclass

from contest_kit.settings import Settings, setting


@dataclass(frozen=True)
class RankingSettings(Settings):
    web_server_address: str = setting("127.0.0.1:8003", "where `/health` and `/metrics` listen")
    db_url: str = setting("sqlite:///var/ranking.db", "ranking's own database", env="RANKING_DB_URL")
