from contest_kit.config import load_config

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
