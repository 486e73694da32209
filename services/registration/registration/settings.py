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
    minio_public_endpoint: str = setting("", "the host:port clients reach storage at, named in the presigned "
                                         "URLs (default: MINIO_ENDPOINT)")
    minio_region: str = setting("us-east-1", "the bucket's region (presigned URLs are signed for it)")
    blob_url_base: str = setting("http://127.0.0.1:8000/blobs", "local backend: where the gateway serves "
                                 "the presigned URLs")
    blob_url_secret: str = setting("dev-only-blob-url-secret", "local backend: the key presigned URLs are "
                                   "signed with; the gateway's must be the same")
    upload_url_seconds: int = setting(3600, "how long a presigned upload URL is valid (a large video takes "
                                      "time to send; the storage checks it when the PUT starts)", minimum=1)
    download_url_seconds: int = setting(300, "how long a presigned download URL is valid", minimum=1)
    freeze_check_seconds: float = setting(10.0, "how often the materials freeze asks which stage cut-offs "
                                          "have passed", minimum=0.01)
