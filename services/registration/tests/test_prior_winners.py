"""A project that won a 1st, 2nd or 3rd prize in an earlier edition may not enter again (001): the
committee imports the list edition by edition; a team describing such a project is refused."""
import pytest

from contest_kit.context import Actor
from contest_kit.errors import Forbidden, ValidationFailed
from registration.domain.winners import prior_win, title_key

NINGBO = "2023-ningbo"
HUAWEI = "914403001922038216"
ALICE = Actor("u-alice", "applicant")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
COMMITTEE = Actor("u-committee", "committee", "2023-national")
WINNERS = {"year": 2022, "winners": [
    {"uscc": HUAWEI, "unit_name": "Ningbo Optics Ltd", "title": "工业大脑 Lens", "prize": "second"},
    {"uscc": "91330200MA2H00001W", "unit_name": "宁波甬江智能科技有限公司", "title": "注塑质量优化",
     "prize": "first"}]}


class Win:
    def __init__(self, year, title, uscc=HUAWEI, prize="first"):
        self.year, self.title_key, self.uscc, self.prize = year, title_key(title), uscc, prize


@pytest.mark.parametrize("title", ["工业大脑 Lens", "工业大脑lens", "工业 大脑！ＬＥＮＳ", " 工业大脑-Lens "])
def test_a_winning_title_is_found_however_it_is_spaced_cased_or_punctuated(title):
    assert prior_win([Win(2022, "工业大脑 Lens")], uscc=HUAWEI, title=title, year=2023)[0] == "prior-winner"


@pytest.mark.parametrize("win, title, year", [
    (Win(2023, "Lens"), "Lens", 2023),                       # the same edition: not an earlier one
    (Win(2024, "Lens"), "Lens", 2023),                       # a later edition
    (Win(2022, "Lens", uscc="91330200MA2H00001W"), "Lens", 2023),  # another unit's project
    (Win(2022, "Lens"), "Lens 2", 2023),                      # another project of the same unit
])
def test_what_is_not_an_earlier_win_of_the_same_project_passes(win, title, year):
    assert prior_win([win], uscc=HUAWEI, title=title, year=year) is None


@pytest.fixture
def team(rpc, world):
    return rpc(ALICE, "register_team", NINGBO, {
        "name": "Blue Lantern", "track": "quality",
        "unit": {"name": "Ningbo Optics Ltd", "uscc": HUAWEI, "kind": "software", "staff": 10,
                 "revenue_cny": 1_000_000},
        "contact": {"name": "Li Wei", "email": "li.wei@blue.example.com"}})


def test_a_project_that_won_in_an_earlier_edition_is_refused_and_another_passes(rpc, team):
    report = rpc(COMMITTEE, "import_prior_winners", "2022", WINNERS)

    with pytest.raises(ValidationFailed) as refused:
        rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "工业大脑 LENS", "summary": "again"})
    other = rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "新一代工业大脑", "summary": "new"})

    assert report == {"created": 2, "unchanged": 0}
    assert refused.value.codes == {"title": ["prior-winner"]}
    assert refused.value.fields == {"title": ["该项目曾获 2022 年大赛二等奖，不得再次参赛"]}
    assert other["version"] == 1


def test_importing_the_same_list_twice_changes_nothing_and_the_staff_read_it(rpc, team):
    rpc(COMMITTEE, "import_prior_winners", "2022", WINNERS)
    again = rpc(COMMITTEE, "import_prior_winners", "2022", WINNERS)
    listed = rpc(NINGBO_ADMIN, "list_prior_winners", "2022")

    assert again == {"created": 0, "unchanged": 2}
    assert [(w["prize"], w["uscc"], w["title"], w["source"]) for w in listed["winners"]] == [
        ("first", "91330200MA2H00001W", "注塑质量优化", "import"),
        ("second", HUAWEI, "工业大脑 Lens", "import")]


def test_a_list_with_a_wrong_row_is_refused_whole_and_says_which(rpc, team):
    broken = {"year": 2022, "winners": [WINNERS["winners"][0],
                                        {**WINNERS["winners"][1], "uscc": "91330200MA2H00001X"}]}

    with pytest.raises(ValidationFailed) as refused:
        rpc(COMMITTEE, "import_prior_winners", "2022", broken)

    assert list(refused.value.codes) == ["winners.1.uscc"]
    assert rpc(COMMITTEE, "list_prior_winners", "2022") == {"winners": []}


@pytest.mark.parametrize("edition, data, codes", [
    ("2023", {**WINNERS, "year": 2022}, {"year": ["year-mismatch"]}),  # 2023 is defined, of 2023
    ("22", WINNERS, {"edition": ["edition-code"]}),
])
def test_an_edition_and_year_that_do_not_agree_are_refused(rpc, team, edition, data, codes):
    with pytest.raises(ValidationFailed) as refused:
        rpc(COMMITTEE, "import_prior_winners", edition, data)

    assert refused.value.codes == codes


def test_only_the_committee_imports_the_list(rpc, team):
    for actor in (NINGBO_ADMIN, ALICE):
        with pytest.raises(Forbidden):
            rpc(actor, "import_prior_winners", "2022", WINNERS)
    with pytest.raises(Forbidden):
        rpc(ALICE, "list_prior_winners", "2022")


def awarded(team, project_id, tier):
    from contest_kit.envelope import Envelope

    return Envelope(type="award-granted", tenant=NINGBO, correlation_id="corr-award", payload={
        "code": "national-final", "team_id": team["id"], "project_id": project_id, "tier": tier,
        "amount": 1_000_000, "rank": 1, "round": "final", "group": "emerging"}).to_message()


def test_a_prize_granted_here_joins_the_list_once_and_a_special_award_does_not(rpc, team, deliver):
    project = rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "工业大脑 Lens", "summary": "s"})

    outcomes = [deliver(awarded(team, project["project_id"], "most-popular")),
                deliver(awarded(team, project["project_id"], "first")),
                deliver(awarded(team, project["project_id"], "first"))]     # another event, the same award

    listed = rpc(COMMITTEE, "list_prior_winners", "2023")["winners"]
    assert outcomes == ["applied", "applied", "applied"]
    assert [(w["title"], w["prize"], w["uscc"]) for w in listed] == [("工业大脑 Lens", "first", HUAWEI)]


def test_a_prize_revoked_after_the_notice_leaves_the_list(rpc, team, deliver):
    from contest_kit.envelope import Envelope

    project = rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "工业大脑 Lens", "summary": "s"})
    deliver(awarded(team, project["project_id"], "first"))
    deliver(Envelope(type="award-revoked", tenant=NINGBO, correlation_id="corr-revoke", payload={
        "code": "national-final", "team_id": team["id"], "project_id": project["project_id"], "tier": "first",
        "amount": 1_000_000, "recovered": 1_000_000, "reason": "举报属实"}).to_message())

    assert rpc(COMMITTEE, "list_prior_winners", "2023")["winners"] == []
