"""Material uploads: raw bodies up to 20 MiB, with a Content-Length or chunked."""
import base64

import pytest

MIB = 1024 * 1024
UPLOAD = "/api/tenants/2023-ningbo/teams/team-1/materials/slides"
TOO_LARGE = (400, {"error": "ValidationFailed", "message": "file too large",
                   "fields": {"content": ["at most 20 MiB"]}})


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def _chunks(size, chunk=MIB):
    for start in range(0, size, chunk):
        yield b"x" * min(chunk, size - start)


def test_upload_over_20_mib_is_400(gateway):
    response = gateway.call("PUT", UPLOAD, role="applicant", data=b"x" * (20 * MIB + 1))

    assert (response.status_code, response.json()) == TOO_LARGE
    assert gateway.downstream.calls == []


def test_chunked_upload_over_20_mib_is_400(gateway):
    response = gateway.call("PUT", UPLOAD, role="applicant", data=_chunks(20 * MIB + 1))

    assert (response.status_code, response.json()) == TOO_LARGE
    assert gateway.downstream.calls == []


def test_upload_reaches_the_service_base64_with_its_filename(gateway):
    response = gateway.call("PUT", UPLOAD + "?filename=plan.pdf", role="applicant", data=b"%PDF-1.4 plan")

    assert response.status_code == 201
    assert [c.kwargs for c in gateway.downstream.calls] == [
        {"tenant": "2023-ningbo", "team_id": "team-1", "kind": "slides", "filename": "plan.pdf",
         "content_b64": base64.b64encode(b"%PDF-1.4 plan").decode()}]


def test_chunked_upload_reaches_the_service_whole(gateway):
    response = gateway.call("PUT", UPLOAD, role="applicant", data=_chunks(3 * MIB + 5, chunk=100_000))

    assert response.status_code == 201
    assert [(c.kwargs["kind"], len(base64.b64decode(c.kwargs["content_b64"])))
            for c in gateway.downstream.calls] == [("slides", 3 * MIB + 5)]


def test_upload_of_exactly_20_mib_is_forwarded(gateway):
    response = gateway.call("PUT", UPLOAD, role="applicant", data=b"x" * (20 * MIB))

    assert response.status_code == 201
    assert [len(base64.b64decode(c.kwargs["content_b64"])) for c in gateway.downstream.calls] == [20 * MIB]
