"""Notify's words to teams (zh-CN by default; msgids are English)."""
from contest_contracts.i18n import Catalogue

catalogue = Catalogue("notify")
_ = catalogue.gettext
