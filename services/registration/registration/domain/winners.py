"""Projects that won in an earlier edition (001: a project that won a 1st, 2nd or 3rd prize in an
earlier edition may not enter).

A project is known by its unit's credit code and its title, the title compared as the uncivil-word
check compares a name (full-width as half-width, any case, without spaces or punctuation), so that
"工业 大脑！" is "工业大脑". A winner that changed its title passes this check; the committee's
disqualification is the remedy then.
"""
from registration.domain.teams import comparable
from registration.domain.uscc import normalise
from registration.i18n import _

PRIZE_NAMES = {"first": lambda: _("1st prize"), "second": lambda: _("2nd prize"),
               "third": lambda: _("3rd prize")}


def title_key(title):
    return comparable(title)[:200]


def prior_win(wins, *, uscc, title, year):
    """(code, message) when the project `title` of the unit `uscc` is among `wins` (rows with uscc,
    title_key, year and prize) in an edition before `year`, else None."""
    uscc, key = normalise(uscc), title_key(title)
    for win in sorted(wins, key=lambda w: w.year):
        if win.uscc == uscc and win.title_key == key and win.year < year:
            return "prior-winner", _(
                "This project won a {prize} in the {year} edition and may not enter again",
                prize=PRIZE_NAMES[win.prize](), year=win.year)
    return None
