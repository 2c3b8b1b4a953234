"""A backup restores into an empty instance, and a damaged or foreign file is refused.

Read as sentences: "after the server is lost, the backup and the key files
bring back every person, names readable"; "a file with one byte changed, cut
short, or made with another backup key is refused in one line, and the
database is left as it was".
"""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import func, select

from caseflow.audit import verify_chain
from caseflow.backup.archive import code_revision
from caseflow.crypto import backup_cipher
from caseflow.extensions import db
from caseflow.models.person import Person
from tests.backup.conftest import read_back


def backup(app, path, *extra):
    return app.test_cli_runner().invoke(args=["backup", str(path), *extra])


def restore(app, path, *extra):
    return app.test_cli_runner().invoke(args=["restore", str(path), *extra])


def count_people(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(Person.id)))
        db.session.remove()
        return count


def assert_refused(result, *words):
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), "a traceback instead of a message"
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0].lower(), lines[0]


def test_it_restores_a_backup_into_an_empty_instance_and_reads_every_person_back(
        app, populated, empty_instance, tmp_path, backend):
    made = backup(app, tmp_path / "nightly.cfbak")
    assert made.exit_code == 0, made.output
    header = backup_cipher.inspect(tmp_path / "nightly.cfbak")
    assert header.metadata["backend"] == backend
    assert header.metadata["schema_revision"] == code_revision()
    assert header.metadata["created_at"]

    target = empty_instance()
    assert count_people(target) == 0
    done = restore(target, tmp_path / "nightly.cfbak")
    assert done.exit_code == 0, done.output
    assert "checked" in done.output

    assert read_back(target) == populated
    with target.app_context():
        assert verify_chain().ok  # the audit trail came back whole
        db.session.remove()


def test_it_records_format_backend_time_revision_and_checksum(app, populated, tmp_path):
    result = backup(app, tmp_path / "b.cfbak")
    assert result.exit_code == 0, result.output
    path = tmp_path / "b.cfbak"
    header = backup_cipher.inspect(path)
    assert header.version == backup_cipher.VERSION
    assert header.metadata["format"] == "caseflow-backup"
    key = backup_cipher.load_key(tmp_path / "backup-keys" / "backup.key")
    plain = tmp_path / "dump"
    with open(path, "rb") as source, open(plain, "wb") as out:
        info = backup_cipher.decrypt_stream(source, out, key)
    assert info.sha256 in result.output
    assert info.size == plain.stat().st_size


def test_it_keeps_no_key_in_the_backup_so_a_stolen_backup_alone_is_useless(
        app, populated, tmp_path, keys_dir):
    assert backup(app, tmp_path / "b.cfbak").exit_code == 0
    key = backup_cipher.load_key(tmp_path / "backup-keys" / "backup.key")
    plain = tmp_path / "dump"
    with open(tmp_path / "b.cfbak", "rb") as source, open(plain, "wb") as out:
        backup_cipher.decrypt_stream(source, out, key)
    dump = plain.read_bytes()
    for key_file in keys_dir.iterdir():
        text = key_file.read_text().strip()
        assert text.encode() not in dump
        assert base64.b64decode(text) not in dump
    assert "Traoré".encode() not in dump  # names are sealed by the people's own keys
    assert "Traoré".encode() not in (tmp_path / "b.cfbak").read_bytes()


def test_it_creates_the_backup_key_0600_beside_the_other_keys_by_default(
        app, populated, tmp_path, keys_dir):
    import shutil

    own_keys = tmp_path / "keys"
    shutil.copytree(keys_dir, own_keys)
    app.config["KEYS_DIR"] = str(own_keys)
    app.config.pop("BACKUP_KEY_FILE")
    assert backup(app, tmp_path / "b.cfbak").exit_code == 0
    created = own_keys / "backup.key"
    assert created.stat().st_mode & 0o777 == 0o600
    assert (own_keys / "kek-v1.key").read_bytes() != created.read_bytes()


def test_it_refuses_to_overwrite_a_database_that_holds_data_unless_forced(
        app, populated, tmp_path):
    assert backup(app, tmp_path / "b.cfbak").exit_code == 0
    assert_refused(restore(app, tmp_path / "b.cfbak"), "not empty", "--force")
    assert read_back(app) == populated
    forced = restore(app, tmp_path / "b.cfbak", "--force")
    assert forced.exit_code == 0, forced.output
    assert read_back(app) == populated


