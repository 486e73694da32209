"""The whole OpenAPI document, fuzzed by schemathesis against the running platform.

Every operation gets a bounded number of generated requests, sent as a caller the route
admits (so they get past the access rule and reach the services). Whatever comes back must
not be a 5xx, must be a status the document lists, and must fit the schema documented for it.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from contest_cli.seed import DEMO_PASSWORD
from gateway.routes import ROUTES
from gateway.routes.table import PUBLIC
from tests.conftest import Client, team_form, uscc

pytestmark = pytest.mark.e2e
EXAMPLES = 20
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance, schemathesis.checks.response_schema_conformance]
# The demo account each role is tried as.
ACCOUNTS = {"applicant": "team-demo", "expert": "expert1-ningbo", "station_admin": "admin-ningbo",
            "committee": "committee", "operator": "operator"}


@pytest.fixture(scope="module")
def platform(module_platform):
    return module_platform


@pytest.fixture(scope="module")
def tokens(platform):
    return {role: Client.login(platform.url(), username, DEMO_PASSWORD).token
            for role, username in ACCOUNTS.items()}


@pytest.fixture(scope="module")
def known(platform, tokens):
    """Path values that name what exists: the fuzzed requests reach the services, not just a 404."""
    team = Client(platform.url(), tokens["applicant"])
    registered = team.post("/api/tenants/2023-ningbo/teams", json=team_form(
        "模糊测试队", uscc_code=uscc("91330200MA2H00009"), email="fuzz@example.com"))
    assert registered.status_code == 201, registered.text
    team_id = registered.json()["id"]
    submitted = team.post(f"/api/tenants/2023-ningbo/teams/{team_id}/submissions",
                          json={"title": "模糊测试", "summary": "schemathesis"})
    assert submitted.status_code == 201, submitted.text
    return {"tenant": "2023-ningbo", "team_id": team_id, "project_id": submitted.json()["project_id"]}


@pytest.fixture(scope="module")
def api_document(platform):
    return schemathesis.openapi.from_url(platform.url() + "/api/openapi.json")


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_no_operation_answers_5xx_or_outside_its_documented_responses(route, api_document, platform, tokens,
                                                                       known):
    operation = api_document[route.path][route.method]
    headers = {} if route.roles == PUBLIC else {"Authorization": f"Bearer {tokens[route.roles[0]]}"}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy())
    def fuzz(case):
        case.path_parameters = {**(case.path_parameters or {}),
                                **{name: known[name] for name in route.path_params if name in known}}
        case.call_and_validate(base_url=platform.url(), headers=headers, checks=CHECKS)

    fuzz()
