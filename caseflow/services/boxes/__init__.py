"""The central server's register of clinic boxes: enrol, authenticate, revoke, and the
data keys a box may receive (docs/OFFLINE.md, Boxes).

A box authenticates with a bearer credential (32 random bytes, shown once at enrolment,
kept on the box inside its sealed keyring; central keeps its SHA-256 only). At its first
contact the box's transport public key is pinned; a later contact with another key is
refused (a copied credential on another machine). A revoked box's credential is refused
at once and central seals nothing more to it.

What a box may hold: the people with an open enrolment at one of its sites. Their data
keys are sealed to the box's pinned key (caseflow.crypto.transport), never anyone else's.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow import crypto
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import REVOCATION_REASONS, ClinicBox, SerialBlock
from caseflow.models.enrolment import Enrolment
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.documents.serials import advance_counter

CENTRAL = "central"
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


class BoxRefused(Exception):
    """A box's request refused: ``reason`` is what the box is told (unknown, revoked,
    other-key), never which part of a credential was wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def enrol_box(code: str, site_codes: list[str], label: str = "", actor=None) -> str:
    """Register a box for some sites; the credential to configure on it (shown once)."""
    code = code.strip().upper()
    if not CODE.match(code):
        raise ServiceError(_l("A box code is 2 to 20 capital letters, digits or dashes, "
                              "e.g. CAL-1."), field="code")
    if db.session.get(ClinicBox, code) is not None:
        raise ServiceError(_l("A box with this code exists already (codes are never reused, "
                              "even after a revocation)."), field="code")
    wanted = {c.strip().upper() for c in site_codes if c.strip()}
    sites = db.session.scalars(select(Site).where(func.upper(Site.code).in_(wanted))).all()
    if not wanted or len(sites) != len(wanted):
        raise ServiceError(_l("Give the codes of the sites the box serves (e.g. CAL)."),
                           field="sites")
    token = secrets.token_urlsafe(32)
    box = ClinicBox(id=code, label=label.strip()[:120], site_ids=sorted(s.id for s in sites),
                    token_hash=_hash(token), enrolled_by=actor.id if actor else None)
    db.session.add(box)
    record_event(Action.BOX_ENROLLED, actor_id=box.enrolled_by, object_type="clinic_box",
                 object_id=code, details={"sites": sorted(s.code for s in sites)})
    db.session.commit()
    return token


def revoke_box(code: str, reason: str, actor=None) -> ClinicBox:
    """Stop a box's credential now; nothing more is sealed to it. Kept in the register."""
    box = db.session.get(ClinicBox, code.strip().upper())
    if box is None:
        raise ServiceError(_l("No box has this code."), field="code")
    if reason not in REVOCATION_REASONS:
        raise ServiceError(_l("Say why the box is revoked: lost, stolen, seized or retired."),
                           field="reason")
    if box.revoked:
        return box
    box.revoked_at, box.revoked_by, box.revoked_reason = utcnow(), (
        actor.id if actor else None), reason
    record_event(Action.BOX_REVOKED, actor_id=box.revoked_by, object_type="clinic_box",
                 object_id=box.id, details={"reason": reason})
    db.session.commit()
    return box


def authenticate(code: str, token: str) -> ClinicBox:
    """The box presenting ``token``; BoxRefused otherwise (each refusal audited)."""
    box = db.session.get(ClinicBox, (code or "").strip().upper()[:20])
    if box is None or not hmac.compare_digest(box.token_hash, _hash(token or "")):
        record_event(Action.BOX_REFUSED, object_type="clinic_box", object_id=(code or "")[:20],
                     details={"reason": "unknown"})
        db.session.commit()
        raise BoxRefused("unknown")
    if box.revoked:
        record_event(Action.BOX_REFUSED, object_type="clinic_box", object_id=box.id,
                     details={"reason": "revoked"})
        db.session.commit()
        raise BoxRefused("revoked")
    return box


