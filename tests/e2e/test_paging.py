"""Every list a page at a time through the whole platform: Link, X-Total-Count, 400 on a bad page."""
import time

import pytest

from tests.conftest import Client, team_form, uscc

pytestmark = pytest.mark.e2e
TENANT = "2023-ningbo"
NOT_A_CURSOR = ["不是此列表的游标：请从第一页重新开始"]


@pytest.fixture(scope="module")
def platform(module_platform):
    return module_platform


def register(base, number):
    """A team of an applicant account of its own (one team per account and station); its id."""
    username = f"paging-{number}"
    account = {"username": username, "password": "paging-pass-2023", "email": f"{username}@example.com",
               "display_name": username}
    assert Client(base).post("/api/accounts", json=account).status_code == 201
    applicant = Client.login(base, username, "paging-pass-2023")
    registered = applicant.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        f"分页队{number:02}", uscc_code=uscc(f"91330200MA2P{number:05}"), email=f"{username}@example.com"))
    assert registered.status_code == 201, registered.text
    return registered.json()["id"]


def walk(client, path, between=lambda: None):
    """Follow Link rel="next" from `path` to the last page: [(items, X-Total-Count)]."""
    pages = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, response.text
        pages.append((response.json(), response.headers.get("X-Total-Count")))
        path = response.links.get("next", {}).get("url")
        if path:
            between()
    return pages


def test_following_link_visits_every_team_once_while_teams_register_between_pages(platform):
    base = platform.url()
    first = [register(base, number) for number in range(5)]
    admin = Client.login(base, "admin-ningbo")
    late = iter(range(10, 20))
    added = []

    pages = walk(admin, f"/api/tenants/{TENANT}/teams?limit=2",
                 between=lambda: added.append(register(base, next(late))))

    ids = [team["id"] for items, _total in pages for team in items]
    assert all(len(items) == 2 for items, _total in pages[:-1])
    assert len(ids) == len(set(ids))  # none twice
    assert ids[:5] == first and ids[5:] == added[:len(ids) - 5]  # none skipped, in order of registration
    assert [int(total) for _items, total in pages] == list(range(5, 5 + len(pages)))  # one more a page


def test_every_list_answers_a_page_and_refuses_a_bad_one_on_its_field(platform):
    base = platform.url()
    team_id = register(base, 30)
    applicant = Client.login(base, "paging-30", "paging-pass-2023")
    admin, expert = Client.login(base, "admin-ningbo"), Client.login(base, "expert1-ningbo")
    applicant.post(f"/api/tenants/{TENANT}/teams/{team_id}/submissions",
                   json={"title": "分页", "summary": "-"})
    lists = {"/api/tenants": applicant, f"/api/tenants/{TENANT}/teams": admin,
             f"/api/tenants/{TENANT}/reviews": expert, f"/api/tenants/{TENANT}/ranking": admin,
             f"/api/tenants/{TENANT}/teams/{team_id}/inbox": applicant,
             f"/api/tenants/{TENANT}/audit/registration": admin}
    deadline = time.monotonic() + 30
    while not expert.get(f"/api/tenants/{TENANT}/reviews").json() and time.monotonic() < deadline:
        time.sleep(0.2)

    answers = {path: client.get(f"{path}?limit=1") for path, client in lists.items()}
    refusals = {(path, query): client.get(f"{path}?{query}").json().get("fields")
                for path, client in lists.items() for query in ("limit=0", "limit=201", "cursor=garbage")}

    # (The ranking may be empty still: nothing has been scored.)
    assert {path: (r.status_code, len(r.json()) <= 1, int(r.headers["X-Total-Count"]) >= len(r.json()))
            for path, r in answers.items()} == dict.fromkeys(lists, (200, True, True))
    limit = ["必须在 1 到 200 之间。"]
    assert refusals == {key: {"limit": limit} if key[1].startswith("limit") else {"cursor": NOT_A_CURSOR}
                        for key in refusals}
