"""The gateway's words to users: pages and the refusals only it makes (zh-CN by default)."""
from contest_contracts.i18n import Catalogue

catalogue = Catalogue("gateway")
_ = catalogue.gettext
