"""Registration's settings (docs/configuration.md lists them all)."""
from dataclasses import dataclass

from contest_kit.settings import Settings, setting


@dataclass(frozen=True)
class RegistrationSettings(Settings):
    web_server_address: str = setting("127.0.0.1:8001", "where `/health` and `/metrics` listen")
    db_url: str = setting("sqlite:///var/registration.db", "registration's own database",
                          env="REGISTRATION_DB_URL")
    person_key_secret: str = setting(
        "dev-only-person-key-secret", "the key of the hashes people are kept as (one person, one team): "
        "set it once per deployment and keep it, or the claims made before stop matching",
        env="REGISTRATION_PERSON_KEY_SECRET")
    blob_backend: str = setting("local", "where materials go: a `local` directory or `minio`",
                                choices=("local", "minio"))
    blob_dir: str = setting("var/blobs", "the local directory")
    minio_endpoint: str = setting("127.0.0.1:9000", "MinIO or any S3-compatible server, host:port")
    minio_access_key: str = setting("minioadmin", "its access key")
    minio_secret_key: str = setting("minioadmin", "its secret key")
    minio_bucket: str = setting("contest-materials", "the bucket, created when missing")
    minio_secure: bool = setting(False, "use TLS")
