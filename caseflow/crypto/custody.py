"""Memory custody: a key store whose keys exist only while a coordinator has unlocked them.

``KEY_CUSTODY = "memory"`` (a clinic box, a site server where a machine can be seized)
replaces the key files of caseflow.crypto.keystore by the passphrase-locked keyring of
caseflow.crypto.keyring, and keeps the keyring's master key in a RAM file
(caseflow.crypto.vault). Every key access checks the vault (one ``stat``): sealed, every
cipher this process derived is dropped and ``SealedError`` raised, so a sealed server
reads nothing more, in every worker and command, from its next access on.

The rest of the app does not know which custody it runs under: the same KeyStore methods
answer (``kek``, ``index_key``, ``signing_key``, versions, rotation).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseflow.crypto import keyring
from caseflow.crypto.errors import KeyStoreError, MissingKeyError, SealedError
from caseflow.crypto.keystore import (
    CURRENT_TTL_SECONDS,
    INDEX_FILE,
    KEK_ENV,
    KEK_FILE,
    KEY_BYTES,
    SIGNING_FILE,
    TRANSPORT_FILE,
    KeyStore,
    check_box_secret,
    kek_file_name,
)
from caseflow.crypto.vault import Vault

MODES = ("files", "memory")


def fresh_key_files() -> dict[str, bytes]:
    """The key files of a new installation, generated in memory."""
    return {kek_file_name(1): os.urandom(KEY_BYTES), INDEX_FILE: os.urandom(KEY_BYTES),
            SIGNING_FILE: os.urandom(KEY_BYTES), TRANSPORT_FILE: os.urandom(KEY_BYTES)}


class LockedKeyStore(KeyStore):
    """A KeyStore reading its keys from the unlocked keyring, never from files or environment."""

    def __init__(self, keys_dir: str | Path, vault: Vault,
                 environ: dict[str, str] | None = None, scrypt_n: int = keyring.SCRYPT_N) -> None:
        env = dict(os.environ if environ is None else environ)
        clear = sorted(k for k in env if KEK_ENV.match(k) or k in (
            "CASEFLOW_BLIND_INDEX_KEY", "CASEFLOW_SIGNING_KEY", "CASEFLOW_TRANSPORT_KEY"))
        if clear:
            raise KeyStoreError(f"Memory custody keeps no key at rest, but {', '.join(clear)} "
                                "is set: remove it from the environment.")
        super().__init__(keys_dir, environ={})
        self.vault = vault
        self.scrypt_n = scrypt_n
        self._seen: tuple | None = None
        self._files: dict[str, bytes] | None = None
        self._master: bytes | None = None
        self._derived: dict[str, object] = {}
        self.generation = 0

    # -- the unlocked state ---------------------------------------------------

    def _signature(self) -> tuple | None:
        vault = self.vault.signature()
        if vault is None:
            return None
        try:
            st = os.stat(keyring.path_in(self.keys_dir))
        except FileNotFoundError:
            return None
        return (*vault, st.st_ino, st.st_mtime_ns)

    def forget(self) -> None:
        """Drop every key and cipher this process holds (sealed, or the keyring changed)."""
        self._keks.clear()
        self._derived.clear()
        self._files = None
        self._master = None
        self._current = None
        self._seen = None
        self.generation += 1

    def bundle(self) -> dict[str, bytes]:
        """The unlocked key files; SealedError when the vault is empty."""
        signature = self._signature()
        if signature is None:
            if self._seen is not None or self._files is not None:
                self.forget()
            raise SealedError()
        if signature != self._seen or self._files is None:
            self.forget()
            master = self.vault.get()
            if master is None:
                raise SealedError()
            self._files = keyring.read_bundle(self.keys_dir, master)
            self._master = master
            self._seen = signature
        return self._files

    def check(self) -> int:
        """The current generation after checking the vault: derived caches rebuild when it moves."""
        self.bundle()
        return self.generation

    @property
    def sealed(self) -> bool:
        try:
            self.bundle()
        except SealedError:
            return True
        return False

    # -- the KeyStore interface -----------------------------------------------

    def kek_versions(self) -> list[int]:
        return sorted(int(m.group(1)) for name in self.bundle() if (m := KEK_FILE.match(name)))

    def current_kek_version(self) -> int:
        self.bundle()
        now = time.monotonic()
        if self._current is not None and now - self._current[1] < CURRENT_TTL_SECONDS:
            return self._current[0]
        versions = self.kek_versions()
        if not versions:
            raise MissingKeyError("KEK (any version)", str(keyring.path_in(self.keys_dir)))
        self._current = (versions[-1], now)
        return versions[-1]

    def kek(self, version: int) -> AESGCM:
        self.bundle()
        return super().kek(version)

    @property
    def index_key(self) -> bytes:  # type: ignore[override]
        return self._read(INDEX_FILE, "", "blind-index key")

    @property
    def signing_key(self) -> Ed25519PrivateKey:  # type: ignore[override]
        self.bundle()
        found = self._derived.get("signing")
        if found is None:
            found = Ed25519PrivateKey.from_private_bytes(
                self._read(SIGNING_FILE, "", "Ed25519 signing key"))
            self._derived["signing"] = found
        return found  # type: ignore[return-value]

    @property
    def transport_key(self) -> X25519PrivateKey:  # type: ignore[override]
        files = self.bundle()
        if TRANSPORT_FILE not in files:
            # A keyring made before sync existed: the key is created inside it, never in clear.
            self._write({**files, TRANSPORT_FILE: os.urandom(KEY_BYTES)})
            files = self.bundle()
        found = self._derived.get("transport")
        if found is None:
            found = X25519PrivateKey.from_private_bytes(files[TRANSPORT_FILE])
            self._derived["transport"] = found
        return found  # type: ignore[return-value]

    def read_box_secret(self, name: str) -> bytes | None:
        check_box_secret(name)
        return self.bundle().get(name)

    def write_box_secret(self, name: str, data: bytes) -> None:
        check_box_secret(name)
        self._write({**self.bundle(), name: data})

    def add_kek_version(self) -> int:
        files = dict(self.bundle())
        version = (self.kek_versions() or [0])[-1] + 1
        files[kek_file_name(version)] = os.urandom(KEY_BYTES)
        self._write(files)
        return version

    def remove_kek_file(self, version: int) -> bool:
        files = dict(self.bundle())
        if files.pop(kek_file_name(version), None) is None:
            return False
        self._write(files)
        return True

    def kek_in_environment(self, version: int) -> bool:
        return False

    def _write(self, files: dict[str, bytes]) -> None:
        assert self._master is not None
        keyring.write_bundle(self.keys_dir, self._master, files)
        self.forget()

    def _read(self, file_name: str, env_name: str, label: str) -> bytes:
        try:
            return self.bundle()[file_name]
        except KeyError:
            raise MissingKeyError(label, str(keyring.path_in(self.keys_dir))) from None


# -- unlocking and sealing ------------------------------------------------------


def initialise(store: LockedKeyStore, passphrase: str, label: str = "coordinator") -> bool:
    """A new installation: fresh keys straight into a keyring, unlocked; False if one exists.

    The keys are generated in memory and never written in clear."""
    if keyring.exists(store.keys_dir):
        return False
    Path(store.keys_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(store.keys_dir, 0o700)
    store.vault.check_in_ram()
    master = keyring.create(store.keys_dir, passphrase, fresh_key_files(), label=label,
                            n=store.scrypt_n)
    store.vault.put(master)
    return True


def lock_key_files(store: LockedKeyStore, passphrase: str, label: str = "coordinator") -> list[str]:
    """Move an installation's clear key files into a new keyring, then erase the files.

    For a server that ran in file custody and moves to memory custody: its data keys stay
    wrapped under the same KEKs, only their custody changes. Returns the files erased."""
    keys_dir = Path(store.keys_dir)
    names = sorted(p.name for p in keys_dir.iterdir()
                   if KEK_FILE.match(p.name) or p.name in (INDEX_FILE, SIGNING_FILE,
                                                            TRANSPORT_FILE))
    if not any(KEK_FILE.match(name) for name in names):
        raise KeyStoreError(f"No key file to lock in {keys_dir}.")
    plain = KeyStore(keys_dir, environ={})
    files = {name: plain._read(name, "", name) for name in names}
    store.vault.check_in_ram()
    master = keyring.create(keys_dir, passphrase, files, label=label, n=store.scrypt_n)
    for name in names:
        _erase(keys_dir / name)
    store.vault.put(master)
    store.forget()
    return names


def _erase(path: Path) -> None:
    """Overwrite a key file before unlinking it (what a file system lets us do; see
    docs/OFFLINE.md on SSDs and full-disk encryption)."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.write(os.urandom(size))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def unlock(store: LockedKeyStore, passphrase: str) -> str:
    """Open the keyring with a coordinator's passphrase; the slot's label (for the audit)."""
    master, label = keyring.open_master(store.keys_dir, passphrase)
    store.vault.put(master)
    store.forget()
    return label


def seal(store: LockedKeyStore) -> bool:
    """Wipe the master key from RAM and every key this process derived; True if it was open."""
    was_open = store.vault.wipe()
    store.forget()
    return was_open


def add_passphrase(store: LockedKeyStore, passphrase: str, label: str) -> str:
    """A new slot (another coordinator's passphrase): the keys must be unlocked."""
    store.bundle()
    assert store._master is not None
    return keyring.add_slot(store.keys_dir, store._master, passphrase, label=label,
                            n=store.scrypt_n)
