"""The committee defines a station through the API; the gateway learns it from registration's event;
teams meet the station's rules with codes they can test. Only the public HTTP API is used."""
import time

import pytest
import requests

from tests.conftest import Client, team_form, uscc

pytestmark = pytest.mark.e2e
ORGANISER = uscc("91330200MA2H00002")


def eventually(fetch, done, timeout=30):
    deadline = time.monotonic() + timeout
    while not done(value := fetch()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def new_applicant(base, name):
    created = requests.post(f"{base}/api/accounts", timeout=30, json={
        "username": name, "password": "a long enough password", "email": f"{name}@example.com",
        "display_name": name})
    assert created.status_code == 201, created.text
    return Client.login(base, name, "a long enough password")


def test_a_station_defined_by_the_committee_is_listed_and_applies_its_rules(module_platform):
    base = module_platform.url()
    committee = Client.login(base, "committee")
    settings = {"edition": "2023", "kind": "station", "name_zh": "杭州赛站", "name_en": "Hangzhou station",
                "tracks": ["green"], "organisers": [{"uscc": ORGANISER, "name": "杭州市经信局"}]}

    defined = committee.put("/api/tenants/2023-hangzhou/settings", json=settings)
    listed = eventually(lambda: requests.get(f"{base}/api/tenants?limit=200", timeout=30).json(),
                        lambda tenants: any(t["code"] == "2023-hangzhou" for t in tenants))
    admin_refused = Client.login(base, "admin-ningbo").get("/api/tenants/2023-hangzhou/settings")

    assert defined.status_code == 200, defined.text
    hangzhou = next(t for t in listed if t["code"] == "2023-hangzhou")
    edition = requests.get(f"{base}/api/editions/2023", timeout=30).json()
    assert hangzhou["tracks"] == ["green"]
    assert hangzhou["registration_closes_at"] == edition["registration_closes_at"]
    assert admin_refused.status_code == 403

    applicant = new_applicant(base, "hz-applicant")
    wrong_track = applicant.post("/api/tenants/2023-hangzhou/teams", headers={"Accept-Language": "en"},
                                 json=team_form("西湖智造", uscc_code=uscc("91330100MA2H00003"),
                                                email="hz1@example.com"))
    organiser = applicant.post("/api/tenants/2023-hangzhou/teams", json=team_form(
        "西湖智造", uscc_code=ORGANISER, email="hz1@example.com", track="green"))
    admitted = applicant.post("/api/tenants/2023-hangzhou/teams", json=team_form(
        "西湖智造", uscc_code=uscc("91330100MA2H00003"), email="hz1@example.com", track="green"))

    assert (wrong_track.status_code, wrong_track.json()["codes"]) == (400, {"track": ["unknown-track"]})
    assert wrong_track.json()["fields"]["track"] == ["Unknown track; choose one of: green"]
    assert (organiser.status_code, organiser.json()["codes"]) == (400, {"unit.uscc": ["organiser-conflict"]})
    assert organiser.json()["fields"]["unit.uscc"] == [
        "该单位是本赛站的主办单位（杭州市经信局），不得在本赛站参赛"]
    assert admitted.status_code == 201, admitted.text

    elsewhere = new_applicant(base, "nb-applicant").post("/api/tenants/2023-ningbo/teams", json=team_form(
        "甬江新锐", uscc_code=uscc("91330200MA2H00004"), email="HZ1@example.com"))
    assert (elsewhere.status_code, elsewhere.json()["codes"]) == (
        409, {"contact.email": ["person-in-another-team"]})


def test_only_the_committee_defines_stations(module_platform):
    base = module_platform.url()
    settings = {"edition": "2023", "kind": "station", "name_zh": "某赛站", "name_en": "Some station"}

    def define_as(user):
        return Client.login(base, user).put("/api/tenants/2023-some/settings", json=settings).status_code
    answers = {user: define_as(user) for user in ("admin-ningbo", "operator", "team-demo")}

    assert answers == {"admin-ningbo": 403, "operator": 403, "team-demo": 403}
