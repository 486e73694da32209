"""Every setting of every service is in docs/configuration.md and in its config.yml, and they agree.

The settings class is the source: its key, environment variable and default. The doc lists
each key once under "Every service" or under the service that overrides or adds it; the
config.yml feeds each key from its environment variable with the settings default.
"""
import re
from pathlib import Path

import pytest
import yaml

from contest_kit.serve import service_class, settings_class
from contest_kit.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("registration", "review", "ranking", "notify", "gateway")
ROW = re.compile(r"^\| `([A-Za-z_]+)` \| `([^`]+)` \| `([^`]*)` \| (.+) \|$")


def _text(value):
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def documented():
    """section -> {key: (environment variable, default)}, from docs/configuration.md."""
    sections, current = {}, None
    for line in (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = {}
        elif (match := ROW.match(line)) and current is not None:
            sections[current][match.group(1)] = (match.group(2), match.group(3))
    return sections


def expected(service):
    """What the doc must say of `service`'s settings: what its class declares in its own section,
    what it inherits under "Every service"."""
    inherited = {f.name: f for f, *_rest in Settings.described()}
    base = {key: (env, _text(default)) for _f, key, env, default, _doc in Settings.described()}
    own = {key: (env.replace("<SERVICE>", service.upper()), _text(default))
           for f, key, env, default, _doc in settings_class(service_class(service)).described()
           if inherited.get(f.name) is not f}
    return base, own


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_of_a_service_is_documented_as_its_settings_class_says(service):
    base, own = expected(service)
    doc = documented()

    assert doc["Every service"] == base
    assert doc[service] == own


def test_the_doc_has_a_section_for_every_service_and_nothing_else():
    assert set(documented()) == {"Every service", *SERVICES}


@pytest.mark.parametrize("service", SERVICES)
def test_config_yml_feeds_every_setting_from_its_variable_with_the_settings_default(service):
    text = (ROOT / "services" / service / "config.yml").read_text(encoding="utf-8")
    config = {key: re.fullmatch(r"\$\{([A-Z_]+):(.*)\}", str(value)).groups()
              for key, value in yaml.safe_load(re.sub(r"(\$\{[^}]*\})", r"'\1'", text)).items()}

    settings = settings_class(service_class(service))
    assert config == {key: (env.replace("<SERVICE>", service.upper()), _text(default))
                      for _f, key, env, default, _doc in settings.described()}
