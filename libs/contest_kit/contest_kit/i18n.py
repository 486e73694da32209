"""The kit's own words to users: the refusals every service shares (zh-CN by default)."""
from contest_contracts.i18n import Catalogue

catalogue = Catalogue("contest_kit")
