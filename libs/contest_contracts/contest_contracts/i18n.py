"""What users read, in Chinese by default and in English on request (gettext catalogues).

Source strings (msgids) are English. Every package that speaks to users keeps its
Chinese in `<package>/locale/zh_CN/LC_MESSAGES/messages.po`, read with Babel when first
needed: no compiled `.mo` files to build or commit. English needs no catalogue.

The language of the request at hand travels like the correlation id: the gateway puts it
in the nameko call context, the kit's CallContext sets it for the worker, and
`Catalogue.gettext` reads it. Code that renders for someone else (a mail to a team) passes
the locale explicitly.

Placeholders in Python messages use str.format names: `_("at most {count} files", count=5)`.
"""
import io
import threading
from contextlib import contextmanager
from importlib.resources import files

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from contest_contracts.vocabulary import DEFAULT_LOCALE, LOCALES

_current = threading.local()  # green-thread local once eventlet has patched threading


def pick_locale(requested):
    """The supported locale closest to `requested` ('zh', 'zh_CN', 'en-US' ...), else the default."""
    if not requested:
        return DEFAULT_LOCALE
    text = str(requested).replace("_", "-").lower()
    for locale in LOCALES:
        if text == locale.lower() or text.split("-")[0] == locale.split("-")[0].lower():
            return locale
    return DEFAULT_LOCALE


def current_locale():
    return getattr(_current, "locale", None) or DEFAULT_LOCALE


def set_locale(locale):
    _current.locale = None if locale is None else pick_locale(locale)


@contextmanager
def use_locale(locale):
    before = getattr(_current, "locale", None)
    set_locale(locale)
    try:
        yield pick_locale(locale)
    finally:
        _current.locale = before


class Catalogue:
    """One package's messages; `gettext` translates into the current (or a given) locale."""

    def __init__(self, package):
        self.package = package
        self._loaded = {}

    def po_path(self, locale="zh-CN"):
        return files(self.package) / "locale" / locale.replace("-", "_") / "LC_MESSAGES" / "messages.po"

    def translations(self, locale=None):
        locale = pick_locale(locale or current_locale())
        if locale not in self._loaded:
            self._loaded[locale] = self._load(locale)
        return self._loaded[locale]

    def _load(self, locale):
        path = self.po_path(locale)
        if locale == "en" or not path.is_file():
            return NullTranslations()
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale.replace("-", "_"))
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(compiled)

    def gettext(self, message, locale=None, **params):
        text = self.translations(locale).gettext(message)
        return text.format(**params) if params else text

    def lazy(self, message):
        """A message translated when it is formatted or shown (marshmallow formats at validation)."""
        return LazyText(self, message)


class LazyText:
    """Stands for a msgid until used: `format()` and `str()` translate in the locale of that moment."""

    def __init__(self, catalogue, message):
        self.catalogue = catalogue
        self.message = message

    def format(self, *args, **kwargs):
        return self.catalogue.gettext(self.message).format(*args, **kwargs)

    def __str__(self):
        return self.catalogue.gettext(self.message)

    def __repr__(self):
        return f"LazyText({self.message!r})"

    def __eq__(self, other):
        return isinstance(other, LazyText) and other.message == self.message

    def __hash__(self):
        return hash(self.message)


catalogue = Catalogue("contest_contracts")
_ = catalogue.gettext
