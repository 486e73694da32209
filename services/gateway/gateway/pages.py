"""The web pages (Jinja2 templates in templates/): Chinese by default, English with ?lang=en.

Unlike the API, pages do not follow Accept-Language: a national platform's pages open in
Chinese whatever the browser says, and offer English as a link.
"""
from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.wrappers import Response

from contest_contracts.i18n import use_locale
from contest_contracts.vocabulary import DEFAULT_LOCALE, LOCALES
from gateway.i18n import catalogue

_env = Environment(loader=PackageLoader("gateway", "templates"), autoescape=select_autoescape(["html"]),
                   extensions=["jinja2.ext.i18n"])
_env.install_gettext_callables(gettext=lambda message: catalogue.gettext(message),
                               ngettext=lambda one, many, n: catalogue.gettext(one if n == 1 else many),
                               newstyle=True)


def render(name, request, **values):
    locale = request.args.get("lang") if request.args.get("lang") in LOCALES else DEFAULT_LOCALE
    with use_locale(locale):
        html = _env.get_template(name).render(lang=locale, other="en" if locale == "zh-CN" else "zh-CN",
                                              **values)
    return Response(html, status=200, content_type="text/html; charset=utf-8")


def home(request, tenants):
    return render("home.html", request, tenants=tenants)
