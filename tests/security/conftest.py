"""Real rows for every kind of URL variable, made through the services as the personas would.

`build_records` makes, at one site and by one doctor: a person (and a
look-alike, so that a duplicate pair exists), a note, an appointment, an
external referral with the person's consent, an issued certificate and a
draft. The access matrix fills every URL from Pantin's set (`pantin`); the
IDOR test also builds Tripoli's (`tripoli`) and tries each id from the wrong
side.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind
from caseflow.models.duplicate import PossibleDuplicate
from caseflow.models.enrolment import Enrolment
from caseflow.models.person import Person
from caseflow.models.referral import PartnerKind
from caseflow.models.user import User
from caseflow.services.care import appointments, referrals
from caseflow.services.care.consents import ConsentInput
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.services.staff.user_sessions import open_session as open_user_session
from caseflow.sessions import AUTH_AT, SEEN_AT, SESSION_ID
from caseflow.vocabulary import Confidentiality, ConsentDecision, ConsentPurpose, NoteKind
from tests.security.access_table import DRAFT_CERTIFICATE_ENDPOINTS
from tests.support.certificates import asked, draft_input, issue
from tests.support.records import person, site_id, user


@dataclass
class Records:
    site: str
    person_id: str
    other_id: str
    code: str
    enrolment_id: str
    note_id: str
    appointment_id: str
    referral_id: str
    certificate_id: str
    serial: str
    draft_id: str
    pair_id: str


def build_records(app, register, login: str, site: str, family: str,
                  given: str) -> Records:
    """Everything a URL can point at, for one person followed at `site` by doctor `login`."""
    from caseflow.services.documents import certificates

    person_id = register(login, site, family, given, born=2008, programme="minority_recourse")
    other_id = register(login, site, family, given, born=2008)  # a look-alike: a duplicate pair
    with app.app_context():
        author, where = user(login), site_id(site)
        who = person(person_id)
        note = record_note(author, who, NoteInput(
            kind=NoteKind.MEDICAL_CONSULTATION, site_id=where, text="Consultation",
            occurred_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=2),
            confidentiality=Confidentiality.TEAM))
        appointment = appointments.schedule(author, who, appointments.AppointmentInput(
            site_id=where, discipline=Discipline.MEDICAL, kind=AppointmentKind.CONSULTATION,
            scheduled_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0)
            + timedelta(days=3), note="Venir à jeun"))
        referral = referrals.create(author, who, referrals.ReferralInput(
            reason="Bilan dentaire", target_discipline=None,
            partner_kind=PartnerKind.HOSPITAL_PASS, partner_name="PASS Avicenne", site_id=where),
            ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        # A Libya site issues no certificate that cites French law: the Istanbul report there.
        issued_kind, draft_kind = (("minority_recourse", "violence_findings") if site != "TRI"
                                   else ("istanbul_report", "istanbul_report"))
        issued = issue(login, person_id, issued_kind, site=site)
        draft = certificates.create_draft(author, person(person_id),
                                          draft_input(draft_kind, site=site), asked())
        enrolment = db.session.scalar(select(Enrolment.id).where(
            Enrolment.person_id == uuid.UUID(person_id)))
        pair = db.session.scalar(select(PossibleDuplicate.id).where(
            PossibleDuplicate.person_id.in_([uuid.UUID(person_id), uuid.UUID(other_id)])))
        code = db.session.get(Person, uuid.UUID(person_id)).code
        records = Records(site, person_id, other_id, code, str(enrolment), str(note.id),
                          str(appointment.id), str(referral.id), str(issued.id), issued.serial,
                          str(draft.id), str(pair))
        db.session.remove()
    return records


@pytest.fixture
def pantin(app, register):
    """Awa, followed at Pantin by Amina, with one record of every kind."""
    return build_records(app, register, "amina", "PAN", "Traoré", "Awa")


@pytest.fixture
def tripoli(app, register):
    """Salem, followed in Tripoli by Charlie, with one record of every kind."""
    return build_records(app, register, "charlie", "TRI", "Belhaj", "Salem")


def path_values(app, records: Records, rule) -> dict:
    """A real value for each variable of a URL rule (its defaults aside)."""
    with app.app_context():
        ids = {"amina": db.session.scalar(select(User.id).where(User.login == "amina")),
               "site": site_id(records.site)}
        db.session.remove()
    certificate = (records.draft_id if rule.endpoint in DRAFT_CERTIFICATE_ENDPOINTS
                   else records.certificate_id)
    known = {
        "person_id": records.person_id, "other_id": records.other_id, "code": records.code,
        "note_id": records.note_id, "appointment_id": records.appointment_id,
        "referral_id": records.referral_id, "certificate_id": certificate,
        "enrolment_id": records.enrolment_id, "pair_id": records.pair_id,
        "serial": records.serial, "filename": "css/caseflow.css",
        "user_id": ids["amina"], "site_id": ids["site"], "action": "unlock",
        # The review of an emergency access is a POST of the coordinator: no row needed
        # for a GET (405), and an unknown grant is refused like any unknown id.
        "grant_id": "00000000-0000-4000-8000-000000000000",
        # Closing a task is a POST too (405 for a GET).
        "task_id": "00000000-0000-4000-8000-000000000000",
    }
    wanted = set(rule.arguments) - set(rule.defaults or {})
    if {"hospital_admission_id", "hospital_id"} & wanted:  # made only for the hospital pages
        from tests.hospital.records import hospital_values

        known.update(hospital_values(app, records))
    if "evacuation_case_id" in wanted:  # a case made only for the evacuation pages
        from tests.evacuation.records import evacuation_values

        known.update(evacuation_values(app, records))
    if {"outreach_session_id", "place_id", "contact_id", "link_id"} & wanted:  # Tripoli's
        from tests.outreach.records import outreach_values  # (Libya's, whatever `records`)

        known.update(outreach_values(app))
    if "episode_id" in wanted:  # a TB episode, made only for the TB pages (issue 19)
        from tests.tb.records import tb_values

        known.update(tb_values(app, records))
    if "consultation_id" in wanted:  # sexual-violence care, made only for its pages (issue 20)
        from tests.sexual_violence.records import sv_values

        known.update(sv_values(app, records))
    if {"result_id", "scale_code"} & wanted:  # a scale result, only for its pages (issue 20)
        from tests.scales.records import scales_values

        known.update(scales_values(app, records))
    unknown = wanted - set(known)
    assert not unknown, (f"{rule.rule}: give a real value for {', '.join(sorted(unknown))} "
                         "in tests/security/conftest.py, path_values")
    return {name: known[name] for name in wanted}


def url_of(rule, values: dict) -> str:
    """The URL of this very rule (an endpoint may have several)."""
    built = rule.build(values, append_unknown=False)
    assert built is not None, f"cannot build {rule.rule} from {values}"
    return built[1]


def expected(table: dict, rule):
    """The table's line for this rule: `endpoint@/path` when rules of an endpoint differ."""
    return table.get(f"{rule.endpoint}@{rule.rule}") or table.get(rule.endpoint)


def sign_in_as(app, client, login: str | None) -> None:
    """Open a session for `login` (None: anonymous), as tests/conftest.py's as_user does."""
    with client.session_transaction() as session:
        session.clear()
    if login is None:
        return
    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == login))
        user_id, session_id = user.get_id(), open_user_session(user)
        db.session.remove()
    with client.session_transaction() as session:
        now = int(time.time())
        session.update({"_user_id": user_id, SESSION_ID: session_id, "_fresh": True,
                        AUTH_AT: now, SEEN_AT: now})
