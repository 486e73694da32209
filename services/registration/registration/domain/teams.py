"""Rules for registering a team and submitting its project (001)."""
import unicodedata

from contest_contracts.vocabulary import TRACKS
from registration.domain.groups import LeadingThresholds, decide
from registration.domain.people import people_refusals
from registration.domain.refusals import Refusals
from registration.domain.uscc import uscc_refusal
from registration.i18n import _

MAX_REPRESENTATIVES = 5
# Words a team name may not carry (不文明字样). A station extends the list in config.
UNCIVIL_WORDS = ("傻逼", "操你", "他妈的", "fuck", "shit")
# Traditional forms of the characters of the list above, read as their simplified ones. (A whole
# traditional-to-simplified table, such as OpenCC's, is not in the stack; a station that adds
# words adds their variants here.)
VARIANTS = str.maketrans({"媽": "妈", "屄": "逼"})


def comparable(text):
    """`text` as the uncivil-word check reads it: full-width as half-width (NFKC), any case as
    lower, traditional variants as simplified, and without what people slip between the
    characters of a word to get it through (spaces, punctuation, symbols, invisible characters)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(VARIANTS)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def has_uncivil_word(name, words=UNCIVIL_WORDS):
    seen = comparable(name)
    return any(comparable(word) in seen for word in words)


def registration_problems(*, team_name, uscc, track, representatives, uncivil_words=UNCIVIL_WORDS,
                          tracks=TRACKS, max_representatives=MAX_REPRESENTATIVES):
    """Field -> messages for everything wrong with a registration (empty when fine)."""
    return registration_refusals(team_name=team_name, uscc=uscc, track=track, representatives=representatives,
                                 uncivil_words=uncivil_words, tracks=tracks,
                                 max_representatives=max_representatives).messages()


def registration_refusals(*, team_name, uscc, track, representatives, uncivil_words=UNCIVIL_WORDS,
                          tracks=TRACKS, max_representatives=MAX_REPRESENTATIVES):
    """Everything wrong with a registration by the rules that need nothing stored (Refusals)."""
    refusals = Refusals()
    if has_uncivil_word(team_name, uncivil_words):
        refusals.add("name", "uncivil-name", _("The team name contains uncivil words"))
    if (found := uscc_refusal(uscc)) is not None:
        refusals.add("unit.uscc", *found)
    if track not in tracks:
        refusals.add("track", "unknown-track",
                     _("Unknown track; choose one of: {tracks}", tracks=", ".join(tracks)))
    if len(representatives) > max_representatives:
        refusals.add("representatives", "too-many-representatives",
                     _("At most {count} representatives per team", count=max_representatives))
    names = [r["name"] for r in representatives]
    if len(set(names)) != len(names):
        refusals.add("representatives", "representative-twice", _("A representative is listed twice"))
    refusals.extend(people_refusals([(f"representatives.{i}", r) for i, r in enumerate(representatives)]))
    return refusals


def group_for(unit, thresholds=LeadingThresholds()):
    """(group, basis) of a unit, by the edition's thresholds."""
    return decide(unit_kind=unit["kind"], staff=unit["staff"], revenue_cny=unit["revenue_cny"],
                  central_soe=unit["central_soe"], thresholds=thresholds)


def next_version(current):
    """Teams iterate their materials; the last version before a cut-off is judged."""
    return (current or 0) + 1
