"""Each service's settings: one typed, validated object, every key with its default and meaning.

`config.yml` says which environment variable feeds which key (`${VAR:default}`, nameko's
loader); the settings class says what type each key has, what it defaults to and what it
means. `Settings.from_config` reads a config dict, casts every value, and refuses the
whole of it at start with one message per bad key, instead of a service failing later
where a value is used. docs/configuration.md lists every key; a test keeps them equal.
"""
import dataclasses
from dataclasses import dataclass, field

import yaml
from nameko.cli.main import setup_yaml_parser
from nameko.extensions import DependencyProvider

setup_yaml_parser()

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """Some keys hold values their setting cannot take; the message names each."""


def parse_bool(value):
    """The one boolean parser: true/false, yes/no, on/off, 1/0 in any case; anything else is refused."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"{value!r} is not a boolean (use true or false)")


def setting(default, doc, *, key=None, env=None, choices=None, minimum=None):
    """A settings field: its default, what it means, and optionally its config key (default:
    the field's name in upper case), environment variable (default: the key), choices, minimum."""
    return field(default=default, metadata={"doc": doc, "key": key, "env": env, "choices": choices,
                                            "minimum": minimum})


def load_config(path):
    """A config.yml, with `${VAR:default}` taken from the environment as nameko does."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@dataclass(frozen=True)
class Settings:
    """What every service reads. A service subclasses it and adds its own keys."""

    amqp_uri: str = setting("pyamqp://guest:guest@127.0.0.1:5672/", "the RabbitMQ broker (and vhost)")
    web_server_address: str = setting(
        "127.0.0.1:8000", "where `/health`, `/metrics` (and the gateway's API) listen: gateway 8000, "
        "registration 8001, review 8002, ranking 8003, notify 8004")
    db_url: str = setting("sqlite:///var/service.db", "the service's own database: SQLite or "
                          "`postgresql+psycopg2://…`", env="<SERVICE>_DB_URL")
    db_auto_migrate: bool = setting(True, "`python -m contest_kit.serve` applies the service's migrations "
                                    "before starting it (Kubernetes runs them in an init container)")
    outbox_relay: bool = setting(True, "publish the outbox from this process; `false` when "
                                 "`python -m contest_kit.relay` does it")
    max_workers: int = setting(10, "nameko's concurrent workers per process", key="max_workers",
                               env="MAX_WORKERS", minimum=1)
    log_level: str = setting("INFO", "the root log level; every line carries `[correlation id]`",
                             choices=LOG_LEVELS)
    consumer_prefetch: int = setting(100, "events a service's consumers may hold unacknowledged: the "
                                     "most a batch of events can take", minimum=1)

    @classmethod
    def described(cls):
        """(field, config key, environment variable, default, doc) of every setting, in order."""
        for f in dataclasses.fields(cls):
            key = f.metadata.get("key") or f.name.upper()
            yield f, key, f.metadata.get("env") or key, f.default, f.metadata.get("doc", "")

    @classmethod
    def from_config(cls, config):
        values, problems = {}, []
        for f, key, _env, _default, _doc in cls.described():
            if key not in config or config[key] is None:
                continue
            try:
                values[f.name] = _cast(f, config[key])
            except ValueError as exc:
                problems.append(f"{key}: {exc}")
        if problems:
            raise SettingsError("invalid settings: " + "; ".join(problems))
        return cls(**values)


def _cast(f, raw):
    kind = f.type if isinstance(f.type, type) else {"str": str, "int": int, "float": float,
                                                    "bool": bool}[str(f.type)]
    if kind is bool:
        value = parse_bool(raw)
    elif kind is int:
        try:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            value = int(str(raw).strip()) if isinstance(raw, str) else int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{raw!r} is not a whole number") from None
    elif kind is float:
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{raw!r} is not a number") from None
    else:
        value = str(raw)
    choices, minimum = f.metadata.get("choices"), f.metadata.get("minimum")
    if choices is not None and value not in choices:
        raise ValueError(f"{raw!r} is not one of {', '.join(map(str, choices))}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{raw!r} is below {minimum}")
    return value


class SettingsProvider(DependencyProvider):
    """`settings = SettingsProvider(RegistrationSettings)`: parsed once when the container starts."""

    def __init__(self, settings_class):
        self.settings_class = settings_class
        self.settings = None

    def setup(self):
        self.settings = self.settings_class.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.settings
