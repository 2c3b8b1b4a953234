"""A passphrase-locked keyring: every key of a server that must keep no usable key at rest.

Used in memory custody (``KEY_CUSTODY = "memory"``: a clinic box, a site server in a
hostile context). The file ``keyring.json`` in the key directory holds:

- the bundle: the server's key files (``kek-v<N>.key``, ``blind-index.key``,
  ``signing-ed25519.key``), as JSON, encrypted with AES-256-GCM under a random 256-bit
  master key;
- slots, one per unlock passphrase (LUKS-like): the master key wrapped (AES-256-GCM) under
  a key derived from the passphrase with scrypt (n = 2^17, r = 8, p = 1: about 128 MiB
  and half a second per attempt on a field laptop, so a guessed passphrase costs a seizer
  that much per try, on hardware that cannot be parallelised cheaply).

Why passphrase slots rather than key shares held by two people: a clinic box restarts
after every power cut, and a mobile clinic in Calais or a detention visit in Libya often
has one coordinator present, not two; a two-person rule would stop the clinic, not the
seizer. Each coordinator has their own slot, so a departure removes one slot without
telling the others a new secret. The passphrase is never stored, and the master key is
kept only in RAM once unlocked (caseflow.crypto.vault).

Nothing here reads the vault or the app: pure functions over a path, so that the commands,
the tests and the key store use the same code.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from caseflow.crypto.errors import CryptoError, KeyStoreError
from caseflow.crypto.keystore import write_private

FILE_NAME = "keyring.json"
FORMAT = 1
LABEL = b"caseflow.keyring.v1"
MASTER_BYTES = 32
NONCE_BYTES = 12
SCRYPT_N = 2 ** 17
MIN_PASSPHRASE = 12


class WrongPassphraseError(CryptoError):
    """No slot of the keyring opens with the passphrase given (the message names nothing else)."""

    def __init__(self) -> None:
        super().__init__("This passphrase does not unlock the keys.")


def path_in(keys_dir: str | Path) -> Path:
    return Path(keys_dir) / FILE_NAME


def exists(keys_dir: str | Path) -> bool:
    return path_in(keys_dir).is_file()


def check_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise CryptoError(f"An unlock passphrase has at least {MIN_PASSPHRASE} characters "
                          "(five or six words are easier to remember and type).")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, n: int) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))
    return AESGCM(key)


def _slot_ad(slot_id: str) -> bytes:
    return LABEL + b"|slot|" + slot_id.encode("ascii")


def _new_slot(master: bytes, passphrase: str, label: str, n: int) -> dict:
    check_passphrase(passphrase)
    slot_id = uuid.uuid4().hex
    salt, nonce = os.urandom(16), os.urandom(NONCE_BYTES)
    wrapped = _derive(passphrase, salt, n).encrypt(nonce, master, _slot_ad(slot_id))
    return {"id": slot_id, "label": label.strip()[:80] or "coordinator",
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "kdf": {"name": "scrypt", "n": n, "r": 8, "p": 1, "salt": _b64(salt)},
            "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyStoreError(f"No keyring at {path}: run 'flask --app caseflow init'.") from None
    except (OSError, ValueError) as exc:
        raise KeyStoreError(f"The keyring {path} is unreadable ({type(exc).__name__}).") from None
    if data.get("format") != FORMAT or not data.get("slots"):
        raise KeyStoreError(f"The keyring {path} has an unknown format or no slot.")
    return data


def _save(path: Path, data: dict) -> None:
    write_private(path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"),
                  replace=True)


def _seal_bundle(master: bytes, files: dict[str, bytes]) -> dict:
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps({name: _b64(key) for name, key in sorted(files.items())}).encode()
    return {"nonce": _b64(nonce),
            "ciphertext": _b64(AESGCM(master).encrypt(nonce, plain, LABEL + b"|bundle"))}


def create(keys_dir: str | Path, passphrase: str, files: dict[str, bytes], *,
           label: str = "coordinator", n: int = SCRYPT_N) -> bytes:
    """Write a new keyring holding ``files``; return its master key. Never overwrites one."""
    path = path_in(keys_dir)
    if path.exists():
        raise KeyStoreError(f"A keyring already exists at {path}.")
    check_passphrase(passphrase)
    master = os.urandom(MASTER_BYTES)
    _save(path, {"format": FORMAT, "slots": [_new_slot(master, passphrase, label, n)],
                 "bundle": _seal_bundle(master, files)})
    return master


def open_master(keys_dir: str | Path, passphrase: str) -> tuple[bytes, str]:
    """The master key and the label of the slot the passphrase opened."""
    data = _load(path_in(keys_dir))
    for slot in data["slots"]:
        kdf = slot["kdf"]
        cipher = _derive(passphrase, _unb64(kdf["salt"]), int(kdf["n"]))
        try:
            master = cipher.decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]),
                                    _slot_ad(slot["id"]))
        except InvalidTag:
            continue
        return master, slot["label"]
    raise WrongPassphraseError()


def read_bundle(keys_dir: str | Path, master: bytes) -> dict[str, bytes]:
    bundle = _load(path_in(keys_dir))["bundle"]
    try:
        plain = AESGCM(master).decrypt(_unb64(bundle["nonce"]), _unb64(bundle["ciphertext"]),
                                       LABEL + b"|bundle")
    except InvalidTag:
        raise KeyStoreError("The keyring's keys do not open with the unlocked master key: the "
                            "keyring was replaced since it was unlocked; unlock again.") from None
    return {name: _unb64(value) for name, value in json.loads(plain).items()}


def write_bundle(keys_dir: str | Path, master: bytes, files: dict[str, bytes]) -> None:
    """Replace the keys (rotation, retirement) under the same master key and slots."""
    path = path_in(keys_dir)
    data = _load(path)
    read_bundle(keys_dir, master)  # the master must open the current bundle
    data["bundle"] = _seal_bundle(master, files)
    _save(path, data)


def slots(keys_dir: str | Path) -> list[dict]:
    """Each slot's id, label and creation time (nothing secret)."""
    return [{k: slot[k] for k in ("id", "label", "created")}
            for slot in _load(path_in(keys_dir))["slots"]]


def add_slot(keys_dir: str | Path, master: bytes, passphrase: str, *,
             label: str = "coordinator", n: int = SCRYPT_N) -> str:
    path = path_in(keys_dir)
    data = _load(path)
    read_bundle(keys_dir, master)
    slot = _new_slot(master, passphrase, label, n)
    data["slots"].append(slot)
    _save(path, data)
    return slot["id"]


def remove_slot(keys_dir: str | Path, slot_id: str) -> None:
    path = path_in(keys_dir)
    data = _load(path)
    remaining = [slot for slot in data["slots"] if slot["id"] != slot_id]
    if len(remaining) == len(data["slots"]):
        raise KeyStoreError(f"The keyring has no slot {slot_id}.")
    if not remaining:
        raise KeyStoreError("The last passphrase cannot be removed: nobody could unlock the keys.")
    data["slots"] = remaining
    _save(path, data)
