"""What a certificate says: the author's input, its JSON inside the encrypted column, and
the CertificateData the renderer prints (identity as declared, author, letterhead).

Kept apart from the workflow (services/certificates.py) so that the words of a
certificate and the steps of issuing one can each be read on their own.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.access.person import person_access
from caseflow.certificates import (
    TEMPLATES,
    BirthPrecision,
    CertificateData,
    DeclaredIdentity,
    FieldKind,
    Finding,
    Gender,
    Handover,
    HandoverMode,
    Interpreter,
    Lesion,
    gender_of_sex,
)
from caseflow.certificates import seal as sealing
from caseflow.certificates.templates import Consistency
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.pdf import Letterhead
from caseflow.services import ServiceError
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
        interpreter_kind=interpreter.get("kind", ""),
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
    }
    if identity is not None:  # frozen at issue: the identity as declared that day
        content["identity"] = {
            "names": identity.names, "precision": identity.birth_precision.value,
            "birth_date": identity.birth_date.isoformat() if identity.birth_date else None,
            "gender": identity.gender.value}
    return content


def declared_identity(person) -> DeclaredIdentity:
    """The identity as the person declares it; the family name in capitals, as French
    certificates write it, so that a court reads which name is which."""
    family = (person.family_name or "").strip().upper()
    names = " ".join(p for p in (family, (person.given_names or "").strip()) if p)
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
    replaces = (old.serial, old.issued_on) if old is not None and old.serial else None
    return CertificateData(
        template=data.template, letterhead=letterhead_of(site), place=_place(site),
        author=author_of(certificate.author), person=identity or _identity_of(
            certificate.content or {}, person),
        exam_date=data.exam_date, issue_date=certificate.issued_on or site_today(site.id),
        serial=serial, verification_url=sealing.verification_url(base_url, serial),
        fields=data.fields, handover=Handover(data.handover_mode, data.handover_recipient.strip()),
        interpreter=interpreter, replaces=replaces, country=site.country,
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


# --- Age proxies: words a reader could take for an estimate of age ---------------------------
# docs/FIELD.md, Age: no medical method determines age (HCSP 2014) and examining pubertal
# development is forbidden (article 388 of the Civil Code); every certificate for the juvenile
# judge prints so. A height, a Tanner stage or « paraît 17 ans » written among the findings
# would be read as the estimate the certificate says it does not contain, so the author is
# warned before issuing (and may keep the words: a BMI can describe undernutrition). The rule
# is here, once: French and English, on text folded to lower case without accents.


class AgeProxy(enum.StrEnum):
    HEIGHT = "height"
    WEIGHT = "weight"
    BMI = "bmi"
    PUBERTY = "puberty"
    DENTITION = "dentition"
    BONE_AGE = "bone_age"
    DENTAL_AGE = "dental_age"
    APPARENT_AGE = "apparent_age"


AGE_PROXY_LABELS = {
    AgeProxy.HEIGHT: _l("Height"), AgeProxy.WEIGHT: _l("Weight"), AgeProxy.BMI: _l("BMI"),
    AgeProxy.PUBERTY: _l("Puberty, Tanner stage"), AgeProxy.DENTITION: _l("Teeth, dentition"),
    AgeProxy.BONE_AGE: _l("Bone age"), AgeProxy.DENTAL_AGE: _l("Dental age"),
    AgeProxy.APPARENT_AGE: _l("Apparent age"),
}

_END = r"[^.;:!?\n]"  # within the same clause
# Between « paraît » and « 17 ans »: the same clause, and not a duration (« depuis 2 ans »).
_GAP = r"(?:(?!depuis|pendant|il y a|since|for |during)" + _END + r"){0,25}?"
_HEIGHT_MEASURE = r"\b(?:1[,.]\d{2} ?m|1 ?m ?\d{2}|1\d{2} ?cm)\b"
_AGE_WORDS = (r"(?:\bagee?s?\b|\b\d{1,2} ?(?:ans|years?|yrs)\b|\bavoir\b" + _END
              + r"{0,15}\bans\b|\b(?:plus )?jeunes?\b|\b(?:younger|older|old|young)\b|"
              r"\bmineure?s?\b|\bmajeure?s?\b|\bminor\b|\badulte?s?\b|\bvieu[xl]\w*|"
              r"\badolescente?s?\b|\bteenager\b|\byears?\b)")
# The most specific first: a span claimed by one category is not counted again by the next.
_PROXY_PATTERNS: dict[AgeProxy, tuple[str, ...]] = {
    AgeProxy.BONE_AGE: (
        r"\bage osseux\b", r"\bbone age\b", r"\bgreulich\b", r"\bmaturation osseuse\b",
        r"\bskeletal (?:age|maturity)\b", r"\bcartilages? de croissance\b",
        r"\bgrowth plates?\b",
        r"\bradio\w* (?:du |de la |des |de l.)?(?:poignets?|mains?|clavicules?)\b",
        r"\b(?:wrist|hand|clavicle) (?:x-?rays?|radiographs?)\b"),
    AgeProxy.DENTAL_AGE: (
        r"\bage dentaire\b", r"\bdental age\b", r"\bdemirjian\b",
        r"\borthopantomo\w*", r"\bpanoramique dentaire\b",
        r"\bpanoramic (?:x-?ray|radiograph)s?\b"),
    AgeProxy.APPARENT_AGE: (
        r"\b(?:parai\w*|sembl\w*|apparai\w*)\b" + _GAP + _AGE_WORDS,
        r"\b(?:looks?|looking|appears?|appearing|seems?|seeming)\b" + _GAP + _AGE_WORDS,
        r"\bage (?:apparent|estime|physiologique|probable)\b", r"\bapparent age\b",
        r"\bestimated age\b", r"\bestimation de l.?age\b", r"\bage estimation\b"),
    AgeProxy.BMI: (r"\bimc\b", r"\bbmi\b", r"\bindice de masse corporelle\b",
                   r"\bbody mass index\b"),
    AgeProxy.HEIGHT: (r"\btaille\b" + _END + r"{0,20}?" + _HEIGHT_MEASURE, _HEIGHT_MEASURE,
                      r"\bheight\b", r"\bstature\b", r"\btall\b", r"\btoise\b"),
    AgeProxy.WEIGHT: (r"\bpoids\b", r"\bpes(?:e|ee|ait|ant)\b", r"\bweigh(?:s|t|ed|ing)?\b",
                      r"\b\d+(?:[,.]\d+)? ?kg\b", r"\bkilo(?:s|grammes?|grams?)?\b"),
    AgeProxy.PUBERTY: (
        r"\bpilosite (?:pubienne|axillaire|faciale)\b", r"\b(?:pubic|axillary|facial) hair\b",
        r"\b(?:pre-?)?puber\w*", r"\bpubi(?:en|enne|ens|ennes|c|s)\b",
        r"\btanner\b(?: ?(?:stade |stage )?[1-5]\b)?", r"\bpilosite\w*",
        r"\b(?:pubarche|menarche|thelarche|adrenarche)\b", r"\bdeveloppement mammaire\b",
        r"\bbreast development\b", r"\bpremieres regles\b", r"\bmue de la voix\b"),
    AgeProxy.DENTITION: (r"\bdent(?:s|ition|aire|aires)?\b", r"\bmolaires?\b",
                         r"\b(?:teeth|tooth|molars?|dental)\b"),
}
_COMPILED = {proxy: [re.compile(pattern) for pattern in patterns]
             for proxy, patterns in _PROXY_PATTERNS.items()}


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` in lower case without accents, and for each of its characters the position of
    the character it came from (so that the words found are shown as the author wrote them)."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for lower in part.lower():
                chars.append("'" if lower == "\u2019" else lower)
                origin.append(index)
    return "".join(chars), origin


def _texts(data: CertificateInput) -> list[str]:
    """Every text the author wrote in the template's parts (lesions and findings included)."""
    texts: list[str] = []
    for value in data.fields.values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Lesion):
                    texts.extend((item.location, item.size, item.aspect))
                elif isinstance(item, Finding):
                    texts.append(item.description)
    return texts


