"""A linked outreach contact in the person's record: their timeline, their copy of the record
(subject access) and their erasure.

Once a coordinator confirmed the link (links.py), the contact is part of the person's
history like a consultation: it appears on the timeline (coded columns only: the day, the
place, the main complaint, the triage and the referral; the vital signs, the complaint in
words and the treatment stay on the contact's own page, where reading them is audited, as
for TB episodes and hospital stays), in full in the person's copy, and its encrypted
columns are emptied when the person is erased (they are under the session's key, which the
session's other contacts still need: emptied, not shredded; the coded columns stay for the
session's counts and the indicators).

Who sees the timeline entries: the medical roles who may read outreach (a contact holds
triage, complaints and vital signs: DESIGN access rule 2), at the sites they read for this
person (PersonAccess.site_clause on the session's site).
"""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext as _
from sqlalchemy import Date, String, cast, literal, literal_column, null, select, update

from caseflow import morbidity
from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.outreach import (
    AgeGroup,
    OutreachContact,
    OutreachLink,
    OutreachPlace,
    OutreachReferral,
    OutreachSession,
    PlaceKind,
    Triage,
)
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.outreach import OUTREACH_ROLES
from caseflow.services.outreach.keys import open_key
from caseflow.timeline import TimelineEntry, Window

OUTREACH = "outreach_contact"
ENCRYPTED = ("declared_name", "vitals", "complaint", "treatment", "protection_concern")


# --- The timeline (a part of services/care/programme_timeline.py's one query) -----------------


def may_read(viewer, person) -> bool:
    return (viewer.role in OUTREACH_ROLES
            and person_access(viewer, person).grant is not None)


def timeline_rows(viewer, person, window: Window):
    """The person's linked contacts as rows of programme_timeline's UNION: its columns are
    kind, id, site, author, first_on, second_on, third_on, code, outcome, hospital. Here
    code = the morbidity code, outcome = "triage referral", hospital = the place's name."""
    stmt = (select(literal_column(f"'{OUTREACH}'").label("kind"), OutreachContact.id.label("id"),
                   Site.name.label("site"), User.display_name.label("author"),
                   OutreachSession.held_on.label("first_on"),
                   cast(null(), Date).label("second_on"), cast(null(), Date).label("third_on"),
                   OutreachContact.complaint_code.label("code"),
                   (cast(OutreachContact.triage, String) + literal(" ")
                    + cast(OutreachContact.referral, String)).label("outcome"),
                   OutreachPlace.name.label("hospital"))
            .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
            .join(OutreachPlace, OutreachPlace.id == OutreachSession.place_id)
            .join(Site, Site.id == OutreachSession.site_id)
            .join(User, User.id == OutreachContact.recorded_by_id)
            .where(OutreachContact.person_id == person.id,
                   person_access(viewer, person).site_clause(OutreachSession.site_id)))
    if window.since:
        stmt = stmt.where(OutreachSession.held_on >= window.since.date())
    if window.until:
        stmt = stmt.where(OutreachSession.held_on < window.until.date())
    return stmt


def timeline_entries(row) -> list[TimelineEntry]:
    from flask import url_for

    triage, referral = (row.outcome or " ").split(" ", 1)
    details = [(_("Place"), row.hospital),
               (_("Triage"), str(Triage(triage).label)),
               (_("Referral"), str(OutreachReferral(referral).label))]
    entry = TimelineEntry(
        when=datetime.combine(row.first_on, time(12)), kind=OUTREACH,
        title=_("Seen during an outreach session"), discipline=Discipline.MEDICAL,
        site=row.site, author=row.author,
        url=url_for("outreach.contact", contact_id=row.id),
        attrs={"data-entry-kind": OUTREACH, "data-entry-discipline": Discipline.MEDICAL.value,
               "data-entry-triage": triage},
        details=details)

    def complaint(shown: TimelineEntry) -> None:  # the morbidity list: for shown entries only
        if row.code:
            shown.details.insert(1, (_("Main complaint"), morbidity.label(row.code)))

    entry.loader = complaint
    return [entry]


# --- The person's copy (services/safeguards/subject_access.py) --------------------------------


