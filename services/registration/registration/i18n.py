"""Registration's words to teams and staff (zh-CN by default; msgids are English)."""
from contest_contracts.i18n import Catalogue

catalogue = Catalogue("registration")
_ = catalogue.gettext
