import time

from registration.service import RegistrationService


def test_probe(rabbit_config, db_url, container_factory, tmp_path):
    from contest_service_tests_bus import service_config
    c = container_factory(RegistrationService, service_config(rabbit_config, db_url, BLOB_DIR=str(tmp_path)))
    c.start()
    for ext in sorted(c.subextensions, key=lambda e: type(e).__name__):
        t = time.monotonic(); ext.stop(); print(type(ext).__name__, round(time.monotonic() - t, 3))
