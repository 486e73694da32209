"""Notify's settings (docs/configuration.md lists them all)."""
from dataclasses import dataclass

from contest_kit.settings import Settings, setting


@dataclass(frozen=True)
class NotifySettings(Settings):
    web_server_address: str = setting("127.0.0.1:8004", "where `/health` and `/metrics` listen")
    db_url: str = setting("sqlite:///var/notify.db", "notify's own database", env="NOTIFY_DB_URL")
    smtp_host: str = setting("127.0.0.1", "outgoing mail server (`contest up` starts a sink)")
    smtp_port: int = setting(8025, "its port", minimum=1)
    mail_from: str = setting("noreply@contest.local", "the sender address")
