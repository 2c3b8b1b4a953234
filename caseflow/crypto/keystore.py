"""Key material: versioned KEKs, the blind-index key and the Ed25519 signing key.

Keys live outside the database, in a directory (``instance/keys/`` by default,
mode 0700, files 0600) or in the environment, so a stolen database or backup
holds only wrapped data keys. A KMS or Vault plugs in by replacing
``KeyStore.kek`` (see docs/SECURITY.md): nothing else reads key material.

Files (each holds base64 text of 32 random bytes):
- ``kek-v<N>.key``: key-encryption key version N (N >= 1); the highest is current;
- ``blind-index.key``: root of the blind-index keys (derived per field);
- ``signing-ed25519.key``: the Ed25519 private key seed for certificates;
- ``transport-x25519.key``: the X25519 private key to which other servers (clinic boxes,
  the central server) seal the data keys they send here (caseflow.crypto.transport).
Environment (override or complement the files): ``CASEFLOW_KEK_<N>``,
``CASEFLOW_BLIND_INDEX_KEY``, ``CASEFLOW_SIGNING_KEY``, ``CASEFLOW_TRANSPORT_KEY``
(base64, 32 bytes).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import time
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseflow.crypto.errors import KeyStoreError, MissingKeyError

KEY_BYTES = 32
KEK_FILE = re.compile(r"^kek-v(\d+)\.key$")
KEK_ENV = re.compile(r"^CASEFLOW_KEK_(\d+)$")
INDEX_FILE = "blind-index.key"
INDEX_ENV = "CASEFLOW_BLIND_INDEX_KEY"
SIGNING_FILE = "signing-ed25519.key"
SIGNING_ENV = "CASEFLOW_SIGNING_KEY"
TRANSPORT_FILE = "transport-x25519.key"
TRANSPORT_ENV = "CASEFLOW_TRANSPORT_KEY"
CURRENT_TTL_SECONDS = 5.0


# What a clinic box keeps of its link to the central server (caseflow.sync.link).
# Central's signing public key, learnt at hello: certificates issued centrally verify on a box.
CENTRAL_SIGNING_KEY = "central-signing.pub"
BOX_SECRETS = frozenset({"sync-credential", "central-transport.pub", CENTRAL_SIGNING_KEY})


def check_box_secret(name: str) -> None:
    if name not in BOX_SECRETS:
        raise KeyStoreError(f"{name!r} is not a secret a box keeps.")


def kek_file_name(version: int) -> str:
    return f"kek-v{version}.key"


def _decode(raw: str, name: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyStoreError(f"Key {name} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise KeyStoreError(f"Key {name} must be {KEY_BYTES} bytes, found {len(key)}.")
    return key


def write_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write a file readable by its owner only (0600), synced to disk. Never replaces an
    existing file unless ``replace``; then a temporary file is renamed over it, so that a
    cut leaves the old file or the new one, never half of one."""
    target = path
    if replace:
        path = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    if replace:
        os.replace(path, target)


def _write_new_key(path: Path) -> None:
    """Create a key file 0600 atomically; never replace an existing one."""
    write_private(path, base64.b64encode(os.urandom(KEY_BYTES)) + b"\n")


def generate_keys(keys_dir: Path) -> list[str]:
    """Create the key directory (0700) and every missing key (0600); return what was created.

    Idempotent: an existing key is never overwritten, because overwriting a KEK
    would make every person's data unreadable.
    """
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
    created: list[str] = []
    has_kek = any(KEK_FILE.match(p.name) for p in keys_dir.iterdir())
    wanted = [] if has_kek else [kek_file_name(1)]
    wanted += [INDEX_FILE, SIGNING_FILE, TRANSPORT_FILE]
    for name in wanted:
        path = keys_dir / name
        if path.exists():
            continue
        _write_new_key(path)
        created.append(name)
    return created


