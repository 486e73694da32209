"""Ranking's words to staff and the committee (zh-CN by default; msgids are English)."""
from contest_contracts.i18n import Catalogue

catalogue = Catalogue("ranking")
_ = catalogue.gettext