def copy_section(person, names) -> list[dict]:
    """Every contact linked to the person, in full (their keys opened), oldest first."""
    rows = list(db.session.execute(
        select(OutreachContact, OutreachSession, OutreachPlace)
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .join(OutreachPlace, OutreachPlace.id == OutreachSession.place_id)
        .where(OutreachContact.person_id == person.id)
        .order_by(OutreachSession.held_on, OutreachContact.created_at)))
    out = []
    for contact, session, place in rows:
        if session.sealed_key is not None:
            open_key(session)
        out.append({
            "held_on": session.held_on.isoformat(), "place": place.name,
            "place_kind": place.kind.value, "site": names.site(session.site_id),
            "number": contact.number, "declared_name": contact.declared_name,
            "sex": contact.sex.value, "age_group": contact.age_group.value,
            "nationality": contact.nationality, "complaint_code": contact.complaint_code,
            "complaint": contact.complaint, "triage": contact.triage.value,
            "vitals": contact.vitals or {}, "treatment": contact.treatment,
            "referral": contact.referral.value,
            "protection_concern": contact.protection_concern,
            "recorded_by": names.user(contact.recorded_by_id),
            "consent_explained_by": names.user(contact.consent_explained_by_id),
        })
    return out


VITAL_UNITS = (("temperature_dc", "°C"), ("heart_rate", "/min"), ("respiratory_rate", "/min"),
               ("spo2", "%"))


def vitals_text(vitals: dict | None) -> str | None:
    """"37.5 °C · 88/min · 20/min · 120/80 mmHg · 97 %": the measured ones, in a fixed order."""
    if not vitals:
        return None
    parts = []
    for name, unit in VITAL_UNITS:
        if vitals.get(name) is not None:
            value = vitals[name] / 10 if name == "temperature_dc" else vitals[name]
            parts.append(f"{value:.1f} {unit}" if name == "temperature_dc" else f"{value}{unit}")
    if vitals.get("systolic") is not None and vitals.get("diastolic") is not None:
        parts.append(f"{vitals['systolic']}/{vitals['diastolic']} mmHg")
    return " · ".join(parts) or None


def pdf_section(doc) -> None:
    """The section of the PDF copy (subject_access_pdf.py lays out the rest)."""
    from caseflow.pdf import isolate

    contacts = doc.data.get("outreach_contacts")
    if not contacts:
        return
    doc.heading(_("Outreach contacts"))
    for c in contacts:
        doc.block(f"{doc.day(c['held_on'])} — {isolate(c['place'])}", [
            (_("Place"), f"{c['place']} ({doc.label(PlaceKind, c['place_kind'])})"),
            (_("Number"), f"#{c['number']}"),
            (_("Declared name"), c["declared_name"]),
            (_("Age group"), doc.label(AgeGroup, c["age_group"])),
            (_("Main complaint"), morbidity.label(c["complaint_code"])
             if c["complaint_code"] else None),
            (_("Triage"), doc.label(Triage, c["triage"])),
            (_("Vital signs"), vitals_text(c["vitals"])),
            (_("Treatment given"), c["treatment"]),
            (_("Referral"), doc.label(OutreachReferral, c["referral"])),
            (_("Protection concern"), c["protection_concern"]),
            (_("Recorded by"), doc.person(c["recorded_by"])),
            (_("Site"), doc.site(c["site"])),
        ], c["complaint"])


# --- Erasure (services/safeguards/erasure.py) --------------------------------------------------


def erase_linked(person_id) -> None:
    """Empty the encrypted columns of the contacts linked to an erased person, and close the
    links still waiting for them (the caller commits with the rest of the erasure)."""
    from caseflow.models.base import utcnow
    from caseflow.models.outreach import LinkStatus

    db.session.execute(update(OutreachContact).where(OutreachContact.person_id == person_id)
                       .values({name: None for name in ENCRYPTED})
                       .execution_options(synchronize_session=False))
    db.session.execute(update(OutreachLink).where(OutreachLink.person_id == person_id,
                                                  OutreachLink.status == LinkStatus.PENDING)
                       .values(status=LinkStatus.REJECTED, decided_at=utcnow())
                       .execution_options(synchronize_session=False))
