"""The web pages: Chinese by default, English with ?lang=en."""
from html import escape

from werkzeug.wrappers import Response

TEXT = {
    "zh-CN": {"title": "中国工业互联网大赛 · 赛事平台", "stations": "赛站与组委会",
              "api": "接口文档 (OpenAPI)", "switch": "English", "switch_lang": "en",
              "intro": "各赛站独立组织地方赛，组委会汇总晋级名单、组织总决赛并公示结果。"},
    "en": {"title": "China Industrial Internet Contest · Platform", "stations": "Stations and committee",
           "api": "API reference (OpenAPI)", "switch": "中文", "switch_lang": "zh-CN",
           "intro": "Each station runs its local contest; the committee gathers finalists, runs the final "
                    "and publishes the results."},
}


def locale_of(request):
    lang = request.args.get("lang")
    if lang in TEXT:
        return lang
    accepted = request.accept_languages.best_match(["zh-CN", "zh", "en"], default="zh-CN")
    return "en" if accepted == "en" else "zh-CN"


def home(request, tenants):
    lang = request.args.get("lang") if request.args.get("lang") in TEXT else "zh-CN"
    t = TEXT[lang]
    rows = "".join(
        f"<li><code>{escape(x.code)}</code> {escape(x.name_zh if lang == 'zh-CN' else x.name_en)}</li>"
        for x in tenants)
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t['title']}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 48rem; margin: 2rem auto">
<h1>{t['title']}</h1><p>{t['intro']}</p>
<h2>{t['stations']}</h2><ul id="tenants">{rows}</ul>
<p><a href="/api/openapi.json">{t['api']}</a> · <a href="/?lang={t['switch_lang']}">{t['switch']}</a></p>
</body></html>"""
    return Response(html, status=200, content_type="text/html; charset=utf-8")
