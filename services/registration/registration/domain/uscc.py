"""The unified social credit code (统一社会信用代码, GB 32100-2015): structure and check character.

18 characters: a registration authority (1), an organisation type under that authority (1), the
administrative division of the registering office (6, GB/T 2260), the organisation's own code (9)
and a check character, all from a 31-character alphabet (digits and capitals without I, O, S,
V, Z). The check character is computed here rather than by python-stdnum, which wants the first
eight characters to be digits and so refuses the codes of authorities lettered A, N and Y (its
answers agree with ours on every code it accepts: tests/test_registration_domain.py).
"""
import unicodedata

from registration.i18n import _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 32100-2015, table 1 (with its amendments): registration authority -> its organisation types.
# 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管 (工商),
# A 中央军委改革和编制办公室, N 农业, Y 其他.
ORGANISATION_TYPES = {
    "1": "1239", "2": "19", "3": "1234569", "4": "19", "5": "1239", "6": "129", "7": "129",
    "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}
# GB/T 2260's provinces (the first two digits of a division code); 10 is a national authority.
PROVINCES = frozenset({"10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
                       "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53",
                       "54", "61", "62", "63", "64", "65", "71", "81", "82"})


def normalise(code):
    """Upper case and half-width, without the spaces or dashes people type into long codes."""
    code = unicodedata.normalize("NFKC", code).upper()
    return "".join(c for c in code if c not in " -\t")


def check_character(first17):
    """The 18th character of a code whose first 17 are `first17`."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def division_code(code):
    """The administrative division code (GB/T 2260) a valid code carries: where it was registered."""
    return normalise(code)[2:8]


def uscc_problem(code):
    """Why `code` is not a valid USCC (in the caller's language), or None when it is."""
    found = uscc_refusal(code)
    return None if found is None else found[1]


def uscc_refusal(code):
    """(stable code, message) of what is wrong with `code`, or None when it is a valid USCC."""
    if not isinstance(code, str):
        return "uscc-length", _("A unified social credit code has 18 characters")
    code = normalise(code)
    if len(code) != 18:
        return "uscc-length", _("A unified social credit code has 18 characters")
    if any(c not in ALPHABET for c in code):
        return "uscc-alphabet", _("The unified social credit code contains characters it cannot have")
    authority, kind, division = code[0], code[1], code[2:8]
    if authority not in ORGANISATION_TYPES:
        return "uscc-authority", _("The unified social credit code names no registration authority "
                                   "(its first character)")
    if kind not in ORGANISATION_TYPES[authority]:
        return "uscc-organisation-type", _(
            "The unified social credit code names an organisation type its authority does not "
            "register (its second character)")
    if not division.isdigit() or division[:2] not in PROVINCES or (division[:2] == "10" and
                                                                   division != "100000"):
        return "uscc-division", _("The unified social credit code carries no administrative division code "
                                  "(characters 3 to 8)")
    if check_character(code[:17]) != code[17]:
        return "uscc-check", _("The check character of the unified social credit code does not match")
    return None
