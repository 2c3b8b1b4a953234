"""Where an unlocked server keeps its keyring's master key: a file in RAM (tmpfs).

Why a RAM file and not the process's memory alone: a site server runs several gunicorn
workers, and ``flask seal`` or ``flask sync`` run as other processes; each must see the
same unlocked or sealed state at once. A tmpfs file (``/dev/shm`` on Linux, mode 0600,
owned by the service account) is memory that those processes share; it never reaches a
disk (unless the machine swaps: docs/OFFLINE.md asks for no swap or encrypted swap on a
box) and it vanishes when the machine stops, which is when a seized laptop is usually
taken. A directory that is not a RAM file system is refused.

Sealing overwrites the file with zeros and unlinks it; every process notices on its next
key access (one ``stat``) and drops what it derived from the keys.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from caseflow.crypto.errors import KeyStoreError
from caseflow.crypto.keystore import write_private

RAM_FILE_SYSTEMS = frozenset({"tmpfs", "ramfs"})
DEFAULT_DIRECTORY = "/dev/shm"  # noqa: S108 (a RAM file system, checked; not a temp file)


def _mount_type(path: Path) -> str | None:
    """The file system type of the mount holding ``path`` (Linux /proc/mounts), or None."""
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best, kind = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, parts[2]
    return kind


class Vault:
    """The master key of one key directory, in one RAM file."""

    def __init__(self, directory: str | Path, keys_dir: str | Path) -> None:
        self.directory = Path(directory)
        tag = hashlib.sha256(os.path.realpath(keys_dir).encode()).hexdigest()[:20]
        self.path = self.directory / f"caseflow-{tag}.key"

    def check_in_ram(self) -> None:
        kind = _mount_type(self.directory)
        if kind not in RAM_FILE_SYSTEMS:
            raise KeyStoreError(
                f"KEY_VAULT_DIR {self.directory} is not a RAM file system ({kind or 'unknown'}): "
                "memory custody would write the unlocked key to a disk. Use /dev/shm or a "
                "tmpfs mount.")

    def put(self, master: bytes) -> None:
        self.check_in_ram()
        write_private(self.path, master, replace=True)

    def signature(self) -> tuple[int, int] | None:
        """Changes whenever the vault is refilled or emptied (None: sealed)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def get(self) -> bytes | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return data if len(data) == 32 and any(data) else None

    def wipe(self) -> bool:
        """Overwrite with zeros and remove; True if there was something to wipe."""
        try:
            fd = os.open(self.path, os.O_WRONLY)
        except FileNotFoundError:
            return False
        try:
            size = os.fstat(fd).st_size
            os.write(fd, b"\0" * size)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        return True
