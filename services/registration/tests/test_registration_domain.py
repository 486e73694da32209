"""Registration's rules, without broker or database."""
import pytest
from stdnum.cn import uscc

from contest_contracts.i18n import use_locale
from registration.domain.groups import LeadingThresholds, decide_group
from registration.domain.teams import has_uncivil_word, next_version, registration_problems
from registration.domain.uscc import check_character, division_code, uscc_problem

# Real codes of registered companies (their check characters are right, see the first test).
HUAWEI = "914403001922038216"
TENCENT = "9144030071526726XG"
XIAOMI = "91110108551385082Q"
ALIBABA = "91330100799655058B"
# Weighted sum of its first 17 characters is 1922 = 31 * 62, so the check character is "0".
CHECK_ZERO = "91330200MA2AAAAA50"

WRONG_LENGTH = "统一社会信用代码应为18位"
WRONG_CHECK = "统一社会信用代码校验位错误"


@pytest.mark.parametrize("code", [HUAWEI, TENCENT, XIAOMI, ALIBABA, CHECK_ZERO])
def test_check_character_of_real_codes_matches_their_last_character(code):
    assert uscc.calc_check_digit(code[:17]) == code[17]  # python-stdnum, which registration relies on


@pytest.mark.parametrize("code", [HUAWEI, TENCENT, XIAOMI, ALIBABA, CHECK_ZERO, TENCENT.lower()])
def test_uscc_problem_accepts_valid_codes(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize("code", ["", HUAWEI[:17], HUAWEI + "0", None, 914403001922038216])
def test_uscc_problem_refuses_a_code_of_the_wrong_length(code):
    assert uscc_problem(code) == WRONG_LENGTH


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_uscc_problem_refuses_letters_outside_the_alphabet(letter):
    code = HUAWEI[:10] + letter + HUAWEI[11:]

    assert uscc_problem(code) == "统一社会信用代码含非法字符"


def test_uscc_problem_speaks_english_on_request():
    with use_locale("en"):
        assert (uscc_problem(HUAWEI[:17]), uscc_problem(HUAWEI[:17] + "7")) == (
            "A unified social credit code has 18 characters",
            "The check character of the unified social credit code does not match")


def _with_check(first17):
    return first17 + check_character(first17)


@pytest.mark.parametrize("seed", range(200))
def test_our_check_character_agrees_with_python_stdnum_on_generated_codes(seed):
    import random
    rng = random.Random(seed)
    first17 = ("9" + rng.choice("123") + rng.choice(["110108", "330200", "440300", "650100"]) +
               "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9)))

    assert check_character(first17) == uscc.calc_check_digit(first17)
    assert uscc_problem(first17 + check_character(first17)) is None


@pytest.mark.parametrize("first17", [
    "Y1330200MA2AAAAA5",  # 其他 authority, the one type it has
    "N2330212MA2AAAAA5",  # a village collective economic organisation (农业)
    "A1100000MA2AAAAA5",  # registered by a national authority
    "51110000500000000",  # a social organisation (民政)
])
def test_codes_of_lettered_authorities_and_national_ones_are_accepted(first17):
    assert uscc_problem(_with_check(first17)) is None


NO_AUTHORITY = "统一社会信用代码的登记管理部门代码（第1位）无效"
WRONG_TYPE = "统一社会信用代码的机构类别代码（第2位）不属于该登记管理部门"
NO_DIVISION = "统一社会信用代码的登记管理机关行政区划码（第3至8位）无效"


@pytest.mark.parametrize(("first17", "problem"), [
    ("00000000000000000", NO_AUTHORITY),  # the example: its check character fits
    ("B1330200MA2AAAAA5", NO_AUTHORITY),
    ("94330200MA2AAAAA5", WRONG_TYPE),  # 市场监管 registers types 1-3 only
    ("Y2330200MA2AAAAA5", WRONG_TYPE),
    ("91000000MA2AAAAA5", NO_DIVISION),
    ("91990000MA2AAAAA5", NO_DIVISION),  # no province 99
    ("91101100MA2AAAAA5", NO_DIVISION),  # 10: a national authority, 100000 only
    ("91A30200MA2AAAAA5", NO_DIVISION),
])
def test_a_code_whose_check_character_fits_but_whose_structure_does_not_is_refused(first17, problem):
    assert uscc_problem(_with_check(first17)) == problem


def test_the_division_code_is_characters_3_to_8_and_full_width_input_is_read():
    assert division_code(HUAWEI) == "440300"
    assert uscc_problem("９１４４０３００１９２２０３８２１６") is None  # typed with a full-width IME


def test_uscc_problem_refuses_a_wrong_check_character():
    assert uscc_problem(HUAWEI[:17] + "7") == WRONG_CHECK


def test_uscc_problem_refuses_two_swapped_characters():
    swapped = HUAWEI[:8] + HUAWEI[9] + HUAWEI[8] + HUAWEI[10:]

    assert uscc_problem(swapped) == WRONG_CHECK


def _group(kind, staff=0, revenue=0, central_soe=False, **kw):
    return decide_group(unit_kind=kind, staff=staff, revenue_cny=revenue, central_soe=central_soe, **kw)


@pytest.mark.parametrize(("staff", "revenue", "group"), [
    (300, 0, "emerging"),
    (301, 0, "leading"),
    (0, 100_000_000, "emerging"),
    (0, 100_000_001, "leading"),
    (300, 100_000_000, "emerging"),
])
def test_decide_group_for_a_software_provider_over_300_staff_or_100m_revenue(staff, revenue, group):
    assert _group("software", staff, revenue) == group


@pytest.mark.parametrize(("staff", "revenue", "group"), [
    (1000, 0, "emerging"),
    (1001, 0, "leading"),
    (0, 400_000_000, "emerging"),
    (0, 400_000_001, "leading"),
    (301, 100_000_001, "emerging"),
])
def test_decide_group_for_an_industrial_enterprise_over_1000_staff_or_400m_revenue(staff, revenue, group):
    assert _group("industrial", staff, revenue) == group


@pytest.mark.parametrize("kind", ["software", "industrial", "university", "other"])
def test_decide_group_puts_a_central_soe_in_the_leading_group_whatever_its_size(kind):
    assert _group(kind, 1, 1, central_soe=True) == "leading"


@pytest.mark.parametrize("kind", ["university", "other"])
def test_decide_group_puts_universities_and_others_in_the_emerging_group_whatever_their_size(kind):
    assert _group(kind, 50_000, 10_000_000_000) == "emerging"


def test_decide_group_uses_the_thresholds_it_is_given():
    lower = LeadingThresholds(software_staff=100)

    assert (_group("software", 101), _group("software", 101, thresholds=lower)) == ("emerging", "leading")


def rep(name, number=0):
    """A representative, recognised by a mobile number of their own."""
    return {"name": name, "phone": f"1380013{number:04}"}


def _problems(name="Blue Lantern", uscc=HUAWEI, track="quality", representatives=None):
    if representatives is None:
        representatives = [rep("Li Wei")]
    return registration_problems(team_name=name, uscc=uscc, track=track, representatives=representatives)


def test_registration_problems_of_a_valid_registration_are_none():
    assert _problems() == {}


@pytest.mark.parametrize("name", ["Shit Happens", "他妈的团队", "FUCK-team"])
def test_registration_problems_refuse_a_team_name_with_uncivil_words(name):
    assert _problems(name=name) == {"name": ["团队名称含不文明字样"]}


def test_registration_problems_allow_five_representatives():
    assert _problems(representatives=[rep(f"Rep {i}", i) for i in range(5)]) == {}


def test_registration_problems_refuse_more_than_five_representatives():
    six = [rep(f"Rep {i}", i) for i in range(6)]

    assert _problems(representatives=six) == {"representatives": ["每队最多5名代表"]}


def test_registration_problems_refuse_a_representative_listed_twice():
    twice = [rep("Li Wei", 1), rep("Wang Fang", 2), rep("Li Wei", 3)]

    assert _problems(representatives=twice) == {"representatives": ["代表重复"]}


def test_registration_problems_list_both_representative_problems():
    seven = [rep("Li Wei")] * 7

    assert _problems(representatives=seven) == {
        "representatives": ["每队最多5名代表", "代表重复"],
        **{f"representatives.{i}": ["同一人重复填写"] for i in range(1, 7)}}


def test_registration_problems_refuse_an_unknown_track():
    assert _problems(track="blockchain") == {"track": [
        "未知赛题方向，请选择：quality, servitization, industrial-brain, supply-chain, green"]}


def test_registration_problems_report_every_field_at_once():
    problems = _problems(name="shit", uscc=HUAWEI[:17] + "7", track="blockchain")

    assert sorted(problems) == ["name", "track", "unit.uscc"]
    assert problems["unit.uscc"] == [WRONG_CHECK]


def test_next_version_starts_at_one_and_counts_up():
    assert (next_version(None), next_version(0), next_version(1), next_version(7)) == (1, 1, 2, 8)


@pytest.mark.parametrize("name", [
    "shit team", "SHIT", "ｓｈｉｔ队", "Ｓ Ｈ Ｉ Ｔ", "s.h.i.t", "s\u200bhit", "s-h_i*t",
    "他媽的队", "他 妈 的", "傻　逼", "傻屄", "f·u·c·k",
])
def test_uncivil_words_are_caught_through_width_case_spacing_punctuation_and_variants(name):
    assert has_uncivil_word(name)


@pytest.mark.parametrize("name", ["Blue Lantern", "shift", "他妈妈的家",
                                  "智能制造"])
def test_names_without_uncivil_words_pass(name):
    assert not has_uncivil_word(name)
