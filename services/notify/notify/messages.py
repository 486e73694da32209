"""What a team is told: Jinja2 templates (templates/<cause>.txt) with gettext catalogues.

Messages are stored as (cause, params) and rendered when read or mailed, so a contact who
switches language sees every message in the new one. Chinese unless asked otherwise.
"""
from jinja2 import Environment, PackageLoader, StrictUndefined

from contest_contracts.fields import N_
from contest_contracts.i18n import use_locale
from notify.i18n import catalogue

GROUP_NAMES = {"leading": N_("leading group"), "emerging": N_("emerging group")}
STAGE_NAMES = {"local": N_("station stage"), "semi-final": N_("semi-final"), "final": N_("final")}

_env = Environment(loader=PackageLoader("notify", "templates"), extensions=["jinja2.ext.i18n"],
                   undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_env.install_gettext_callables(gettext=lambda message: catalogue.gettext(message),
                               ngettext=lambda one, many, n: catalogue.gettext(one if n == 1 else many),
                               newstyle=True)


def render(cause, params, locale=None):
    """(subject, body) of a message in `locale`; raises TemplateNotFound for a cause without one."""
    template = _env.get_template(f"{cause}.txt")
    with use_locale(locale):
        values = dict(params)
        if "group" in values:
            name = GROUP_NAMES.get(values["group"])
            values["group_name"] = catalogue.gettext(name) if name else values["group"]
        if "stage" in values:
            name = STAGE_NAMES.get(values["stage"])
            values["stage_name"] = catalogue.gettext(name) if name else values["stage"]
        if "cutoff" in values:  # ISO 8601 in Beijing time, as registration sends it
            values["cutoff_text"] = values["cutoff"][:16].replace("T", " ")
        context = template.new_context(values)
        subject = "".join(template.blocks["subject"](context)).strip()
        body = "".join(template.blocks["body"](context)).strip()
    return subject, body
