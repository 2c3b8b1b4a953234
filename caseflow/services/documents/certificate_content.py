"""What a certificate says: the author's input, its JSON inside the encrypted column, and
the CertificateData the renderer prints (identity as declared, author, letterhead).

Kept apart from the workflow (services/certificates.py) so that the words of a
certificate and the steps of issuing one can each be read on their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from caseflow.certificates import (
    TEMPLATES,
    Author,
    BirthPrecision,
    CertificateData,
    DeclaredIdentity,
    FieldKind,
    Finding,
    Handover,
    HandoverMode,
    Interpreter,
    Lesion,
)
from caseflow.certificates import seal as sealing
from caseflow.certificates.templates import Consistency
from caseflow.models.certificate import Certificate
from caseflow.pdf import Letterhead
from caseflow.timezones import site_today
from caseflow.vocabulary import BirthDatePrecision

PRECISION = {
    BirthDatePrecision.FULL: BirthPrecision.DAY,
    BirthDatePrecision.MONTH: BirthPrecision.MONTH,
    BirthDatePrecision.YEAR: BirthPrecision.YEAR,
    BirthDatePrecision.UNKNOWN: BirthPrecision.UNKNOWN,
}


@dataclass
class CertificateInput:
    """What the author fills in; `fields` holds the template's values as Python objects."""

    template: str
    site_id: int
    language: str
    exam_date: dt.date
    fields: dict[str, Any] = field(default_factory=dict)
    handover_mode: HandoverMode = HandoverMode.IN_HAND
    handover_recipient: str = ""
    interpreter_name: str = ""
    interpreter_language: str = ""
    correction_reason: str = ""


# --- Content: stored as JSON inside the encrypted column -----------------------------------


def _to_json(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.DATES:
        return [d.isoformat() for d in value]
    if kind is FieldKind.LESIONS:
        return [asdict(lesion) for lesion in value]
    if kind is FieldKind.FINDINGS:
        return [{"description": f.description, "consistency": f.consistency.value}
                for f in value]
    return value


def _from_json(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.DATES:
        return [dt.date.fromisoformat(d) for d in value]
    if kind is FieldKind.LESIONS:
        return [Lesion(**item) for item in value]
    if kind is FieldKind.FINDINGS:
        return [Finding(item["description"], Consistency(item["consistency"])) for item in value]
    return value


def input_of(certificate: Certificate) -> CertificateInput:
    """The draft's (or an issued certificate's) words back as a CertificateInput."""
    content = certificate.content or {}
    specs = {spec.key: spec.kind for spec in TEMPLATES[certificate.template].fields}
    interpreter = content.get("interpreter") or {}
    return CertificateInput(
        template=certificate.template, site_id=certificate.site_id,
        language=certificate.language, exam_date=dt.date.fromisoformat(content["exam_date"]),
        fields={k: _from_json(specs[k], v) for k, v in content.get("fields", {}).items()
                if k in specs},
        handover_mode=HandoverMode(certificate.handover_mode),
        handover_recipient=content.get("handover_recipient", ""),
        interpreter_name=interpreter.get("name", ""),
        interpreter_language=interpreter.get("language", ""),
        correction_reason=certificate.correction_reason or "",
    )


def content_of(data: CertificateInput, identity: DeclaredIdentity | None = None) -> dict:
    specs = {spec.key: spec.kind for spec in TEMPLATES[data.template].fields}
    content: dict[str, Any] = {
        "exam_date": data.exam_date.isoformat(),
        "fields": {k: _to_json(specs[k], v) for k, v in data.fields.items() if k in specs},
        "handover_recipient": data.handover_recipient.strip(),
        "interpreter": ({"name": data.interpreter_name.strip(),
                         "language": data.interpreter_language.strip()}
                        if data.interpreter_name.strip() else None),
    }
    if identity is not None:  # frozen at issue: the identity as declared that day
        content["identity"] = {
            "names": identity.names, "precision": identity.birth_precision.value,
            "birth_date": identity.birth_date.isoformat() if identity.birth_date else None}
    return content


def declared_identity(person) -> DeclaredIdentity:
    """The identity as the person declares it; the family name in capitals, as French
    certificates write it, so that a court reads which name is which."""
    family = (person.family_name or "").strip().upper()
    names = " ".join(p for p in (family, (person.given_names or "").strip()) if p)
    precision = PRECISION[BirthDatePrecision(person.birth_date_precision)]
    born = person.birth_date if precision is not BirthPrecision.UNKNOWN else None
    return DeclaredIdentity(names, born, precision if born else BirthPrecision.UNKNOWN)


def _identity_of(content: dict, person) -> DeclaredIdentity:
    frozen = content.get("identity")
    if not frozen:
        return declared_identity(person)
    born = frozen.get("birth_date")
    return DeclaredIdentity(frozen["names"], dt.date.fromisoformat(born) if born else None,
                            BirthPrecision(frozen["precision"]))


def author_of(user) -> Author:
    return Author(name=user.display_name, role=str(user.role), profession=user.profession or "",
                  rpps=user.rpps or None, adeli=user.adeli or None)


def letterhead_of(site) -> Letterhead:
    return Letterhead(organisation=site.organisation, site_name=site.name, address=site.address,
                      phone=site.phone, email=site.email)


def compose(certificate: Certificate, person, *, data: CertificateInput | None = None,
            serial: str | None = None, base_url: str = "https://caseflow.invalid",
            identity: DeclaredIdentity | None = None) -> CertificateData:
    """The CertificateData of a certificate (its draft words unless `data` is given)."""
    data = data or input_of(certificate)
    site = certificate.site
    year = site_today(site.id).year
    serial = serial or certificate.serial or f"{site.code}-{year}-00000"
    interpreter = (Interpreter(data.interpreter_name.strip(), data.interpreter_language.strip())
                   if data.interpreter_name.strip() else None)
    old = certificate.supersedes
    replaces = (old.serial, old.issued_on) if old is not None and old.serial else None
    return CertificateData(
        template=data.template, letterhead=letterhead_of(site), place=_place(site),
        author=author_of(certificate.author), person=identity or _identity_of(
            certificate.content or {}, person),
        exam_date=data.exam_date, issue_date=certificate.issued_on or site_today(site.id),
        serial=serial, verification_url=sealing.verification_url(base_url, serial),
        fields=data.fields, handover=Handover(data.handover_mode, data.handover_recipient.strip()),
        interpreter=interpreter, replaces=replaces,
    )


def _place(site) -> str:
    """"Fait à Pantin": the town of the site's address (its last line), else the site name."""
    lines = [line.strip() for line in (site.address or "").replace(",", "\n").splitlines()
             if line.strip()]
    if lines:
        town = lines[-1].split(" ", 1)
        return town[1] if len(town) == 2 and town[0].isdigit() else lines[-1]
    return site.name