def hello(box: ClinicBox, public_key: bytes, signing_key: bytes | None = None) -> dict:
    """First contact pins the box's transport key and its signing key; later contacts must
    present the same ones (a copied credential on another machine is refused)."""
    if len(public_key) != 32 or (signing_key is not None and len(signing_key) != 32):
        raise BoxRefused("bad-key")
    pinned = {"transport_public_key": public_key, "signing_public_key": signing_key}
    for column, key in pinned.items():
        if key is None:
            continue
        held = getattr(box, column)
        if held is None:
            setattr(box, column, key)
            record_event(Action.BOX_KEY_PINNED, object_type="clinic_box", object_id=box.id,
                         details={"key": column.split("_")[0]})
        elif not hmac.compare_digest(bytes(held), key):
            db.session.rollback()
            record_event(Action.BOX_REFUSED, object_type="clinic_box", object_id=box.id,
                         details={"reason": "other-key"})
            db.session.commit()
            raise BoxRefused("other-key")
    box.last_contact_at = utcnow()
    db.session.commit()
    sites = db.session.scalars(select(Site.code).where(Site.id.in_(box.site_ids))).all()
    return {"box": box.id, "sites": sorted(sites),
            "central_public_key": crypto.transport_public_key(),
            "central_signing_key": crypto.public_key_bytes()}


def people_of(box: ClinicBox) -> list[uuid.UUID]:
    """The people a box may hold: an open enrolment at one of its sites."""
    return list(db.session.scalars(
        select(Enrolment.person_id).where(Enrolment.site_id.in_(box.site_ids),
                                          Enrolment.ended_on.is_(None)).distinct()))


def sealed_keys_for(box: ClinicBox, person_ids: list[uuid.UUID],
                    held: set[uuid.UUID] | None = None) -> dict[uuid.UUID, bytes]:
    """The data keys of those of ``person_ids`` the box may hold, sealed to its pinned key.
    ``held``: ``people_of(box)`` when the caller has just read it.

    Anyone else asked for is left out (not refused: a person transferred away since the
    box's last sync simply stops travelling to it)."""
    if box.transport_public_key is None:
        raise BoxRefused("no-key")
    allowed = (set(people_of(box)) if held is None else held) & set(person_ids)
    sealed = crypto.export_person_keys(db.session, sorted(allowed), sender=CENTRAL,
                                       recipient=box.id,
                                       recipient_public=bytes(box.transport_public_key))
    record_event(Action.BOX_KEYS_SENT, object_type="clinic_box", object_id=box.id,
                 details={"count": len(sealed)})
    db.session.commit()
    return sealed



# -- certificate numbers for a box ------------------------------------------------------

SERIAL_BLOCK_SIZE = 500
SERIAL_LOW_WATER = 100  # fewer numbers left than this: the next contact reserves a block


def reserve_serial_block(box: ClinicBox, site_id: int, year: int,
                         size: int = SERIAL_BLOCK_SIZE) -> SerialBlock:
    """Move central's counter of the site and year past ``size`` numbers and give them to
    the box (the caller commits). Same statement as central's own issue: the row lock
    (PostgreSQL) or the write lock (SQLite) serialises it with certificates issued here."""
    last = advance_counter(site_id, year, size)
    block = SerialBlock(device=box.id, site_id=site_id, year=year, first=last - size + 1,
                        last=last)
    db.session.add(block)
    db.session.flush()
    return block


def serial_blocks_for(box: ClinicBox, used: dict[tuple[int, int], int],
                      years: list[int]) -> list[SerialBlock]:
    """Every block of the box for ``years``, after reserving a new one for each of its sites
    where it has fewer than SERIAL_LOW_WATER numbers left (``used``: the last number the
    box says it used per (site, year)). Commits."""
    blocks = []
    for year in years:
        for site_id in box.site_ids:
            mine = db.session.scalars(select(SerialBlock).where(
                SerialBlock.device == box.id, SerialBlock.site_id == site_id,
                SerialBlock.year == year).order_by(SerialBlock.first)).all()
            last_used = used.get((site_id, year), 0)
            left = sum(b.last - max(b.first - 1, last_used) for b in mine if b.last > last_used)
            if left < SERIAL_LOW_WATER:
                mine = [*mine, reserve_serial_block(box, site_id, year)]
            blocks += mine
    db.session.commit()
    return blocks


def take_serial_blocks(blocks: list[dict]) -> int:
    """On a box: keep the blocks central reserved for it (new ones only); how many are new."""
    added = 0
    for block in blocks:
        held = db.session.scalar(select(SerialBlock.id).where(
            SerialBlock.site_id == block["site_id"], SerialBlock.year == block["year"],
            SerialBlock.first == block["first"]))
        if held is None:
            db.session.add(SerialBlock(device=block["device"], site_id=block["site_id"],
                                       year=block["year"], first=block["first"],
                                       last=block["last"]))
            added += 1
    db.session.commit()
    return added
