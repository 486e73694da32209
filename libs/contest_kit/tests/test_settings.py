from contest_kit.settings import load_config

CONFIG = """\
AMQP_URI: ${CONTEST_TEST_AMQP_URI:pyamqp://guest:guest@localhost}
DB_URL: ${CONTEST_TEST_DB_URL:sqlite:///var/registration.db}
OUTBOX_RELAY: ${CONTEST_TEST_OUTBOX_RELAY:true}
max_workers: ${CONTEST_TEST_MAX_WORKERS:10}
plain: value
"""


def test_load_config_takes_environment_variables_when_set(tmp_path, monkeypatch):
    path = tmp_path / "config.yml"
    path.write_text(CONFIG)
    monkeypatch.setenv("CONTEST_TEST_AMQP_URI", "pyamqp://u:p@rabbit:5672/contest")
    monkeypatch.setenv("CONTEST_TEST_OUTBOX_RELAY", "false")
    monkeypatch.setenv("CONTEST_TEST_MAX_WORKERS", "4")
    monkeypatch.delenv("CONTEST_TEST_DB_URL", raising=False)

    config = load_config(path)

    assert config == {"AMQP_URI": "pyamqp://u:p@rabbit:5672/contest",
                      "DB_URL": "sqlite:///var/registration.db", "OUTBOX_RELAY": False,
                      "max_workers": 4, "plain": "value"}


def test_load_config_takes_defaults_when_variables_are_unset(tmp_path, monkeypatch):
    path = tmp_path / "config.yml"
    path.write_text(CONFIG)
    for name in ("AMQP_URI", "DB_URL", "OUTBOX_RELAY", "MAX_WORKERS"):
        monkeypatch.delenv(f"CONTEST_TEST_{name}", raising=False)

    config = load_config(path)

    assert config == {"AMQP_URI": "pyamqp://guest:guest@localhost", "DB_URL": "sqlite:///var/registration.db",
                      "OUTBOX_RELAY": True, "max_workers": 10, "plain": "value"}


def test_load_config_of_an_empty_file_is_an_empty_dict(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text("")

    assert load_config(path) == {}


# -- the settings object ---------------------------------------------------------------------

import dataclasses  # noqa: E402

import pytest  # noqa: E402

from contest_kit.settings import Settings, SettingsError, parse_bool, setting  # noqa: E402


@dataclasses.dataclass(frozen=True)
class MailSettings(Settings):
    smtp_port: int = setting(8025, "the port", minimum=1)
    rpc_timeout: float = setting(30.0, "seconds")
    mail_from: str = setting("noreply@contest.local", "the sender")
    backend: str = setting("local", "where", choices=("local", "minio"))


@pytest.mark.parametrize(("spelling", "value"), [
    (True, True), (False, False), ("true", True), ("True", True), ("TRUE", True), ("false", False),
    ("False", False), ("yes", True), ("no", False), ("on", True), ("off", False), ("On", True),
    ("OFF", False), ("1", True), ("0", False), (1, True), (0, False), (" true ", True)])
def test_parse_bool_reads_every_spelling_of_true_and_false(spelling, value):
    assert parse_bool(spelling) is value


@pytest.mark.parametrize("spelling", ["", "2", "enabled", "truthy", "nope", None, 3])
def test_parse_bool_refuses_what_is_neither(spelling):
    with pytest.raises(ValueError):
        parse_bool(spelling)


def test_settings_take_their_defaults_for_keys_the_config_leaves_out():
    settings = MailSettings.from_config({})

    assert (settings.smtp_port, settings.outbox_relay, settings.max_workers, settings.backend) == (
        8025, True, 10, "local")


def test_settings_cast_config_values_to_their_types():
    settings = MailSettings.from_config({"SMTP_PORT": "2525", "RPC_TIMEOUT": "1.5", "OUTBOX_RELAY": "off",
                                         "max_workers": 4, "MAIL_FROM": 42})

    assert (settings.smtp_port, settings.rpc_timeout, settings.outbox_relay, settings.max_workers,
            settings.mail_from) == (2525, 1.5, False, 4, "42")


def test_settings_refuse_every_bad_value_at_once_naming_each_key():
    with pytest.raises(SettingsError) as refused:
        MailSettings.from_config({"SMTP_PORT": "many", "OUTBOX_RELAY": "sometimes", "max_workers": 0,
                                  "BACKEND": "s3", "LOG_LEVEL": "LOUD"})

    assert str(refused.value) == (
        "invalid settings: OUTBOX_RELAY: 'sometimes' is not a boolean (use true or false); "
        "max_workers: 0 is below 1; LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO, WARNING, ERROR; "
        "SMTP_PORT: 'many' is not a whole number; BACKEND: 's3' is not one of local, minio")


def test_settings_describe_every_key_with_its_environment_variable_default_and_meaning():
    described = {key: (env, default) for _f, key, env, default, _doc in MailSettings.described()}

    assert described == {
        "AMQP_URI": ("AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/"),
        "WEB_SERVER_ADDRESS": ("WEB_SERVER_ADDRESS", "127.0.0.1:8000"),
        "DB_URL": ("<SERVICE>_DB_URL", "sqlite:///var/service.db"),
        "DB_AUTO_MIGRATE": ("DB_AUTO_MIGRATE", True), "OUTBOX_RELAY": ("OUTBOX_RELAY", True),
        "max_workers": ("MAX_WORKERS", 10), "LOG_LEVEL": ("LOG_LEVEL", "INFO"),
        "SMTP_PORT": ("SMTP_PORT", 8025),
        "CONSUMER_PREFETCH": ("CONSUMER_PREFETCH", 100), "RPC_TIMEOUT": ("RPC_TIMEOUT", 30.0),
        "MAIL_FROM": ("MAIL_FROM", "noreply@contest.local"), "BACKEND": ("BACKEND", "local")}
    assert all(doc for *_rest, doc in MailSettings.described())
