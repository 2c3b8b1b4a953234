"""Streaming authenticated encryption of backup files, under a BACKUP key that is not a KEK.

Why a key of its own: a backup leaves the server (off-site copies, tapes, a
colleague's disk), so it must be useless to whoever finds it. The database
inside already holds only ciphertexts for people's fields, but its clear
columns (codes, dates, coded clinical fields, the audit trail) are sensitive
too, so the whole file is encrypted. The KEKs are never written into a backup
and never used to encrypt one: one key, one purpose. The operator who runs
and ships backups needs the backup key, never the KEKs; a stolen backup key
with a stolen backup still opens no person's name; and rotating or retiring a
KEK does not touch the backups' own key.

Format (version 1), all integers big-endian:

    header  = MAGIC (8) | version (1) | key id (8) | chunk size (4) | salt (16)
              | metadata length (4) | metadata (JSON, UTF-8, in clear)
    chunk*  = length (4) | AES-256-GCM(ciphertext | tag)

The metadata (format, backend, creation time, schema revision) stays readable
without the key, so that an operator can see what a file is; it is
authenticated, because every chunk's associated data is the SHA-256 of the
whole header. Each file has its own key, HKDF(backup key, salt), and chunk
nonces are a counter with a last-chunk flag (the STREAM construction), so
chunks cannot be reordered, dropped or swapped between files, and a file cut
after any chunk is detected as truncated. The last chunk is a trailer holding
the SHA-256 and size of the plaintext: the checksum is checked again after
decryption. The key id (an HMAC of a fixed label under the backup key) tells
a wrong key from a corrupt file without revealing the key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseflow.crypto.errors import CryptoError

MAGIC = b"CFBACKUP"
VERSION = 1
KEY_BYTES = 32
KEY_ID_BYTES = 8
SALT_BYTES = 16
TAG_BYTES = 16
DEFAULT_CHUNK = 1024 * 1024
MAX_CHUNK = 64 * 1024 * 1024
MAX_METADATA = 64 * 1024
BACKUP_KEY_FILE = "backup.key"
_FIXED = struct.Struct(">8sB8sI16sI")
_TRAILER = struct.Struct(">32sQ")
_LENGTH = struct.Struct(">I")


class BackupFormatError(CryptoError):
    """The file is not a caseflow backup, or is corrupt, truncated or altered."""


class BackupKeyError(CryptoError):
    """The backup key is missing, malformed, or is not the key this file was made with."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup says about itself (clear header) and its verified checksum."""

    version: int
    key_id: str
    chunk_size: int
    metadata: dict[str, Any]
    sha256: str | None = None
    size: int | None = None


# --- the key -----------------------------------------------------------------------------------


def key_path(keys_dir: str | Path, configured: str | Path | None = None) -> Path:
    """Where the backup key is: an explicit file, else ``backup.key`` beside the other keys."""
    return Path(configured) if configured else Path(keys_dir) / BACKUP_KEY_FILE


def load_key(path: str | Path, *, create: bool = False) -> bytes:
    """Read the backup key (base64 text of 32 bytes); create it 0600 if asked and absent.

    Restoring never creates a key: a new key could only say "wrong key" later,
    while "missing" tells the operator to fetch the real one from its safe.
    """
    path = Path(path)
    if create and not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = base64.b64encode(os.urandom(KEY_BYTES)) + b"\n"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
    try:
        raw = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise BackupKeyError(f"Backup key {path} is missing: restore it from where it is "
                             "kept (see docs/DEPLOY.md, Backups).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupKeyError(f"Backup key {path} is unreadable ({type(exc).__name__}).") from None
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise BackupKeyError(f"Backup key {path} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise BackupKeyError(f"Backup key {path} must be {KEY_BYTES} bytes, found {len(key)}.")
    return key


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"caseflow.backup.key-id.v1", hashlib.sha256).digest()[:KEY_ID_BYTES]


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt,
                info=b"caseflow.backup.file-key.v1")
    return AESGCM(hkdf.derive(key))


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


# --- encryption --------------------------------------------------------------------------------


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes, metadata: Mapping[str, Any],
                   chunk_size: int = DEFAULT_CHUNK) -> BackupInfo:
    """Encrypt `source` into `target`; return the header data with the plaintext's SHA-256."""
    if not 1 <= chunk_size <= MAX_CHUNK:
        raise ValueError(f"chunk size must be 1..{MAX_CHUNK}")
    meta = json.dumps(dict(metadata), sort_keys=True, separators=(",", ":")).encode("utf-8")
    if len(meta) > MAX_METADATA:
        raise ValueError("backup metadata too large")
    salt = os.urandom(SALT_BYTES)
    kid = key_id(key)
    header = _FIXED.pack(MAGIC, VERSION, kid, chunk_size, salt, len(meta)) + meta
    target.write(header)
    aad = hashlib.sha256(header).digest()
    cipher = _file_cipher(key, salt)
    digest = hashlib.sha256()
    size = counter = 0
    while block := source.read(chunk_size):
        digest.update(block)
        size += len(block)
        sealed = cipher.encrypt(_nonce(counter, False), block, aad)
        target.write(_LENGTH.pack(len(sealed)) + sealed)
        counter += 1
    trailer = cipher.encrypt(_nonce(counter, True), _TRAILER.pack(digest.digest(), size), aad)
    target.write(_LENGTH.pack(len(trailer)) + trailer)
    return BackupInfo(VERSION, kid.hex(), chunk_size, dict(metadata), digest.hexdigest(), size)