class KeyStore:
    """Reads keys on demand from a directory and the environment.

    Construction never fails (the app must start for ``flask init``); a key
    that is needed and absent raises ``MissingKeyError`` naming it.
    """

    def __init__(self, keys_dir: str | Path, environ: Mapping[str, str] | None = None) -> None:
        self.keys_dir = Path(keys_dir)
        self._environ = dict(os.environ if environ is None else environ)
        self._keks: dict[int, AESGCM] = {}
        self._current: tuple[int, float] | None = None
        # Bumped when the keys this process holds change (memory custody: sealed, unlocked,
        # rotated); caches derived from keys rebuild when it moves (see ``check``).
        self.generation = 0

    def check(self) -> int:
        """The key generation, after making sure the keys are still available (file
        custody: always; memory custody: raises SealedError once sealed)."""
        return self.generation

    # -- KEKs ---------------------------------------------------------------

    def kek_versions(self) -> list[int]:
        """Every KEK version available, from files and environment, ascending."""
        versions = {int(m.group(1)) for k in self._environ if (m := KEK_ENV.match(k))}
        if self.keys_dir.is_dir():
            versions |= {
                int(m.group(1)) for p in self.keys_dir.iterdir() if (m := KEK_FILE.match(p.name))
            }
        return sorted(v for v in versions if v >= 1)

    def current_kek_version(self) -> int:
        """The highest version; re-read at most every few seconds (another process may rotate)."""
        now = time.monotonic()
        if self._current is not None and now - self._current[1] < CURRENT_TTL_SECONDS:
            return self._current[0]
        versions = self.kek_versions()
        if not versions:
            raise MissingKeyError("KEK (any version)", self._where(kek_file_name(1)))
        self._current = (versions[-1], now)
        return versions[-1]

    def kek(self, version: int) -> AESGCM:
        """The AES-256-GCM cipher of KEK ``version`` (cached for the process)."""
        if version not in self._keks:
            raw = self._read(kek_file_name(version), f"CASEFLOW_KEK_{version}",
                             f"KEK version {version}")
            self._keks[version] = AESGCM(raw)
        return self._keks[version]

    def add_kek_version(self) -> int:
        """Create the next KEK version as a file; it becomes the current one."""
        if not self.keys_dir.is_dir():
            raise MissingKeyError("key directory", str(self.keys_dir))
        version = (self.kek_versions() or [0])[-1] + 1
        _write_new_key(self.keys_dir / kek_file_name(version))
        self._current = None
        return version

    def remove_kek_file(self, version: int) -> bool:
        """Delete the file of KEK ``version``; True if a file was removed."""
        path = self.keys_dir / kek_file_name(version)
        self._keks.pop(version, None)
        self._current = None
        if path.exists():
            path.unlink()
            return True
        return False

    def kek_in_environment(self, version: int) -> bool:
        return f"CASEFLOW_KEK_{version}" in self._environ

    # -- blind index and signing ------------------------------------------

    @cached_property
    def index_key(self) -> bytes:
        return self._read(INDEX_FILE, INDEX_ENV, "blind-index key")

    @cached_property
    def signing_key(self) -> Ed25519PrivateKey:
        seed = self._read(SIGNING_FILE, SIGNING_ENV, "Ed25519 signing key")
        return Ed25519PrivateKey.from_private_bytes(seed)

    @cached_property
    def transport_key(self) -> X25519PrivateKey:
        seed = self._read(TRANSPORT_FILE, TRANSPORT_ENV, "X25519 transport key")
        return X25519PrivateKey.from_private_bytes(seed)

    # -- a clinic box's link to the central server ---------------------------

    def read_box_secret(self, name: str) -> bytes | None:
        """A secret of a box's link to central (its credential, central's pinned public
        key): a 0600 file here; in memory custody, inside the sealed keyring."""
        check_box_secret(name)
        try:
            return (self.keys_dir / name).read_bytes()
        except FileNotFoundError:
            return None

    def write_box_secret(self, name: str, data: bytes) -> None:
        check_box_secret(name)
        write_private(self.keys_dir / name, data, replace=True)

    # -- helpers ----------------------------------------------------------

    def _where(self, file_name: str, env_name: str | None = None) -> str:
        where = str(self.keys_dir / file_name)
        return f"{where} and ${env_name}" if env_name else where

    def _read(self, file_name: str, env_name: str, label: str) -> bytes:
        if self._environ.get(env_name):
            return _decode(self._environ[env_name], f"${env_name}")
        path = self.keys_dir / file_name
        try:
            raw = path.read_text(encoding="ascii")
        except FileNotFoundError:
            raise MissingKeyError(label, self._where(file_name, env_name)) from None
        except (OSError, UnicodeDecodeError) as exc:
            problem = type(exc).__name__
            raise KeyStoreError(f"Key {label} in {path} is unreadable ({problem}).") from None
        return _decode(raw, label)
