"""caseflow.sync: clinic boxes and the central server exchange an operation log (issue 21).

One concept per module:

- ``uuid7``: the operations' ids (RFC 9562 UUIDv7, monotonic on a device);
- ``registry``: which tables sync, and how (append-only rows, records edited field by field);
- ``stored``: column values in their stored form (ciphertexts as they are) as JSON;
- ``recording``: the session listener that turns each change into an operation, in the
  change's own transaction;
- ``exchange``: the wire form, a box's push queue, central's pull set and its cursor;
- ``apply``: applying a batch idempotently, with the three-way rule per field;
- ``conflicts``: a record's open conflicts and a professional's choice;
- ``review``: operations applied and flagged for a look (the author's access changed).

Configuration: ``SYNC_ROLE`` ("central", the default, or "box"), ``SYNC_DEVICE`` (a box's
id), ``SYNC_RECORD_CENTRAL`` (central records its own changes for boxes to pull).
"""

from __future__ import annotations

from flask import Flask

ROLES = ("central", "box")


def init_app(app: Flask) -> None:
    """Check the sync settings and install the recording listener (idempotent)."""
    from caseflow.config import ConfigError
    from caseflow.sync import recording

    role = app.config.setdefault("SYNC_ROLE", "central")
    if role not in ROLES:
        raise ConfigError(f"SYNC_ROLE must be one of {', '.join(ROLES)}, got {role!r}")
    device = app.config.get("SYNC_DEVICE") or ""
    if role == "box" and (not device or device == "central" or len(device) > 64):
        raise ConfigError("SYNC_DEVICE must name the box (1 to 64 characters, not 'central')")
    recording.install()
