"""Review's words to experts and staff (zh-CN by default; msgids are English)."""
from contest_contracts.i18n import Catalogue

catalogue = Catalogue("review")
_ = catalogue.gettext
