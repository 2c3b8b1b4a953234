"""Certificates between central and a box: what a box may receive, and what central accepts
of the certificates a box pushes (only what that box could issue).

Why: central's public verification page answers from its register, and a box's key stays
trusted for what the register holds (caseflow/services/documents/signing_keys.py). So the
register must hold only what the box could honestly have issued, or a laptop taken before
its revocation (or its credential copied) could push a "valid" certificate for any site,
bring a revoked one back to life, or take a number central will need. A box's certificate
operation is therefore kept and flagged for review, not applied, when the certificate as it
would stand:

- is not of one of the box's sites;
- goes from revoked or superseded back to anything, or back to a draft;
- carries an issue (serial, code, dates, hashes) that is not the box's own: a number
  outside the blocks central reserved for this box, a serial not of its site, year and
  number, or a code that does not verify with this box's pinned key over this very
  certificate (serial, date, kind, site, body hash).

A draft and a revocation (a box's coordinator or the author may revoke) pass; whether its
author still had access is the review queue's business, as for every operation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from caseflow.certificates import TEMPLATES
from caseflow.certificates import seal as sealing
from caseflow.crypto import verify_with_public_key
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.clinic_box import ClinicBox, SerialBlock
from caseflow.models.site import Site
from caseflow.roles import Role
from caseflow.sync import review
from caseflow.sync.stored import to_json

ISSUE_COLUMNS = ("serial", "code", "number", "year", "issued_on", "body_sha256", "template",
                 "site_id")
ENDED = ("revoked", "superseded")
MOVES = {("draft", "issued"), ("issued", "revoked"), ("issued", "superseded")}


def _as_it_would_stand(session: Session, op: dict) -> tuple[dict[str, Any], dict, str | None]:
    """(the row after the operation, in stored JSON form; the columns it sets; the status
    before it, None for a new row)."""
    if op["kind"] == "insert":
        return dict(op["payload"]), dict(op["payload"]), None
    table = Certificate.__table__
    current = session.execute(select(table).where(
        table.c.id == uuid.UUID(str(op["row_id"])))).first()
    if current is None:
        return {}, {}, None  # a row central does not hold: apply keeps it unapplied
    row = {c.name: to_json(c, current._mapping[c]) for c in table.c}
    changes = {name: pair[1] for name, pair in op["payload"].items()
               if isinstance(pair, list) and len(pair) == 2}
    return {**row, **changes}, changes, row["status"]


def _issue_is_the_boxs(session: Session, box: ClinicBox, row: dict) -> bool:
    site = session.get(Site, row.get("site_id"))
    serial, code, number, year = (row.get("serial"), row.get("code"), row.get("number"),
                                  row.get("year"))
    if site is None or not isinstance(number, int) or not isinstance(year, int):
        return False
    if serial != f"{site.code}-{year}-{number:05d}" or box.signing_public_key is None:
        return False
    reserved = session.scalar(select(SerialBlock.id).where(
        SerialBlock.device == box.id, SerialBlock.site_id == site.id,
        SerialBlock.year == year, SerialBlock.first <= number, SerialBlock.last >= number))
    if reserved is None:
        return False
    try:
        statement, signature = sealing.decode_code(serial, code or "")
    except sealing.SealError:
        return False
    return (statement.template == row.get("template")
            and statement.issue_date == date.fromisoformat(str(row.get("issued_on")))
            and statement.body_sha256.hex() == row.get("body_sha256")
            and verify_with_public_key(bytes(box.signing_public_key), statement.message(),
                                       signature))


def refusal_for(box: ClinicBox) -> Callable[[Session, dict], str | None]:
    """The check ``apply_operations`` runs on each operation of this box's push."""

    def refuse(session: Session, op: dict) -> str | None:
        if op.get("table_name") != "certificate" or not isinstance(op.get("payload"), dict):
            return None
        row, sets, before = _as_it_would_stand(session, op)
        if not row:
            return None
        if row.get("site_id") not in box.site_ids:
            return review.CERTIFICATE_REFUSED
        after = row.get("status")
        if before is not None and before != after and (before, after) not in MOVES:
            return review.CERTIFICATE_REFUSED
        if before is None and after in ENDED:
            return review.CERTIFICATE_REFUSED  # ended before central ever saw it issued
        issuing = after != "draft" and (before is None or any(c in sets for c in ISSUE_COLUMNS))
        if issuing and not _issue_is_the_boxs(session, box, row):
            return review.CERTIFICATE_REFUSED
        return None

    return refuse


def readable_clause(staff: list) -> Any:
    """SQL condition: the certificates someone of the box's staff may read (the rule of
    caseflow/access/certificates.py, sites aside): their own, drafts included; issued ones
    open to the team (an attestation of follow-up, dates only) or of a discipline someone
    on the box practises. Another author's draft, or a psychologist's attestation on a box
    with no psychologist, does not leave central."""
    certificate = Certificate.__table__
    readers = [u for u in staff if u.role not in (Role.DATA_MANAGER, Role.ADMIN)]
    disciplines = sorted({u.discipline for u in readers if u.discipline is not None})
    open_to_team = sorted(key for key, t in TEMPLATES.items() if t.open_to_team)
    return or_(certificate.c.author_id.in_([u.id for u in readers]),
               and_(certificate.c.status != CertificateStatus.DRAFT,
                    or_(certificate.c.template.in_(open_to_team),
                        certificate.c.discipline.in_(disciplines))))
