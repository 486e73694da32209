"""Keep every package's message catalogue in step with its code (a developers' tool).

    python -m contest_contracts.catalogues update   # add new msgids to each zh_CN .po, drop gone ones
    python -m contest_contracts.catalogues check    # what the test suite runs: nothing untranslated

Messages are found by Babel's extractors: `_("...")` and `N_("...")` in Python, `{% trans %}`
and `_()` in Jinja2 templates. Translations are written by hand into the `.po` files.
"""
import argparse
import sys
from importlib.util import find_spec
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

PACKAGES = ("contest_contracts", "contest_kit", "registration", "review", "ranking", "notify", "gateway")
METHODS = [("**/migrations/**", "ignore"), ("**.py", "python"), ("**/templates/**", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "N_": None, "gettext": None}


def package_dir(package):
    spec = find_spec(package)
    return Path(list(spec.submodule_search_locations)[0])


def po_path(package, locale="zh_CN"):
    return package_dir(package) / "locale" / locale / "LC_MESSAGES" / "messages.po"


def extracted(package):
    """msgid -> [(file, line)] of every message the package's code and templates use."""
    found = {}
    directory = package_dir(package)
    options = {"**/templates/**": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            directory, METHODS, options_map=options, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append((filename, lineno))
    return found


def read(package):
    path = po_path(package)
    if not path.is_file():
        return Catalog(locale="zh_CN", domain="messages")
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN")


def update(package):
    """Write the package's .po: the messages the code uses, translations kept. Returns (new, gone)."""
    current, used = read(package), extracted(package)
    catalog = Catalog(locale="zh_CN", domain="messages", project=package, charset="utf-8")
    for msgid, places in sorted(used.items()):
        old = current.get(msgid)
        catalog.add(msgid, old.string if old is not None else "", locations=places)
    new = [m for m in used if current.get(m) is None or not current.get(m).string]
    gone = [m.id for m in current if m.id and m.id not in used]
    path = po_path(package)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=110, omit_header=False, sort_output=True)
    return new, gone


def problems(package):
    """What stands between the package's code and its catalogue: untranslated or stale messages."""
    current, used = read(package), extracted(package)
    missing = sorted(m for m in used if current.get(m) is None or not current.get(m).string)
    stale = sorted(m.id for m in current if m.id and m.id not in used)
    return ([f"{package}: untranslated: {m!r}" for m in missing]
            + [f"{package}: in the catalogue, used nowhere: {m!r}" for m in stale])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m contest_contracts.catalogues")
    parser.add_argument("action", choices=("update", "check"))
    args = parser.parse_args(argv)
    if args.action == "update":
        for package in PACKAGES:
            new, gone = update(package)
            print(f"{package}: {len(new)} to translate, {len(gone)} dropped")
            for msgid in new:
                print(f"  + {msgid}")
        return 0
    found = [line for package in PACKAGES for line in problems(package)]
    print("\n".join(found) or "every message is translated")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
