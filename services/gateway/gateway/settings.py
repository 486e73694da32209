"""The gateway's settings (docs/configuration.md lists them all)."""
from dataclasses import dataclass

from contest_kit.settings import Settings, setting


@dataclass(frozen=True)
class GatewaySettings(Settings):
    web_server_address: str = setting("127.0.0.1:8000", "where the API, the pages, `/health` and "
                                      "`/metrics` listen")
    db_url: str = setting("sqlite:///var/gateway.db", "the gateway's own database (accounts, tenants)",
                          env="GATEWAY_DB_URL")
    gateway_secret: str = setting("dev-only-secret-change-me", "signs bearer tokens: set a long random "
                                  "value in production")
    token_ttl_seconds: int = setting(28800, "how long a token lives", minimum=1)
    rpc_timeout: float = setting(30.0, "seconds the gateway waits for a service before answering 504",
                                 minimum=0.1)
    login_failures_per_account: str = setting(
        "10/5 minutes", "failed logins allowed per username before 429 (`limits` notation)")
    login_failures_per_address: str = setting(
        "30/5 minutes", "failed logins allowed per client address before 429 (`limits` notation)")
    rate_limit_storage: str = setting("memory://", "where login failures are counted: `memory://` "
                                      "(one gateway process) or `redis://host:6379` (several replicas)")
    blob_backend: str = setting("local", "where materials are stored (registration's setting): with "
                                "`local` the gateway serves the presigned URLs at /blobs/",
                                choices=("local", "minio"))
    blob_dir: str = setting("var/blobs", "local backend: the directory, the one registration uses")
    blob_url_secret: str = setting("dev-only-blob-url-secret", "local backend: the key of the presigned "
                                   "URLs, registration's BLOB_URL_SECRET")
