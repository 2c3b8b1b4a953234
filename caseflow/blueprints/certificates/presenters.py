"""What certificate pages show, prepared here so that templates hold no logic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date, get_locale

from caseflow import languages
from caseflow.access.certificates import may_sign
from caseflow.access.person import person_access
from caseflow.certificates import TEMPLATES, FieldKind
from caseflow.i18n import language_name as spoken_language_name
from caseflow.models.certificate import Certificate
from caseflow.services.documents import certificate_register
from caseflow.services.documents.certificates import input_of


def locale() -> str:
    """The reader's interface language, one of the registry's: the pages read in it."""
    current = str(get_locale())
    return current if languages.is_supported(current) else languages.DEFAULT


def template_title(key: str) -> str:
    """A template's name on screen, by purpose ("Certificat médical — recours en minorité"):
    its printed title ("Certificat médical") would not tell the five kinds apart."""
    template = TEMPLATES.get(key)
    return template.screen_title.get(locale()) if template else key


def template_choices() -> list[tuple[str, str]]:
    return [(key, template_title(key)) for key in TEMPLATES]


def day(value: dt.date | dt.datetime | None) -> str:
    return format_date(value, "medium") if value else ""


@dataclass(frozen=True)
class Row:
    id: str
    serial: str
    title: str
    status: str
    status_label: str
    issued: str
    author: str
    site: str
    url: str
    person_code: str = ""
    tag: str = ""  # the CSS class of the status tag


STATUS_TAG = {"draft": "tag-off", "issued": "", "superseded": "tag-off", "revoked": "tag-warn"}


def row(certificate: Certificate, person_code: str = "") -> Row:
    return Row(
        id=str(certificate.id), serial=certificate.serial or "—",
        title=template_title(certificate.template), status=certificate.status.value,
        status_label=str(certificate.status.label), issued=day(certificate.issued_on),
        author=certificate.author.display_name, site=certificate.site.name,
        url=url_for("certificates.show", certificate_id=certificate.id), person_code=person_code,
        tag=STATUS_TAG[certificate.status.value])


def person_panel(person, viewer) -> dict:
    """The person page's certificate section: the list, and what the viewer may start."""
    access = person_access(viewer, person)
    countries = _countries(person, access)
    offered = [(key, template_title(key)) for key, template in TEMPLATES.items()
               if access.may_issue(template) and _applies(template, countries)]
    return {
        "rows": [row(c) for c in certificate_register.for_person(viewer, person)],
        "new_url": (url_for("certificates.new", person_id=person.id) if offered else None),
    }


def _countries(person, access) -> set[str]:
    """The countries of the sites the viewer may issue from for this person: the owning
    sites of the person's active enrolments, already loaded with them (no query)."""
    writable = access.writable_sites
    return {e.site.country for e in person.enrolments if e.active and e.site_id in writable}


def _applies(template, countries: set[str]) -> bool:
    return any(template.applies_in(country) for country in countries)


def offered_templates(viewer, person) -> list[dict]:
    """The templates the viewer may sign for this person, where they apply: a Libya site is
    not offered the certificates that cite French law."""
    access = person_access(viewer, person)
    countries = _countries(person, access)
    return [{"key": key, "title": template_title(key),
             "url": url_for("certificates.new", person_id=person.id, template=key)}
            for key, template in TEMPLATES.items() if may_sign(viewer, template)
            and access.may_issue(template) and _applies(template, countries)]


@dataclass(frozen=True)
class Part:
    heading: str
    text: str = ""
    items: tuple[str, ...] = ()


def content_parts(certificate: Certificate) -> list[Part]:
    """The draft's or the certificate's words, part by part, for the page (not the PDF)."""
    data = input_of(certificate)
    language = locale()
    parts = []
    for spec in TEMPLATES[certificate.template].fields:
        value = data.fields.get(spec.key)
        if value in (None, "", []):
            continue
        heading = spec.heading.get(language)
        if spec.kind in (FieldKind.TEXT, FieldKind.STATEMENT, FieldKind.DAYS, FieldKind.PHOTOS):
            parts.append(Part(heading, text=str(value)))
        elif spec.kind is FieldKind.CONSENT:
            parts.append(Part(heading, text="✓"))
        elif spec.kind is FieldKind.FACTS:
            parts.append(Part(heading, items=tuple(filter(None, (
                " – ".join(day(d) for d in (value.start, value.end) if d), value.place)))))
        elif spec.kind is FieldKind.LEVEL:
            parts.append(Part(heading, text=value.label.get(language)))
        elif spec.kind is FieldKind.DATES:
            parts.append(Part(heading, items=tuple(day(d) for d in value)))
        elif spec.kind is FieldKind.LESIONS:
            parts.append(Part(heading, items=tuple(f"{x.location} — {x.size} — {x.aspect}"
                                                   for x in value)))
        elif spec.kind is FieldKind.FINDINGS:
            parts.append(Part(heading, items=tuple(
                f"{f.description} — {f.consistency.label.get(language)}" for f in value)))
    return parts


def language_name(code: str) -> str:
    """A certificate's language, in its own words ("Français", "English"), as it prints."""
    return languages.get(code).name if languages.is_supported(code) else code


def _interpreter(data) -> str:
    if data is None or not data.interpreter_name:
        return ""
    # A language code (since issue 16) reads as its name; older free text stays as typed.
    language = (spoken_language_name(data.interpreter_language) if data.interpreter_language
                else "")
    spoken = f" ({language})" if language else ""
    return f"{data.interpreter_name}{spoken}"


def certificate_page(person, certificate: Certificate, viewer) -> dict:
    readable = person_access(viewer, person).may_read_certificate(certificate)
    data = input_of(certificate) if readable else None
    replacement = certificate_register.superseded_by(certificate)
    return {
        "row": row(certificate),
        "certificate": certificate,
        "readable": readable,
        "parts": content_parts(certificate) if readable else [],
        "exam_date": day(data.exam_date) if data else "",
        "interpreter": _interpreter(data),
        "exam_label": TEMPLATES[certificate.template].exam_label.get(locale()),
        "language_name": language_name(certificate.language),
        "handover": data.handover_mode if data else None,
        "handover_recipient": data.handover_recipient if data else "",
        "requisition": (" — ".join(filter(None, (data.handover_reference, day(data.handover_date))))
                        if data else ""),
        "correction_reason": (certificate.correction_reason or "") if readable else "",
        "revocation_reason": (certificate.revocation_reason or "") if readable else "",
        "supersedes": row(certificate.supersedes) if certificate.supersedes else None,
        "replaced_by": row(replacement) if replacement else None,
        "ended": day(certificate.ended_at),
        "ended_by": certificate.ended_by.display_name if certificate.ended_by else "",
    }
