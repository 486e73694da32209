"""Who a person is, for the rule that a person belongs to one team in the whole edition (001).

People are recognised by a phone number or an e-mail address, normalised so that one person
typing theirs two ways is still one person, and kept only as a keyed hash (HMAC-SHA256 with the
service's secret): the claims table shows that someone is in a team, not who.
"""
import hashlib
import hmac
import re
import unicodedata

from registration.domain.refusals import Refusals
from registration.i18n import _

MOBILE = re.compile(r"^1[3-9]\d{9}$")  # a mainland mobile number, as the notices ask for


def normal_phone(phone):
    """Digits only, without a +86 / 0086 country prefix: "+86 138-0013-8000" -> "13800138000"."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", phone) if c.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix):]
    return digits


def normal_email(email):
    """Half-width, trimmed, one case. (Dots and +tags are kept: what they mean is the provider's.)"""
    return unicodedata.normalize("NFKC", email).strip().casefold()


def identities(people):
    """[(field, identity)] of a team's people: each one's phone and e-mail, normalised; an identity
    given twice (the contact is also a representative) counted once."""
    found, seen = [], set()
    for field, person in people:
        if person.get("phone"):
            found.append((f"{field}.phone", "phone:" + normal_phone(person["phone"])))
        if person.get("email"):
            found.append((f"{field}.email", "email:" + normal_email(person["email"])))
    return [(field, identity) for field, identity in found
            if not (identity in seen or seen.add(identity))]


def people_refusals(people):
    """Refusals of the representatives a team lists: `people` is [(field, {name, phone?, email?})].
    (The contact person may be one of them: the contact is not passed here.)"""
    refusals = Refusals()
    for field, person in people:
        if not person.get("phone") and not person.get("email"):
            refusals.add(field, "person-unidentified",
                         _("Give the representative's mobile number or e-mail address"))
        if person.get("phone") and not MOBILE.match(normal_phone(person["phone"])):
            refusals.add(f"{field}.phone", "phone-invalid", _("Not a mainland mobile number"))
    seen = set()
    for index, person in enumerate(people):
        mine = {identity for _field, identity in identities([people[index]])}
        if mine & seen:
            refusals.add(person[0], "person-twice", _("The same person is listed twice"))
        seen |= mine
    return refusals


def person_key(secret, identity):
    """The keyed hash an identity is kept as."""
    return hmac.new(secret.encode(), identity.encode(), hashlib.sha256).hexdigest()
