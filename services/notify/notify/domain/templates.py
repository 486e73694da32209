"""What a team is told, in Chinese by default and in English on request.

Messages are stored as (cause, params) and rendered when read or mailed, so a
contact who switches language sees every message in the new one.
"""
DEFAULT_LOCALE = "zh-CN"
GROUP_NAMES = {"zh-CN": {"leading": "领军组", "emerging": "新锐组"},
               "en": {"leading": "leading group", "emerging": "emerging group"}}

TEMPLATES = {
    "team-registered": {
        "zh-CN": ("报名成功：{team_name}",
                  "您好，{contact_name}：\n团队“{team_name}”已报名成功，组别：{group_name}。"
                  "请在截止日期前提交参赛项目。"),
        "en": ("Registration received: {team_name}",
               "Dear {contact_name},\nteam \"{team_name}\" is registered in the {group_name}. "
               "Please submit your project before the deadline."),
    },
    "submission-received": {
        "zh-CN": ("项目已提交：{title}（第{version}版）",
                  "您的参赛项目“{title}”第{version}版已收到。截止前最后一次提交的版本将被评审。"),
        "en": ("Project submitted: {title} (version {version})",
               "We received version {version} of \"{title}\". The last version submitted before "
               "the deadline is the one reviewed."),
    },
    "review-completed": {
        "zh-CN": ("评审完成：{title}",
                  "您的参赛项目“{title}”已完成评审，得分 {score}（{sheet_count} 位专家评分）。"),
        "en": ("Review completed: {title}",
               "The review of \"{title}\" is complete: score {score} from {sheet_count} experts."),
    },
    "ranking-updated": {
        "zh-CN": ("排名更新：第 {rank} 名",
                  "您的项目在本赛站{group_name}中当前排名第 {rank} 名（共 {ranked_count} 个项目），"
                  "得分 {score}。"),
        "en": ("Ranking updated: place {rank}",
               "Your project is now placed {rank} of {ranked_count} in the station's {group_name}, "
               "with a score of {score}."),
    },
}
CAUSES = tuple(TEMPLATES)


def pick_locale(requested):
    return requested if requested in ("zh-CN", "en") else DEFAULT_LOCALE


def render(cause, params, locale=DEFAULT_LOCALE):
    """(subject, body) of a message; raises KeyError for a cause without a template."""
    locale = pick_locale(locale)
    subject, body = TEMPLATES[cause][locale]
    values = dict(params)
    if "group" in values:
        values["group_name"] = GROUP_NAMES[locale].get(values["group"], values["group"])
    return subject.format(**values), body.format(**values)
