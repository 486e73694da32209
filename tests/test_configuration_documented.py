"""Every key of every service's config.yml is documented in docs/configuration.md, and vice versa."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("registration", "review", "ranking", "notify", "gateway")


def config_keys(service):
    # The raw text is enough: only top-level keys matter, ${...} needs no expanding.
    text = (ROOT / "services" / service / "config.yml").read_text(encoding="utf-8")
    return set(yaml.safe_load(re.sub(r"\$\{[^}]*\}", "x", text)))


def documented_keys():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Za-z_]+)` \|", text, flags=re.MULTILINE))


def test_configuration_every_service_key_is_documented():
    keys = set().union(*(config_keys(s) for s in SERVICES))

    assert keys - documented_keys() == set()


def test_configuration_doc_lists_no_key_that_no_service_reads():
    keys = set().union(*(config_keys(s) for s in SERVICES))

    assert documented_keys() - keys == set()