def age_proxies(data: CertificateInput) -> dict[AgeProxy, list[str]]:
    """What in the author's text could be read as an age estimate: each category found, with
    the words as written (in order, once each). Empty when there is nothing to warn about."""
    spans: dict[AgeProxy, list[tuple[int, int, str]]] = {}
    for number, text in enumerate(_texts(data)):
        folded, origin = _folded(text)
        claimed: list[tuple[int, int]] = []
        for proxy, patterns in _COMPILED.items():
            for pattern in patterns:
                for match in pattern.finditer(folded):
                    start, end = match.span()
                    if end == start or any(start < e and s < end for s, e in claimed):
                        continue
                    claimed.append((start, end))
                    spans.setdefault(proxy, []).append(
                        (number, start, text[origin[start]:origin[end - 1] + 1].strip()))
    found: dict[AgeProxy, list[str]] = {}
    for proxy in AgeProxy:
        for *_, words in sorted(spans.get(proxy, ())):
            seen = found.setdefault(proxy, [])
            if words.lower() not in (w.lower() for w in seen):
                seen.append(words)
    return found


class AgeProxyWarning(ServiceError):
    """The text mentions what could be read as an age estimate (`found`: category → words)."""

    def __init__(self, found: dict[AgeProxy, list[str]]):
        super().__init__(_l("The text mentions what could be read as an estimate of age: keep "
                            "it explicitly, or change the draft."))
        self.found = found
