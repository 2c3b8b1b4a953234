"""The backup cipher on its own, and how pg_dump/pg_restore are called (no password in argv)."""

from __future__ import annotations

import io
import os

import pytest
from sqlalchemy.engine import make_url

from caseflow.backup.engines import pg_target
from caseflow.crypto import backup_cipher
from caseflow.crypto.backup_cipher import BackupFormatError, BackupKeyError

KEY = bytes(range(32))
META = {"format": "caseflow-backup", "backend": "sqlite"}


def seal(data: bytes, chunk: int = 16, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    backup_cipher.encrypt_stream(io.BytesIO(data), out, key, META, chunk)
    return out.getvalue()


def open_sealed(sealed: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    backup_cipher.decrypt_stream(io.BytesIO(sealed), out, key)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 40, 64, 1000])
def test_it_round_trips_any_length_across_chunk_boundaries(size):
    data = os.urandom(size)
    assert open_sealed(seal(data)) == data


def test_it_gives_each_file_its_own_key_so_equal_dumps_differ():
    assert seal(b"same dump" * 10) != seal(b"same dump" * 10)


def chunks(sealed: bytes) -> tuple[bytes, list[bytes]]:
    _info, _salt, header = backup_cipher.read_header(io.BytesIO(sealed))
    rest, parts = sealed[len(header):], []
    while rest:
        length = int.from_bytes(rest[:4], "big")
        parts.append(rest[:4 + length])
        rest = rest[4 + length:]
    return header, parts


def test_it_refuses_chunks_swapped_or_dropped():
    header, parts = chunks(seal(os.urandom(64)))
    assert len(parts) == 5  # four data chunks and the trailer
    swapped = header + parts[1] + parts[0] + b"".join(parts[2:])
    with pytest.raises(BackupFormatError, match="corrupt"):
        open_sealed(swapped)
    dropped = header + parts[0] + b"".join(parts[2:])
    with pytest.raises(BackupFormatError, match="corrupt"):
        open_sealed(dropped)
    with pytest.raises(BackupFormatError, match="truncated"):
        open_sealed(header + b"".join(parts[:-1]))
    with pytest.raises(BackupFormatError, match="after its checksum"):
        open_sealed(header + b"".join(parts) + parts[0])


def test_it_refuses_a_chunk_moved_from_another_backup():
    header, parts = chunks(seal(b"a" * 64))
    _other_header, other = chunks(seal(b"b" * 64))
    with pytest.raises(BackupFormatError, match="corrupt"):
        open_sealed(header + other[0] + b"".join(parts[1:]))


def test_it_tells_a_wrong_key_from_a_corrupt_file():
    with pytest.raises(BackupKeyError, match="another backup key"):
        open_sealed(seal(b"dump"), key=bytes(32))


def test_it_reads_the_key_file_strictly(tmp_path):
    path = tmp_path / "backup.key"
    with pytest.raises(BackupKeyError, match="missing"):
        backup_cipher.load_key(path)
    created = backup_cipher.load_key(path, create=True)
    assert path.stat().st_mode & 0o777 == 0o600
    assert backup_cipher.load_key(path, create=True) == created  # never replaced
    path.write_text("not base64!")
    with pytest.raises(BackupKeyError, match="base64"):
        backup_cipher.load_key(path)


def test_it_passes_the_password_to_pg_tools_in_the_environment_only():
    url = make_url("postgresql+psycopg://caseflow:s3cr%3Dt@db.internal:5433/case'flow"
                   "?sslmode=verify-full")
    target = pg_target(url, environ={"PGPASSWORD": "stale", "PATH": "/usr/bin"})
    assert target.env["PGPASSWORD"] == "s3cr=t"
    assert target.env["PGHOST"] == "db.internal"
    assert target.env["PGPORT"] == "5433"
    assert target.env["PGUSER"] == "caseflow"
    assert target.env["PGSSLMODE"] == "verify-full"
    assert target.env["PATH"] == "/usr/bin"
    assert "s3cr" not in target.conninfo()
    assert target.conninfo() == "dbname='case\\'flow'"


def test_it_clears_a_stale_password_when_the_url_has_none():
    target = pg_target(make_url("postgresql+psycopg://postgres@127.0.0.1/caseflow"),
                       environ={"PGPASSWORD": "stale", "PGDATABASE": "other"})
    assert "PGPASSWORD" not in target.env and "PGDATABASE" not in target.env
