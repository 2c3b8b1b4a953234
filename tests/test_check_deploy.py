"""flask --app caseflow check-deploy: real apps, real files with real modes, the real command.

Each test starts from a production-like single site laid out as docs/DEPLOY.md
says (instance config 0600, keys 0700/0600, SQLite 0600 in its own folder,
checkpoints elsewhere, HTTPS settings, a public address), checks that it passes,
then breaks one thing and checks that the command names it.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from caseflow import create_app, deploy_check
from caseflow.crypto import generate_keys
from caseflow.crypto.backup_cipher import load_key

# Variables that would change the verdict if the developer's shell had them.
OUTSIDE_ENVIRONMENT = ("FLASK_DEBUG", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS",
                       "CASEFLOW_SECRET_KEY", "CASEFLOW_BACKUP_KEY_FILE")
FINDING = re.compile(r"^(ERROR|WARNING)\s+([a-z-]+): ", re.MULTILINE)


def _private_file(path: Path, text: str = "") -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


@pytest.fixture
def site(tmp_path, monkeypatch):
    for name in OUTSIDE_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    # As under `flask --app caseflow ...`: a refused configuration still reaches the command.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    secret = secrets.token_hex(32)
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    _private_file(instance / "config.py", f"SECRET_KEY = {secret!r}\n")
    keys = tmp_path / "keys"
    generate_keys(keys)
    load_key(keys / "backup.key", create=True)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    database = data / "caseflow.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (x)")
    database.chmod(0o600)
    audit = tmp_path / "audit"
    audit.mkdir(mode=0o700)
    checkpoints = _private_file(audit / "checkpoints.jsonl")
    config = {
        "CASEFLOW_ENV": "production",
        "TESTING": False,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "KEYS_DIR": str(keys),
        "RATELIMIT_STORAGE_URI": "memory://",
        "AUDIT_CHECKPOINT_FILE": str(checkpoints),
        "PUBLIC_URL": "https://caseflow.example.org",
        "SESSION_COOKIE_SECURE": True,
        "PREFERRED_URL_SCHEME": "https",
        "PROXY_FIX_X_FOR": 1,
    }
    return SimpleNamespace(tmp=tmp_path, instance=instance, keys=keys, data=data,
                           database=database, checkpoints=checkpoints, config=config,
                           secret=secret, monkeypatch=monkeypatch)


def build_app(site):
    return create_app(dict(site.config), instance_path=str(site.instance))


def check_deploy(site, *args):
    result = build_app(site).test_cli_runner().invoke(args=["check-deploy", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    findings = [(severity.lower(), code) for severity, code in FINDING.findall(result.output)]
    return result, findings


def test_it_passes_a_safe_production_configuration(site):
    result, findings = check_deploy(site)
    assert result.exit_code == 0, result.output
    assert findings == []
    assert "No unsafe setting found" in result.output


def _write(path: Path, text: str, mode: int = 0o600) -> None:
    path.write_text(text)
    path.chmod(mode)


UNSAFE = {
    "FLASK_DEBUG=1": ("error", "debug-on", lambda s: s.monkeypatch.setenv("FLASK_DEBUG", "1")),
    "DEBUG in instance/config.py": ("error", "debug-on", lambda s: _write(
        s.instance / "config.py", f"SECRET_KEY = {s.secret!r}\nDEBUG = True\n")),
    "development": ("error", "env-not-production",
                    lambda s: s.config.update(CASEFLOW_ENV="development")),
    "testing": ("error", "env-not-production", lambda s: s.config.update(CASEFLOW_ENV="testing")),
    "TESTING in production": ("error", "testing-on", lambda s: s.config.update(TESTING=True)),
    "no secret key": ("error", "secret-key-missing", lambda s: (
        s.config.update(SECRET_KEY=None), _write(s.instance / "config.py", "# no key\n"))),
    "short secret key": ("error", "secret-key-short",
                         lambda s: s.config.update(SECRET_KEY="short but s3cret")),
    "the test suite's key": ("error", "secret-key-known",
                             lambda s: s.config.update(SECRET_KEY="test-secret-key-" + "x" * 32)),
    "repeated characters": ("error", "secret-key-known",
                            lambda s: s.config.update(SECRET_KEY="ab" * 32)),
    "cookie not secure, behind a proxy": ("warning", "cookie-not-secure",
                                          lambda s: s.config.update(SESSION_COOKIE_SECURE=False)),
    "cookie not secure, no proxy": ("error", "cookie-not-secure", lambda s: s.config.update(
        SESSION_COOKIE_SECURE=False, PROXY_FIX_X_FOR=0)),
    "http URL scheme": ("warning", "url-scheme-not-https",
                        lambda s: s.config.update(PREFERRED_URL_SCHEME="http")),
    "no proxy declared": ("warning", "proxies-not-set",
                          lambda s: s.config.update(PROXY_FIX_X_FOR=0)),
    "no public URL": ("error", "public-url-missing", lambda s: s.config.update(PUBLIC_URL=None)),
    "http public URL": ("error", "public-url-not-https",
                        lambda s: s.config.update(PUBLIC_URL="http://caseflow.example.org")),
    "loopback public URL": ("error", "public-url-not-public",
                            lambda s: s.config.update(PUBLIC_URL="https://127.0.0.1:5000")),
    "private public URL": ("error", "public-url-not-public",
                           lambda s: s.config.update(PUBLIC_URL="https://10.0.0.21")),
    "WEB_CONCURRENCY": ("error", "ratelimit-memory",
                        lambda s: s.monkeypatch.setenv("WEB_CONCURRENCY", "4")),
    "GUNICORN_CMD_ARGS": ("error", "ratelimit-memory", lambda s: s.monkeypatch.setenv(
        "GUNICORN_CMD_ARGS", "--bind 127.0.0.1:8000 -w 3 --timeout 60")),
    "memory rate limits on PostgreSQL": ("warning", "ratelimit-memory", lambda s: s.config.update(
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://caseflow@db.invalid/caseflow")),
    "no key directory": ("error", "keys-dir-missing",
                         lambda s: s.config.update(KEYS_DIR=str(s.tmp / "nowhere"))),
    "key directory 0755": ("error", "keys-dir-open", lambda s: s.keys.chmod(0o755)),
    "group-readable KEK": ("error", "key-file-open",
                           lambda s: (s.keys / "kek-v1.key").chmod(0o640)),
    "no backup key": ("warning", "backup-key-missing", lambda s: (s.keys / "backup.key").unlink()),
    "backup key elsewhere, 0644": ("error", "key-file-open", lambda s: (
        load_key(s.tmp / "backup.key", create=True), (s.tmp / "backup.key").chmod(0o644),
        s.config.update(BACKUP_KEY_FILE=str(s.tmp / "backup.key")))),
    "instance config 0644": ("error", "instance-config-open",
                             lambda s: (s.instance / "config.py").chmod(0o644)),
    "instance config 0640": ("warning", "instance-config-open",
                             lambda s: (s.instance / "config.py").chmod(0o640)),
    "database 0644": ("error", "database-file-open", lambda s: s.database.chmod(0o644)),
    "WAL file 0640": ("warning", "database-file-open",
                      lambda s: _write(Path(f"{s.database}-wal"), "", 0o640)),
    "no checkpoint file": ("warning", "checkpoint-file-missing",
                           lambda s: s.checkpoints.unlink()),
    "checkpoints writable by others": ("error", "checkpoint-file-open",
                                       lambda s: s.checkpoints.chmod(0o666)),
    "checkpoints readable by others": ("warning", "checkpoint-file-open",
                                       lambda s: s.checkpoints.chmod(0o644)),
    "checkpoints beside the database": ("warning", "checkpoint-beside-database",
                                        lambda s: s.config.update(AUDIT_CHECKPOINT_FILE=str(
                                            _private_file(s.data / "checkpoints.jsonl")))),
    "Redis not answering": ("error", "ratelimit-storage-unreachable", lambda s: s.config.update(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_closed_port()}/0")),
    "keys beside the database": ("warning", "keys-beside-database",
                                 lambda s: s.config.update(KEYS_DIR=str(_keys_in(s.data)))),
    "keys in the database's folder": ("warning", "keys-beside-database",
                                      lambda s: s.config.update(KEYS_DIR=str(_keys_in(
                                          s.data, "keys")))),
    "keys in the instance folder": ("warning", "keys-in-instance",
                                    lambda s: s.config.update(KEYS_DIR=str(_keys_in(
                                        s.instance, "keys")))),
    "keys in the default instance/keys": ("warning", "keys-in-instance", lambda s: (
        _keys_in(s.instance, "keys"), s.config.update(KEYS_DIR=None))),
}


def _closed_port() -> int:
    """A loopback port nothing listens on (taken from the system, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _keys_in(folder: Path, name: str = "") -> Path:
    """The site's keys copied to `folder` (itself when no name), modes kept."""
    target = folder / name if name else folder
    target.mkdir(mode=0o700, exist_ok=True)
    generate_keys(target)
    load_key(target / "backup.key", create=True)
    return target


@pytest.mark.parametrize(("severity", "code", "change"), UNSAFE.values(), ids=UNSAFE.keys())
def test_it_names_each_unsafe_setting(site, severity, code, change):
    change(site)
    result, findings = check_deploy(site)
    assert (severity, code) in findings, result.output
    errors = [c for s, c in findings if s == "error"]
    assert result.exit_code == (1 if errors else 0), result.output
    if severity == "warning":
        assert not errors, result.output  # one warning alone never fails the check
    count = len(errors)
    assert re.search(rf"^{count} error\(s\), {len(findings) - count} warning\(s\)",
                     result.output, re.MULTILINE), result.output
    for secret in (site.secret, site.config["SECRET_KEY"]):
        assert not secret or secret not in result.output


def test_it_counts_the_workers_given_to_the_command(site):
    result, findings = check_deploy(site, "--workers", "4")
    assert result.exit_code == 1
    assert findings == [("error", "ratelimit-memory")]
    assert "with 4 workers expected" in result.output
    site.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/0"
    site.monkeypatch.setattr(deploy_check, "storage_answers", lambda uri: True)
    result, findings = check_deploy(site, "--workers", "4")
    assert result.exit_code == 0, result.output
    assert findings == []


def test_it_catches_a_world_readable_key_file(site):
    signing = site.keys / "signing-ed25519.key"
    signing.chmod(0o644)
    result, findings = check_deploy(site)
    assert result.exit_code == 1
    assert findings == [("error", "key-file-open")]
    assert f"{signing} is open to group and others (0644)" in result.output
    assert signing.read_text().strip() not in result.output


@pytest.mark.parametrize(("environ", "option", "expected"), [
    ({}, None, 1),
    ({}, 3, 3),
    ({"WEB_CONCURRENCY": "5"}, None, 5),
    ({"GUNICORN_CMD_ARGS": "--workers=6 --bind 0.0.0.0:8000"}, None, 6),
    ({"GUNICORN_CMD_ARGS": "--workers 2"}, None, 2),
    ({"GUNICORN_CMD_ARGS": "-w7"}, None, 7),
    ({"GUNICORN_CMD_ARGS": "--worker-class gthread --threads 8"}, None, 1),
])
def test_it_reads_the_expected_number_of_workers(environ, option, expected):
    assert deploy_check.workers_expected(environ, option) == expected


SAMPLE_MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
nas.internal:/export/caseflow /srv/caseflow-data nfs4 rw,relatime,vers=4.2 0 0
/dev/vdb1 /srv/caseflow-data/local ext4 rw,relatime 0 0
//files.internal/team /mnt/team\\040share cifs rw,relatime 0 0
backup@host: /mnt/remote fuse.sshfs rw,nosuid,nodev 0 0
"""


@pytest.mark.parametrize(("path", "mount"), [
    ("/srv/caseflow-data/caseflow.sqlite", ("/srv/caseflow-data", "nfs4")),
    ("/srv/caseflow-data/local/caseflow.sqlite", ("/srv/caseflow-data/local", "ext4")),
    ("/srv/caseflow-data-old/caseflow.sqlite", ("/", "ext4")),
    ("/mnt/team share/caseflow.sqlite", ("/mnt/team share", "cifs")),
    ("/mnt/remote", ("/mnt/remote", "fuse.sshfs")),
])
def test_it_finds_the_filesystem_of_a_path_in_proc_mounts_text(path, mount):
    assert deploy_check.filesystem_of(path, SAMPLE_MOUNTS) == mount


def test_it_flags_a_sqlite_database_on_a_network_share(site):
    mounts = SAMPLE_MOUNTS + f"nas.internal:/export/db {site.data} nfs rw 0 0\n"
    app = build_app(site)
    findings = deploy_check.run_checks(deploy_check.deployment_of(app, environ={},
                                                                  mounts=mounts))
    assert [(f.severity, f.code) for f in findings] == [("error", "database-on-network-share")]
    assert f"on a nfs share ({site.data})" in findings[0].summary


def test_it_does_not_flag_the_local_temporary_directory_in_the_real_proc_mounts(tmp_path):
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        pytest.skip("no /proc/mounts on this system")
    found = deploy_check.filesystem_of(tmp_path, mounts.read_text())
    assert found is not None
    assert found[1] not in deploy_check.NETWORK_FILESYSTEMS


def test_it_passes_a_shared_rate_limit_storage_that_answers(site, monkeypatch):
    asked = []
    monkeypatch.setattr(deploy_check, "storage_answers", lambda uri: asked.append(uri) or True)
    site.config["RATELIMIT_STORAGE_URI"] = "redis://:s3cret-pass@127.0.0.1:6379/0"
    result, findings = check_deploy(site, "--workers", "4")
    assert result.exit_code == 0 and findings == [], result.output
    assert asked == ["redis://:s3cret-pass@127.0.0.1:6379/0"]


def test_it_says_rate_limits_are_per_process_while_redis_does_not_answer(site):
    site.config["RATELIMIT_STORAGE_URI"] = (
        f"redis://:s3cret-pass@127.0.0.1:{_closed_port()}/0")
    result, findings = check_deploy(site, "--workers", "4")
    assert result.exit_code == 1
    assert findings == [("error", "ratelimit-storage-unreachable")], result.output
    assert "per process" in result.output
    assert "s3cret-pass" not in result.output  # the storage URL's password is never printed