def test_it_refuses_to_replace_an_existing_backup_file_unless_forced(app, populated, tmp_path):
    assert backup(app, tmp_path / "b.cfbak").exit_code == 0
    assert_refused(backup(app, tmp_path / "b.cfbak"), "exists")
    assert backup(app, tmp_path / "b.cfbak", "--force").exit_code == 0


@pytest.fixture
def made(app, populated, tmp_path):
    """A backup of the populated instance, in chunks of 4 KiB so that it has many."""
    app.config["BACKUP_CHUNK_SIZE"] = 4096
    assert backup(app, tmp_path / "b.cfbak").exit_code == 0
    return tmp_path / "b.cfbak"


@pytest.mark.parametrize("where", [0.02, 0.5, 0.99])
def test_it_refuses_a_file_with_one_byte_flipped(made, empty_instance, where):
    data = bytearray(made.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    made.write_bytes(bytes(data))
    target = empty_instance()
    assert_refused(restore(target, made))
    assert count_people(target) == 0


def test_it_refuses_a_file_whose_header_was_altered(made, empty_instance):
    data = made.read_bytes()
    # The header is authenticated: even a change that keeps it readable is caught.
    start = data.index(b'"created_at":"') + len(b'"created_at":"')
    altered = bytearray(data)
    altered[start] = ord("1") if altered[start] != ord("1") else ord("2")
    made.write_bytes(bytes(altered))
    target = empty_instance()
    assert_refused(restore(target, made), "corrupt")
    assert count_people(target) == 0


@pytest.mark.parametrize("cut", ["header", "middle", "trailer", "one byte"])
def test_it_refuses_a_truncated_file(made, empty_instance, cut):
    data = made.read_bytes()
    keep = {"header": 20, "middle": len(data) // 2,
            "trailer": len(data) - (4 + 40 + 16),  # every data chunk, no checksum
            "one byte": len(data) - 1}[cut]
    made.write_bytes(data[:keep])
    target = empty_instance()
    assert_refused(restore(target, made), "truncated")
    assert count_people(target) == 0


def test_it_refuses_a_file_made_with_another_backup_key(made, empty_instance, tmp_path):
    target = empty_instance(BACKUP_KEY_FILE=str(tmp_path / "other" / "backup.key"))
    other = tmp_path / "other"
    other.mkdir()
    (other / "backup.key").write_text(base64.b64encode(bytes(range(32))).decode())
    assert_refused(restore(target, made), "another backup key")
    assert count_people(target) == 0


def test_it_refuses_to_restore_without_the_backup_key_and_never_invents_one(
        made, empty_instance, tmp_path):
    missing = tmp_path / "nowhere" / "backup.key"
    target = empty_instance(BACKUP_KEY_FILE=str(missing))
    assert_refused(restore(target, made), "missing")
    assert not missing.exists()


def test_it_refuses_a_file_that_is_not_a_backup(app, populated, empty_instance, tmp_path):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("Traoré Awa, née en 2009\n")
    assert_refused(restore(empty_instance(), stranger), "not a caseflow backup")
    assert_refused(restore(empty_instance(), tmp_path / "absent.cfbak"), "does not exist")


def test_it_backs_up_sqlite_online_without_a_transaction_in_progress(
        app, populated, empty_instance, tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("pg_dump's snapshot is PostgreSQL's own business")
    import sqlite3

    with app.app_context():
        path = db.engine.url.database
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a server request in the middle of its write
        writer.execute("INSERT INTO morbidity_code (code, active, created_at) "
                       "VALUES ('half_written', 1, '2026-01-01')")
        made = backup(app, tmp_path / "online.cfbak")
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert made.exit_code == 0, made.output
    target = empty_instance()
    assert restore(target, tmp_path / "online.cfbak").exit_code == 0
    assert read_back(target) == populated
    with target.app_context():
        from sqlalchemy import text

        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM morbidity_code "
                                     "WHERE code = 'half_written'")).scalar() == 0
        db.engine.dispose()
