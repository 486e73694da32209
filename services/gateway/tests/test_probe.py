import time, pytest, eventlet
@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url
def test_probe(gateway):
    gateway.call("GET", "/api/me", role="expert")
    c = gateway.container
    for ext in sorted(c.extensions, key=lambda e: type(e).__name__):
        t = time.monotonic()
        try: ext.kill()
        except Exception as e: print("EXC", e)
        print("KILL", type(ext).__name__, round(time.monotonic() - t, 3))
    assert 0
