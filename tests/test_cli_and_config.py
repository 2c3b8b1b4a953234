"""Operator commands and configuration: init, demo, create-user, and refusing unsafe starts."""

import stat

import pytest
from sqlalchemy import select

from caseflow import create_app
from caseflow.config import ConfigError, from_environment
from caseflow.demo import PERSONAS
from caseflow.extensions import db
from caseflow.models.user import User
from tests.support.app import empty_all_tables


def test_it_initialises_an_instance_with_private_secrets_and_keys(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    for name in ("CASEFLOW_DATABASE_URL", "CASEFLOW_KEYS_DIR", "CASEFLOW_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # as under `flask --app caseflow init`
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    app = create_app(instance_path=str(instance))
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    config = instance / "config.py"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    keys = [p for p in (instance / "keys").iterdir() if p.is_file()]
    assert keys and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in keys)
    assert stat.S_IMODE((instance / "caseflow.sqlite").stat().st_mode) == 0o600
    secret_before = config.read_text()
    key_bytes_before = {p.name: p.read_bytes() for p in keys}

    # A second init changes nothing that exists, and the app now starts in production mode.
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")
    again = create_app(instance_path=str(instance))
    assert again.test_cli_runner().invoke(args=["init"]).exit_code == 0
    assert config.read_text() == secret_before
    assert {p.name: p.read_bytes() for p in keys} == key_bytes_before
    assert again.config["SECRET_KEY"] in secret_before


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    monkeypatch.delenv("CASEFLOW_SECRET_KEY", raising=False)
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    with pytest.raises(ConfigError, match="secret key"):
        create_app(instance_path=str(tmp_path / "empty"))


def test_it_refuses_to_start_in_production_without_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CASEFLOW_KEYS_DIR", str(tmp_path / "no-keys"))
    with pytest.raises(ConfigError, match="Key directory"):
        create_app(instance_path=str(tmp_path / "empty"))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CASEFLOW_ENV", "staging", "CASEFLOW_ENV must be one of"),
        ("CASEFLOW_DATABASE_URL", "mysql://x", "CASEFLOW_DATABASE_URL must be"),
        ("CASEFLOW_RATELIMIT_STORAGE", "memcached://x", "CASEFLOW_RATELIMIT_STORAGE must be"),
        ("CASEFLOW_IDLE_TIMEOUT_MINUTES", "half an hour", "CASEFLOW_IDLE_TIMEOUT_MINUTES"),
        ("CASEFLOW_IDLE_TIMEOUT_MINUTES", "0", "at least 1"),
    ],
)
def test_it_names_the_variable_that_holds_a_bad_value(name, value, message):
    with pytest.raises(ConfigError, match=message):
        from_environment({name: value})


def test_it_reads_good_values_from_the_environment():
    config = from_environment({
        "CASEFLOW_DATABASE_URL": "postgresql://db.example/caseflow",
        "CASEFLOW_RATELIMIT_STORAGE": "redis://127.0.0.1:6379/0",
        "CASEFLOW_IDLE_TIMEOUT_MINUTES": "15",
    })
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db.example/caseflow"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["IDLE_TIMEOUT"].total_seconds() == 900


def test_it_creates_the_demo_personas_and_prints_a_random_password_once(app, runner):
    with app.app_context():
        empty_all_tables()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo password (shown once):" in result.output
    password = result.output.split("Demo password (shown once):")[1].strip()
    with app.app_context():
        logins = set(db.session.scalars(select(User.login)))
    assert logins == {p.login for p in PERSONAS}
    again = runner.invoke(args=["demo"])
    assert "already exist" in again.output
    assert password not in again.output
    client = app.test_client()
    page = client.get("/login")
    from tests.support.web import csrf_token_from

    response = client.post("/login", data={"login": "charlie", "password": password,
                                           "csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302


def test_it_uses_the_demo_password_given(app, runner):
    with app.app_context():
        empty_all_tables()
    result = runner.invoke(args=["demo", "--password", "demo-password-2026"])
    assert result.exit_code == 0
    assert "demo-password-2026" not in result.output
    assert runner.invoke(args=["demo", "--password", "short"]).exit_code == 0  # already there


def test_it_creates_a_user_from_the_command_line(app, runner):
    # A login no demo persona has (the demo accounts exist already).
    result = runner.invoke(args=["create-user", "--login", "ines", "--name", "Ines Kaci",
                                 "--role", "nurse", "--site", "cal"], input="\n\n")
    assert result.exit_code == 0, result.output
    assert "Temporary password, shown once:" in result.output
    with app.app_context():
        ines = db.session.scalar(select(User).where(User.login == "ines"))
        assert [s.code for s in ines.sites] == ["CAL"]
        assert ines.must_change_password


def test_it_refuses_an_unknown_site_on_the_command_line(runner):
    result = runner.invoke(args=["create-user", "--login", "x1", "--name", "X", "--role", "nurse",
                                 "--site", "NOWHERE"], input="\n\n")
    assert result.exit_code != 0
    assert "Unknown site code" in result.output
