"""What a certificate says: the author's input, its JSON inside the encrypted column, and
the CertificateData the renderer prints (identity as declared, author, letterhead).

Kept apart from the workflow (services/certificates.py) so that the words of a
certificate and the steps of issuing one can each be read on their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError
from sqlalchemy import select

from caseflow.access.person import person_access
from caseflow.certificates import (
    TEMPLATES,
    BirthPrecision,
    CertificateData,
    Correction,
    CorrectionKind,
    DeclaredIdentity,
    Facts,
    FieldKind,
    Finding,
    Gender,
    Handover,
    HandoverMode,
    Interpreter,
    Lesion,
    Reported,
    gender_of_sex,
)
from caseflow.certificates import seal as sealing
from caseflow.certificates.scales import Consistency
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.names import full_name
from caseflow.pdf import Letterhead
from caseflow.services.care.consents import INTERPRETED
from caseflow.services.documents.certificate_signer import author_of
from caseflow.timezones import site_today
from caseflow.vocabulary import BirthDatePrecision, ConsentPurpose, InterpreterKind

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
    interpreter_language: str = ""  # a language code (the one question), or text typed before
    correction_reason: str = ""
    interpreter_kind: str = ""  # InterpreterKind value: how the interpreter helped, if one did
    # On requisition: its reference and date (the authority is `handover_recipient`).
    handover_reference: str = ""
    handover_date: dt.date | None = None
    # A correction after a new examination (clinical), or of a clerical error.
    correction_kind: CorrectionKind = CorrectionKind.CLINICAL
    # Violence found on a declared minor: what the author decided about informing the
    # prosecutor or the child-protection unit (certificate_rules.py); never printed.
    duty_to_report: dict[str, str] | None = None


# --- Content: stored as JSON inside the encrypted column -----------------------------------


def _to_json(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.STATEMENT and isinstance(value, Reported):
        return {"reported": str(value)}  # a plain string: the person's own words, quoted
    if kind is FieldKind.FACTS:
        return {"start": value.start.isoformat(),
                "end": value.end.isoformat() if value.end else None, "place": value.place}
    if kind is FieldKind.LEVEL:
        return value.value
    if kind is FieldKind.DATES:
        return [d.isoformat() for d in value]
    if kind is FieldKind.LESIONS:
        return [asdict(lesion) for lesion in value]
    if kind is FieldKind.FINDINGS:
        return [{"description": f.description, "consistency": f.consistency.value,
                 "region": f.region} for f in value]
    return value


def _from_json(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.STATEMENT and isinstance(value, dict):
        return Reported(value["reported"])
    if kind is FieldKind.FACTS:
        return Facts(dt.date.fromisoformat(value["start"]),
                     dt.date.fromisoformat(value["end"]) if value.get("end") else None,
                     value.get("place", ""))
    if kind is FieldKind.LEVEL:
        return Consistency(value)
    if kind is FieldKind.DATES:
        return [dt.date.fromisoformat(d) for d in value]
    if kind is FieldKind.LESIONS:
        return [Lesion(**item) for item in value]
    if kind is FieldKind.FINDINGS:
        return [Finding(item["description"], Consistency(item["consistency"]),
                        item.get("region", "")) for item in value]
    return value


def input_of(certificate: Certificate) -> CertificateInput:
    """The draft's (or an issued certificate's) words back as a CertificateInput."""
    content = certificate.content or {}
    specs = {spec.key: spec.kind for spec in TEMPLATES[certificate.template].fields}
    interpreter = content.get("interpreter") or {}
    requisition = content.get("requisition") or {}
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
        interpreter_kind=interpreter.get("kind", ""),
        handover_reference=requisition.get("reference", ""),
        handover_date=(dt.date.fromisoformat(requisition["date"])
                       if requisition.get("date") else None),
        correction_kind=CorrectionKind(content.get("correction_kind", "clinical")),
        duty_to_report=content.get("duty_to_report"),
    )


def content_of(data: CertificateInput, identity: DeclaredIdentity | None = None) -> dict:
    specs = {spec.key: spec.kind for spec in TEMPLATES[data.template].fields}
    content: dict[str, Any] = {
        "exam_date": data.exam_date.isoformat(),
        "fields": {k: _to_json(specs[k], v) for k, v in data.fields.items() if k in specs},
        "handover_recipient": data.handover_recipient.strip(),
        "interpreter": ({"name": data.interpreter_name.strip(),
                         "language": data.interpreter_language.strip(),
                         "kind": data.interpreter_kind}
                        if data.interpreter_name.strip() or data.interpreter_language.strip()
                        else None),
        "correction_kind": data.correction_kind.value,
        "duty_to_report": data.duty_to_report,
    }
    if data.handover_reference.strip() or data.handover_date:  # printed on requisition only
        content["requisition"] = {
            "reference": data.handover_reference.strip(),
            "date": data.handover_date.isoformat() if data.handover_date else None}
    if identity is not None:  # frozen at issue: the identity as declared that day
        content["identity"] = {
            "names": identity.names, "precision": identity.birth_precision.value,
            "birth_date": identity.birth_date.isoformat() if identity.birth_date else None,
            "gender": identity.gender.value}
    return content


def declared_identity(person) -> DeclaredIdentity:
    """The identity as the person declares it; the family name in capitals, as French
    certificates write it, so that a court reads which name is which; a name in Arabic
    script, which has no capitals, given name first as its readers read it
    (caseflow.names)."""
    names = full_name((person.family_name or "").strip().upper(), person.given_names)
    precision = PRECISION[BirthDatePrecision(person.birth_date_precision)]
    born = person.birth_date if precision is not BirthPrecision.UNKNOWN else None
    return DeclaredIdentity(names, born, precision if born else BirthPrecision.UNKNOWN,
                            gender=gender_of_sex(person.sex))


def _identity_of(content: dict, person) -> DeclaredIdentity:
    frozen = content.get("identity")
    if not frozen:
        return declared_identity(person)
    born = frozen.get("birth_date")
    # Certificates issued before the agreement was printed froze no gender: inclusive.
    return DeclaredIdentity(frozen["names"], dt.date.fromisoformat(born) if born else None,
                            BirthPrecision(frozen["precision"]),
                            gender=Gender(frozen.get("gender", Gender.INCLUSIVE.value)))


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
    interpreter = (Interpreter(data.interpreter_name.strip(),
                               spoken_language(data.interpreter_language, data.language))
                   if data.interpreter_name.strip() else None)
    old = certificate.supersedes
    correction = (Correction(old.serial, old.issued_on, data.correction_kind,
                             data.correction_reason)
                  if old is not None and old.serial and old.issued_on else None)
    return CertificateData(
        template=data.template, letterhead=letterhead_of(site), place=_place(site),
        author=author_of(certificate.author), person=identity or _identity_of(
            certificate.content or {}, person),
        exam_date=data.exam_date, issue_date=certificate.issued_on or site_today(site.id),
        serial=serial, verification_url=sealing.verification_url(base_url, serial),
        fields=data.fields, handover=Handover(
            data.handover_mode, data.handover_recipient.strip(),
            data.handover_reference.strip(), data.handover_date),
        interpreter=interpreter, correction=correction, country=site.country,
    )


def _place(site) -> str:
    """"Fait à Pantin": the town of the site's address (its last line), else the site name."""
    lines = [line.strip() for line in (site.address or "").replace(",", "\n").splitlines()
             if line.strip()]
    if lines:
        town = lines[-1].split(" ", 1)
        return town[1] if len(town) == 2 and town[0].isdigit() else lines[-1]
    return site.name


