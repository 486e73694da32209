"""What a team is told, in which language, without broker or database."""
import pytest
from jinja2 import TemplateNotFound

from contest_contracts.events import (
    CATALOGUE,
    DUE_DILIGENCE_RECORDED,
    FINALIST_ADMITTED,
    MATERIALS_FROZEN,
    TEAM_DISQUALIFIED,
    TEAMS_ADVANCED,
)
from contest_contracts.i18n import pick_locale
from notify.domain.causes import CAUSES
from notify.messages import render

REGISTERED = {"team_name": "甬江智造", "contact_name": "李雷", "group": "leading"}
SUBMITTED = {"title": "注塑质量优化", "version": 2, "team_id": "t1"}
REVIEWED = {"title": "注塑质量优化", "score": "78.85", "sheet_count": 3}
RANKED = {"rank": 2, "ranked_count": 12, "score": "78.85", "group": "emerging"}


def test_render_is_in_chinese_by_default():
    assert render("team-registered", REGISTERED) == (
        "报名成功：甬江智造",
        "您好，李雷：\n团队“甬江智造”已报名成功，组别：领军组。请在截止日期前提交参赛项目。")


def test_render_is_in_english_on_request():
    assert render("team-registered", REGISTERED, "en") == (
        "Registration received: 甬江智造",
        "Dear 李雷,\nteam \"甬江智造\" is registered in the leading group. "
        "Please submit your project before the deadline.")


@pytest.mark.parametrize("locale", ["fr", "zh-TW", "zh", "", None])
def test_render_in_an_unknown_locale_falls_back_to_chinese(locale):
    assert render("submission-received", SUBMITTED, locale) == render("submission-received", SUBMITTED)


@pytest.mark.parametrize(("requested", "picked"), [("zh-CN", "zh-CN"), ("en", "en"), ("de", "zh-CN"),
                                                   (None, "zh-CN"), ("EN", "en"), ("en-US", "en"),
                                                   ("zh_CN", "zh-CN")])
def test_pick_locale_keeps_a_known_locale_and_defaults_to_chinese(requested, picked):
    assert pick_locale(requested) == picked


@pytest.mark.parametrize(("group", "locale", "name"), [
    ("leading", "zh-CN", "领军组"), ("emerging", "zh-CN", "新锐组"),
    ("leading", "en", "leading group"), ("emerging", "en", "emerging group")])
def test_render_names_the_group_in_the_locale(group, locale, name):
    _, body = render("ranking-updated", {**RANKED, "group": group}, locale)

    assert name in body


def test_render_names_an_unknown_group_as_it_is():
    _, body = render("team-registered", {**REGISTERED, "group": "junior"}, "en")

    assert "registered in the junior." in body


def test_render_a_submission_in_both_locales():
    assert (render("submission-received", SUBMITTED), render("submission-received", SUBMITTED, "en")) == (
        ("项目已提交：注塑质量优化（第2版）",
         "您的参赛项目“注塑质量优化”第2版已收到。截止前最后一次提交的版本将被评审。"),
        ("Project submitted: 注塑质量优化 (version 2)",
         "We received version 2 of \"注塑质量优化\". The last version submitted before the deadline is "
         "the one reviewed."))


def test_render_a_completed_review_in_both_locales():
    assert (render("review-completed", REVIEWED), render("review-completed", REVIEWED, "en")) == (
        ("评审完成：注塑质量优化", "您的参赛项目“注塑质量优化”已完成评审，得分 78.85（3 位专家评分）。"),
        ("Review completed: 注塑质量优化",
         "The review of \"注塑质量优化\" is complete: score 78.85 from 3 experts."))


def test_render_a_ranking_update_in_both_locales():
    assert (render("ranking-updated", RANKED), render("ranking-updated", RANKED, "en")) == (
        ("排名更新：第 2 名", "您的项目在本赛站新锐组中当前排名第 2 名（共 12 个项目），得分 78.85。"),
        ("Ranking updated: place 2",
         "Your project is now placed 2 of 12 in the station's emerging group, with a score of 78.85."))


FROZEN = MATERIALS_FROZEN.example


def test_render_a_materials_freeze_in_both_locales():
    assert (render("materials-frozen", FROZEN), render("materials-frozen", FROZEN, "en")) == (
        ("赛站阶段材料已锁定", "赛站阶段的截止时间 2023-11-10 23:59（北京时间）已过。"
         "您在此之前确认的 1 个文件（每类取最新版本）即为本阶段评审所用材料。此后上传的文件属于下一阶段。"),
        ("Materials frozen for the station stage",
         "The station stage's cut-off passed at 2023-11-10 23:59 (Beijing time). The 1 file(s) you had "
         "confirmed by then, the newest of each kind, are the ones judged at this stage. Files you upload "
         "from now on belong to the next stage."))


def test_render_a_disqualification_and_both_outcomes_of_due_diligence():
    failed = {**DUE_DILIGENCE_RECORDED.example, "passed": False, "reason": "营业执照已吊销"}

    cases = (("team-disqualified", TEAM_DISQUALIFIED.example),
             ("due-diligence-recorded", DUE_DILIGENCE_RECORDED.example), ("due-diligence-recorded", failed))

    assert [render(cause, params)[0] for cause, params in cases] == [
        "参赛资格已取消：甬江智造", "尽职调查通过：甬江智造", "尽职调查未通过：甬江智造"]
    assert render("due-diligence-recorded", failed, "en")[1] == (
        'The national committee\'s due diligence on team "甬江智造" found: 营业执照已吊销. '
        "The team is removed from the final.")


SAMPLES = {"team-registered": REGISTERED, "submission-received": SUBMITTED, "review-completed": REVIEWED,
           "ranking-updated": RANKED, "materials-frozen": FROZEN,
           "team-disqualified": TEAM_DISQUALIFIED.example,
           "due-diligence-recorded": DUE_DILIGENCE_RECORDED.example,
           "teams-advanced": {**TEAMS_ADVANCED.example, **TEAMS_ADVANCED.example["teams"][0]},
           "finalist-admitted": FINALIST_ADMITTED.example}


def test_every_event_notify_consumes_has_a_template_in_both_locales():
    consumed = {c.type for c in CATALOGUE.values() if "notify" in c.consumers}

    rendered = {cause: (render(cause, SAMPLES[cause], "zh-CN"), render(cause, SAMPLES[cause], "en"))
                for cause in CAUSES}

    assert set(CAUSES) == consumed
    assert {cause: zh[0] != en[0] and zh[1] != en[1] and all(zh + en)
            for cause, (zh, en) in rendered.items()} == dict.fromkeys(consumed, True)


def test_render_of_a_cause_without_a_template_is_refused():
    with pytest.raises(TemplateNotFound):
        render("award-granted", {})
