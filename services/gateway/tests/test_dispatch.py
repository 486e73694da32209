"""What every route shares: JSON errors under /api/, the language, the broker being away."""
import time
import uuid

import pytest

from contest_kit.testing import rabbitmqctl


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/nowhere"), ("POST", "/api/tenants/2023-ningbo"),
                                              ("GET", "/api/tenants/2023-ningbo/teams/t1/unknown"),
                                              ("GET", "/api/nowhere%0Aat/all")])
def test_an_unknown_api_route_is_a_json_404(gateway, method, path):
    response = gateway.call(method, path, role="committee")

    assert (response.status_code, response.headers["Content-Type"], response.json()) == (
        404, "application/json; charset=utf-8", {"error": "NotFound", "message": "no such route"})


def test_a_known_path_with_another_method_is_a_json_405_naming_the_allowed_ones(gateway):
    response = gateway.call("DELETE", "/api/tenants/2023-ningbo/teams", role="committee")

    assert (response.status_code, response.json(), response.headers["Allow"]) == (
        405, {"error": "MethodNotAllowed", "message": "this method is not allowed here"}, "GET, HEAD, POST")


def test_a_lang_outside_its_enum_is_400(gateway):
    response = gateway.call("GET", "/api/tenants?lang=fr")

    assert (response.status_code, response.json()) == (400, {
        "error": "ValidationFailed", "message": "unknown language", "fields": {"lang": ["zh-CN, en"]}})


def test_messages_are_in_chinese_unless_english_is_asked_for(gateway):
    default = gateway.call("GET", "/api/me", headers={"Accept-Language": ""})
    browser = gateway.call("GET", "/api/me", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    asked = gateway.call("GET", "/api/me?lang=en", headers={"Accept-Language": "zh-CN"})

    assert [r.json()["message"] for r in (default, browser, asked)] == [
        "需要登录", "需要登录", "authentication required"]


def test_field_messages_follow_the_language_too(gateway):
    chinese = gateway.send("submit_project", role="applicant", json={"title": "x"},
                           headers={"Accept-Language": "zh-CN"})

    assert chinese.json() == {"error": "ValidationFailed", "message": "输入无效", "fields": {
        "title": ["长度必须在 2 到 200 之间。"], "summary": ["必填字段缺失。"]}}


def test_while_the_broker_is_unreachable_a_command_is_503_with_retry_after(start_gateway):
    vhost = f"test-gone-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    gateway = start_gateway(amqp_uri=f"pyamqp://guest:guest@127.0.0.1:5672/{vhost}").seed()
    rabbitmqctl("delete_vhost", vhost)  # the broker drops the gateway and will not let it back in

    started = time.monotonic()
    response = gateway.send("get_ranking", role="committee")

    assert (response.status_code, response.headers["Retry-After"], response.json()["error"]) == (
        503, "5", "Unavailable")
    assert time.monotonic() - started < 30
