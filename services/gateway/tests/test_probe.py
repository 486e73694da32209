import pytest
@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url
def test_probe(gateway):
    r = gateway.send("submit_project", role="applicant")
    print("RESP", r.status_code, r.text)
    assert 0