# --- decryption --------------------------------------------------------------------------------


def _read_exact(stream: BinaryIO, n: int, what: str) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise BackupFormatError(f"The backup file is truncated (in {what}).")
    return data


def read_header(stream: BinaryIO) -> tuple[BackupInfo, bytes, bytes]:
    """Parse the clear header: (info, salt, raw header bytes). No key needed."""
    fixed = stream.read(_FIXED.size)
    if len(fixed) < len(MAGIC) or not fixed.startswith(MAGIC):
        raise BackupFormatError("This is not a caseflow backup file.")
    if len(fixed) != _FIXED.size:
        raise BackupFormatError("The backup file is truncated (in the header).")
    _magic, version, kid, chunk_size, salt, meta_len = _FIXED.unpack(fixed)
    if version != VERSION:
        raise BackupFormatError(f"Backup format version {version} is not supported "
                                f"(this caseflow reads version {VERSION}).")
    if not 1 <= chunk_size <= MAX_CHUNK or meta_len > MAX_METADATA:
        raise BackupFormatError("The backup file is corrupt (header).")
    meta_raw = _read_exact(stream, meta_len, "the header")
    try:
        metadata = json.loads(meta_raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupFormatError("The backup file is corrupt (header).") from None
    if not isinstance(metadata, dict):
        raise BackupFormatError("The backup file is corrupt (header).")
    return BackupInfo(version, kid.hex(), chunk_size, metadata), salt, fixed + meta_raw


def decrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> BackupInfo:
    """Decrypt and check `source` into `target`; raise before returning if anything is wrong.

    `target` may have received part of the plaintext when an error is raised:
    callers write to a temporary file and use it only after this returns.
    """
    info, salt, header = read_header(source)
    if not hmac.compare_digest(bytes.fromhex(info.key_id), key_id(key)):
        raise BackupKeyError(f"This backup was made with another backup key (key id "
                             f"{info.key_id}; the configured key is {key_id(key).hex()}).")
    aad = hashlib.sha256(header).digest()
    cipher = _file_cipher(key, salt)
    digest = hashlib.sha256()
    size = counter = 0
    limit = max(info.chunk_size, _TRAILER.size) + TAG_BYTES
    while True:
        raw_length = source.read(_LENGTH.size)
        if not raw_length:
            raise BackupFormatError(f"The backup file is truncated (it ends after chunk "
                                    f"{counter}, before its checksum).")
        if len(raw_length) != _LENGTH.size:
            raise BackupFormatError("The backup file is truncated (in a chunk).")
        (length,) = _LENGTH.unpack(raw_length)
        if not TAG_BYTES <= length <= limit:
            raise BackupFormatError(f"The backup file is corrupt (chunk {counter}).")
        sealed = _read_exact(source, length, f"chunk {counter}")
        last = length == _TRAILER.size + TAG_BYTES and _try_trailer(cipher, counter, sealed, aad)
        if last:
            expected, expected_size = _TRAILER.unpack(last)
            break
        try:
            block = cipher.decrypt(_nonce(counter, False), sealed, aad)
        except InvalidTag:
            raise BackupFormatError(f"The backup file is corrupt or was altered (chunk "
                                    f"{counter} fails authentication).") from None
        digest.update(block)
        size += len(block)
        target.write(block)
        counter += 1
    if source.read(1):
        raise BackupFormatError("The backup file is corrupt (data after its checksum).")
    if size != expected_size or not hmac.compare_digest(digest.digest(), expected):
        raise BackupFormatError("The backup file is corrupt (checksum mismatch).")
    return BackupInfo(info.version, info.key_id, info.chunk_size, info.metadata,
                      digest.hexdigest(), size)


def _try_trailer(cipher: AESGCM, counter: int, sealed: bytes, aad: bytes) -> bytes | None:
    """The trailer if this chunk is the last one; None for a data chunk of the same size."""
    try:
        return cipher.decrypt(_nonce(counter, True), sealed, aad)
    except InvalidTag:
        return None


def inspect(path: str | Path) -> BackupInfo:
    """The clear header of a backup file (no key needed, nothing verified beyond its form)."""
    with open(path, "rb") as stream:
        return read_header(stream)[0]
