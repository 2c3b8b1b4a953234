"""Subject access (GDPR art. 15; code de la santé publique L1111-7): what caseflow holds
about a person, for that person, as JSON or as a PDF in an interface language.

Included: the identity as declared (names, other names, birth date with its
precision and source, sex, nationality, languages, phone, how to reach them),
earlier codes of merged records, vulnerabilities, enrolments with their
pathway states and transfers, the whole consent history, every note that is
not a private working note (with its earlier versions), appointments,
referrals with their status history, and the certificates issued (serial,
kind, date, status: the certificate itself was handed to the person).

Libya programme records, when the person has any (the keys `tb_episodes` and
`hospital_stays` are left out otherwise: a copy for someone never treated for
TB says nothing about TB, not even "none"; the layout stays `FORMAT`, these are
additions): each TB episode with its tests, diagnosis, regimen, outcome,
register number and notes, its observed doses summarised (how many, first and
last day: a row per day would fill pages and tell nothing more); each hospital
stay with the hospital, ward, dates, reason, who referred, the outcome and the
costs the programme covered. The team's visits in hospital are medical notes,
in `notes` already. Costs are included: they are recorded on the person's own
admission, so they are data about the person (GDPR art. 4(1)) and art. 15 has
no exception for accounting; that clinicians do not see them is a rule of
need-to-know inside the team, not a limit on what the person may know, and the
coordinator who prepares this copy is the one who sees costs anyway. Each evacuation case
(`evacuation_cases`) with its steps, fitness assessments and the medical reports in the
file, and how many others travel in its group, never who (services/evacuation/history.py).

Left out, and said so in the document (`LEFT_OUT`):

- private working notes: a professional's personal notes (notes
  personnelles), seen by their author only and not part of the shared record;
- the names of the adults who accompanied the person when they decided on a
  consent: third parties, private individuals (that an adult was named is
  shown);
- certificate drafts (never issued) and the text of issued certificates (the
  person received each one in hand; a copy can be asked for by serial);
- the access log (who opened the record): kept for security, asked for
  separately.

Disclosed: the names and professions of the staff who wrote, saw, referred or
recorded (they took part in the person's care, and in France a patient is
entitled to know who did), and the names of outside partners the person was
referred to with their consent. Free text is reproduced as written; the
coordinator reads it through before handing the document over, for other
people it may name.

JSON: UTF-8, keys in English and stable (`FORMAT` names the layout), codes
rather than labels, dates ISO 8601, times UTC with a trailing Z.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow import languages
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PersonMerge
from caseflow.models.hospital import HospitalAdmission
from caseflow.models.note import Note, NoteRevision
from caseflow.models.person import Person
from caseflow.models.referral import Referral, ReferralStatusChange
from caseflow.models.site import Site
from caseflow.models.state_change import StateChange
from caseflow.models.tb import TbDose, TbEpisode
from caseflow.models.user import User
from caseflow.services import ServiceError
from caseflow.vocabulary import Confidentiality

FORMAT = "caseflow-subject-access-v1"
FORMATS = ("pdf", "json")

LEFT_OUT = {
    "private_notes": _l("Private working notes are left out: they are a professional's "
                        "personal notes, read by their author only, and not part of the "
                        "record shared for your care."),
    "accompanying_adults": _l("The names of the adults who accompanied you when you gave or "
                              "refused a consent are left out: they are other people's data. "
                              "The document says when an adult was named."),
    "certificate_texts": _l("Certificate drafts, which were never issued, are left out. The "
                            "text of each issued certificate is the document handed to you; "
                            "you may ask for a copy by its serial number."),
    "access_log": _l("The log of who opened your record is kept for security and is not part "
                     "of this document: you may ask for it separately."),
}
DISCLOSED = {
    "staff_names": _l("The names and professions of the professionals who saw you, wrote in "
                      "your record or referred you are given: they took part in your care and "
                      "you are entitled to know who did."),
    "partners": _l("The outside partners you were referred to, with your consent, are named."),
    "free_text": _l("Texts are reproduced as the professionals wrote them."),
}
# Said only to a person who had hospital stays (see the module docstring).
HOSPITAL_DISCLOSED = _l("The costs of your hospital stays that the programme covered are "
                        "given: they are recorded in your record. The team's visits to you "
                        "in hospital are among the notes.")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def _value(enum_value) -> str | None:
    return None if enum_value is None else str(getattr(enum_value, "value", enum_value))


class _Names:
    """Staff and site names, loaded once for the whole document."""

    def __init__(self) -> None:
        self.users = {u.id: u for u in db.session.scalars(select(User))}
        self.sites = {s.id: s for s in db.session.scalars(select(Site))}

    def user(self, user_id: int | None) -> dict | None:
        user = self.users.get(user_id)
        if user is None:
            return None
        return {"name": user.display_name, "profession": user.profession or None,
                "role": _value(user.role)}

    def site(self, site_id: int | None) -> str | None:
        site = self.sites.get(site_id)
        return site.code if site else None


def letterhead_site(person: Person) -> Site | None:
    """The site that follows the person now (latest active enrolment), else the latest one."""
    enrolments = sorted(person.enrolments, key=lambda e: (e.active, e.started_on))
    return enrolments[-1].site if enrolments else None


def _identity(person: Person) -> dict:
    earlier = db.session.scalars(select(PersonMerge.merged_code)
                                 .where(PersonMerge.person_id == person.id)
                                 .order_by(PersonMerge.merged_at))
    return {
        "code": person.code,
        "earlier_codes": list(earlier),
        "family_name": person.family_name,
        "given_names": person.given_names,
        "aliases": list(person.aliases or []),
        "birth_date": _day(person.birth_date),
        "birth_date_precision": person.birth_date_precision,
        "birth_date_source": person.birth_date_source,
        "sex": person.sex,
        "nationality": person.nationality,
        "languages": list(person.languages or []),
        "interpreter_needed": bool(person.interpreter_needed),
        "phone": person.phone,
        "contact_notes": person.contact_notes,
        "registered_at": _time(person.created_at),
    }


def _enrolments(person: Person, names: _Names) -> list[dict]:
    changes: dict = {}
    for change in db.session.scalars(select(StateChange).where(StateChange.person_id == person.id)
                                     .order_by(StateChange.changed_on, StateChange.created_at)):
        changes.setdefault(change.enrolment_id, []).append({
            "changed_on": _day(change.changed_on), "from_state": change.from_state,
            "to_state": change.to_state, "site": names.site(change.site_id),
            "author": names.user(change.author_id), "note": change.note})
    out = []
    for enrolment in sorted(person.enrolments, key=lambda e: (e.started_on, str(e.id))):
        out.append({
            "programme": enrolment.programme, "site": names.site(enrolment.site_id),
            "state": enrolment.state, "started_on": _day(enrolment.started_on),
            "ended_on": _day(enrolment.ended_on), "outcome": enrolment.outcome,
            "state_changes": changes.get(enrolment.id, []),
            "transfers": [{"from_site": names.site(t.from_site_id),
                           "to_site": names.site(t.to_site_id),
                           "transferred_at": _time(t.transferred_at), "reason": t.reason}
                          for t in enrolment.transfers],
        })
    return out


def _consents(person: Person, names: _Names) -> list[dict]:
    out = []
    for consent in db.session.scalars(select(Consent).where(Consent.person_id == person.id)
                                      .order_by(Consent.recorded_at)):
        scope = consent.scope or None
        if scope and scope.startswith("site:"):
            site_id = scope.removeprefix("site:")
            scope = "site:" + (names.site(int(site_id)) or "") if site_id.isdigit() else scope
        elif scope and scope.startswith("partner:"):
            scope = "partner"  # the digest means nothing to the person; the name follows
        out.append({
            "purpose": _value(consent.purpose), "scope": scope,
            "decision": _value(consent.decision), "decided_by": _value(consent.decided_by),
            "method": _value(consent.method),
            "interpreter_kind": _value(consent.interpreter_kind),
            "interpreter_language": consent.interpreter_language,
            "decided_on": _day(consent.decided_on), "review_on": _day(consent.review_on),
            "site": names.site(consent.site_id),
            "recorded_by": names.user(consent.recorded_by_id),
            "recorded_at": _time(consent.recorded_at),
            "partner_name": consent.partner_name, "note": consent.note,
            "accompanying_adult_named": bool(consent.accompanying_adult),
        })
    return out


def _note_fields(row) -> dict:
    return {"codes": dict(row.codes or {}), "details": dict(row.details or {}),
            "text": row.text, "confidentiality": _value(row.confidentiality),
            "interpreter_kind": _value(row.interpreter_kind),
            "interpreter_language": row.interpreter_language,
            "occurred_at": _time(row.occurred_at)}


def _notes(person: Person, names: _Names) -> list[dict]:
    shared = Note.confidentiality != Confidentiality.PRIVATE
    notes = list(db.session.scalars(select(Note).where(Note.person_id == person.id, shared)
                                    .order_by(Note.occurred_at, Note.created_at)))
    earlier: dict = {}
    if notes:
        for revision in db.session.scalars(
                select(NoteRevision).where(NoteRevision.note_id.in_([n.id for n in notes]),
                                           NoteRevision.confidentiality
                                           != Confidentiality.PRIVATE)
                .order_by(NoteRevision.version)):
            earlier.setdefault(revision.note_id, []).append(
                _note_fields(revision) | {"version": revision.version,
                                          "saved_at": _time(revision.saved_at)})
    return [_note_fields(note) | {
        "site": names.site(note.site_id), "discipline": _value(note.discipline),
        "kind": _value(note.kind), "author": names.user(note.author_id),
        "version": note.version, "earlier_versions": earlier.get(note.id, [])}
        for note in notes]


def _appointments(person: Person, names: _Names) -> list[dict]:
    rows = db.session.scalars(select(Appointment).where(Appointment.person_id == person.id)
                              .order_by(Appointment.scheduled_at))
    return [{"scheduled_at": _time(a.scheduled_at), "site": names.site(a.site_id),
             "discipline": _value(a.discipline), "kind": _value(a.kind),
             "status": _value(a.status), "with": names.user(a.with_user_id), "note": a.note}
            for a in rows]


def _referrals(person: Person, names: _Names) -> list[dict]:
    referrals = list(db.session.scalars(select(Referral).where(Referral.person_id == person.id)
                                        .order_by(Referral.created_at)))
    history: dict = {}
    if referrals:
        for change in db.session.scalars(
                select(ReferralStatusChange)
                .where(ReferralStatusChange.referral_id.in_([r.id for r in referrals]))
                .order_by(ReferralStatusChange.changed_at)):
            history.setdefault(change.referral_id, []).append(
                {"status": _value(change.status), "changed_at": _time(change.changed_at)})
    return [{"created_at": _time(r.created_at), "site": names.site(r.site_id),
             "author": names.user(r.author_id), "from_discipline": _value(r.from_discipline),
             "target_discipline": _value(r.target_discipline),
             "partner_kind": _value(r.partner_kind), "partner_name": r.partner_name,
             "urgency": _value(r.urgency), "status": _value(r.status),
             "outcome_on": _day(r.outcome_on), "reason": r.reason, "outcome": r.outcome,
             "status_history": history.get(r.id, [])}
            for r in referrals]


def _certificates(person: Person, names: _Names) -> list[dict]:
    rows = db.session.scalars(select(Certificate).where(
        Certificate.person_id == person.id, Certificate.status != CertificateStatus.DRAFT)
        .order_by(Certificate.issued_at))
    return [{"serial": c.serial, "template": c.template, "issued_on": _day(c.issued_on),
             "status": _value(c.status), "language": c.language,
             "site": names.site(c.site_id), "author": names.user(c.author_id)}
            for c in rows]


def _tb_episodes(person: Person, names: _Names) -> list[dict]:
    episodes = list(db.session.scalars(select(TbEpisode).where(TbEpisode.person_id == person.id)
                                       .order_by(TbEpisode.presumptive_on, TbEpisode.created_at)))
    doses: dict = {}
    if episodes:  # one aggregate for all the episodes, not their rows
        for episode_id, count, first, last in db.session.execute(
                select(TbDose.episode_id, func.count(), func.min(TbDose.taken_on),
                       func.max(TbDose.taken_on))
                .where(TbDose.episode_id.in_([e.id for e in episodes]))
                .group_by(TbDose.episode_id)):
            doses[episode_id] = {"count": count, "first_on": _day(first), "last_on": _day(last)}
    return [{
        "site": names.site(e.site_id), "author": names.user(e.author_id),
        "recorded_at": _time(e.created_at), "presumptive_on": _day(e.presumptive_on),
        "xpert": _value(e.xpert), "rif_resistance": _value(e.rif_resistance),
        "smear": _value(e.smear), "culture": _value(e.culture), "xray": _value(e.xray),
        "diagnosed_on": _day(e.diagnosed_on), "basis": _value(e.basis),
        "disease_site": _value(e.disease_site), "history": _value(e.history),
        "hiv": _value(e.hiv), "regimen": _value(e.regimen),
        "treatment_started_on": _day(e.treatment_started_on),
        "smear_month2": _value(e.smear_month2), "smear_month5": _value(e.smear_month5),
        "smear_month6": _value(e.smear_month6), "outcome": _value(e.outcome),
        "outcome_on": _day(e.outcome_on), "register_number": e.register_number,
        "notes": e.notes,
        "observed_doses": doses.get(e.id, {"count": 0, "first_on": None, "last_on": None}),
    } for e in episodes]


def _hospital_stays(person: Person, names: _Names) -> list[dict]:
    rows = db.session.scalars(select(HospitalAdmission)
                              .where(HospitalAdmission.person_id == person.id)
                              .order_by(HospitalAdmission.admitted_on,
                                        HospitalAdmission.created_at))
    return [{
        "hospital": a.hospital.name, "site": names.site(a.site_id),
        "author": names.user(a.author_id), "admitted_on": _day(a.admitted_on),
        "ward": a.ward, "reason_code": a.reason_code, "reason": a.reason_text,
        "referred_by": _value(a.referred_by), "discharged_on": _day(a.discharged_on),
        "outcome": _value(a.outcome),
        # A string: the amount exactly as recorded (two decimals), never a float.
        "costs": ({"amount": str(a.cost_amount), "currency": a.cost_currency}
                  if a.cost_amount is not None else None),
    } for a in rows]


def collect(person: Person, language: str = "en", now: datetime | None = None) -> dict:
    """Everything the person may receive, as plain JSON values (decrypts the record)."""
    from caseflow.models.base import utcnow

    names = _Names()
    with force_locale(language):
        left_out = [{"what": key, "reason": str(text)} for key, text in LEFT_OUT.items()]
        disclosed = [{"what": key, "reason": str(text)} for key, text in DISCLOSED.items()]
    site = letterhead_site(person)
    programmes: dict = {}
    if tb_episodes := _tb_episodes(person, names):
        programmes["tb_episodes"] = tb_episodes
    if hospital_stays := _hospital_stays(person, names):
        programmes["hospital_stays"] = hospital_stays
        with force_locale(language):
            disclosed.append({"what": "hospital_costs", "reason": str(HOSPITAL_DISCLOSED)})
    from caseflow.services.outreach import history as outreach_history  # linked contacts

    if outreach_contacts := outreach_history.copy_section(person, names):
        programmes["outreach_contacts"] = outreach_contacts
    from caseflow.services.safety import copy as safety_copy  # allergies, treatments

    if safety := safety_copy.copy_section(person, names):
        programmes["safety"] = safety
    from caseflow.services.evacuation import history as evacuation_history  # evacuations

    if evacuation_cases := evacuation_history.copy_section(person, names):
        programmes["evacuation_cases"] = evacuation_cases
        if any(c["travelling_with_others"] for c in evacuation_cases):
            with force_locale(language):
                left_out.append({"what": "travel_group",
                                 "reason": str(evacuation_history.GROUP_LEFT_OUT)})
    return {
        "format": FORMAT,
        "generated_at": _time(now or utcnow()),
        "language": language,
        "site": site.code if site else None,
        "identity": _identity(person),
        "flags": [{"flag": _value(f.flag), "noted_on": _day(f.noted_on),
                   "cleared_on": _day(f.cleared_on)} for f in person.flags],
        "enrolments": _enrolments(person, names),
        "consents": _consents(person, names),
        "notes": _notes(person, names),
        "appointments": _appointments(person, names),
        "referrals": _referrals(person, names),
        "certificates": _certificates(person, names),
        **programmes,
        "left_out": left_out,
        "disclosed": disclosed,
    }


def to_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")


def export(actor, person: Person, fmt: str, language: str) -> bytes:
    """The subject access document, audited as an export (format and language only)."""
    from caseflow.access.records import may_export_subject_access

    if not may_export_subject_access(actor):
        raise ServiceError(_l("Subject access exports are prepared by the medical coordinator."))
    if fmt not in FORMATS:
        raise ServiceError(_l("Choose PDF or JSON."))
    if not languages.is_supported(language):
        raise ServiceError(_l("Choose one of the languages offered."))
    data = collect(person, language)
    if fmt == "json":
        body = to_json(data)
    else:
        from caseflow.services.safeguards.subject_access_pdf import render

        body = render(data, language)
    record_event(Action.EXPORT, actor_id=actor.id, object_type="subject_access",
                 person_code=person.code, details={"format": fmt, "language": language})
    db.session.commit()
    return body