# --- What the form is offered: drawn from the record, for the author to check -----------------


def contact_days(viewer, person) -> list[dt.date]:
    """Days of the notes this viewer may read, oldest first: an attestation of follow-up's
    dates, offered for the author to check (never more than the last 60 contacts)."""
    from caseflow.models.note import Note
    from caseflow.timezones import to_local

    clause = person_access(viewer, person).note_clause()
    rows = db.session.execute(select(Note.occurred_at, Note.site_id).where(clause)
                              .order_by(Note.occurred_at.desc()).limit(60))
    return sorted({to_local(at, site).date() for at, site in rows})


def interpreter_hint(viewer, person) -> tuple[InterpreterKind, str] | None:
    """How an interpreter will likely help, to pre-fill the one question of the form: as with
    the person's last request for a certificate, else as their record says (interpreter
    needed, first language). Only a suggestion: the author answers."""
    for consent in person_access(viewer, person).consents:  # the latest first
        if (consent.purpose == ConsentPurpose.CERTIFICATE and consent.interpreter_kind in
                INTERPRETED and consent.interpreter_language):
            return InterpreterKind(consent.interpreter_kind), consent.interpreter_language
    if person.interpreter_needed and person.languages:
        return InterpreterKind.PROFESSIONAL_ON_SITE, person.languages[0]
    return None


def language_code(value: str) -> str:
    """The code of a language interpreted: as stored, or typed as a name (« Tigrigna ») on a
    draft written before the question became a list; "" if it names no language."""
    value = (value or "").strip()
    if re.fullmatch(r"[a-z]{2,3}", value):
        return value
    for language in ("fr", "en"):
        for code, name in Locale.parse(language).languages.items():
            if name.casefold() == value.casefold() and re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return ""


def spoken_language(value: str, language: str) -> str:
    """The language interpreted as the certificate prints it: a code (the one question of the
    form) named in the certificate's own language (« arabe », "Arabic"); text typed before
    the question became a list, as typed."""
    value = (value or "").strip()
    if not re.fullmatch(r"[a-z]{2,3}", value):
        return value
    try:
        return Locale.parse(language).languages.get(value, value)
    except (ValueError, UnknownLocaleError):
        return value
