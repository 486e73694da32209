"""The unified social credit code (统一社会信用代码, GB 32100-2015), checked by python-stdnum.

18 characters from a 31-character alphabet (no I, O, S, V, Z); the last is a check
character computed from the first 17.
"""
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength

from registration.i18n import _


def normalise(code):
    """Upper case, without the spaces or dashes people type into long codes."""
    return uscc.compact(code)


def uscc_problem(code):
    """Why `code` is not a valid USCC (in the caller's language), or None when it is."""
    if not isinstance(code, str):
        return _("A unified social credit code has 18 characters")
    try:
        uscc.validate(code)
    except InvalidLength:
        return _("A unified social credit code has 18 characters")
    except InvalidChecksum:
        return _("The check character of the unified social credit code does not match")
    except Exception:  # InvalidFormat, or a value that is no text at all
        return _("The unified social credit code contains characters it cannot have")
    return None
