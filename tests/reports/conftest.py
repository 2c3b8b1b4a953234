"""A hand-built month (March 2026) whose indicators are known by heart (see test_compute.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.referral import (
    PartnerKind,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    Urgency,
)
from caseflow.models.state_change import StateChange
from caseflow.reports.period import Month
from caseflow.vocabulary import (
    Confidentiality,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
    NoteKind,
    Vulnerability,
)
from tests.support.records import site_id, user

MARCH = Month(2026, 3)
# Never to appear in a page or an export.
NAMES = ("Zarghuna", "Haddadine", "Okonkwo", "Tesfamariam")


def _person(sex, born, name):
    person = Person(sex=sex, birth_year=born)
    person.family_name = name
    db.session.add(person)
    db.session.flush()
    return person


def _enrol(person, site, programme, started):
    enrolment = Enrolment(person_id=person.id, site_id=site_id(site), programme=programme,
                          state="open", started_on=started)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def _note(person, site, discipline, kind, day, codes=None, interpreter=None, language=None):
    db.session.add(Note(person_id=person.id, site_id=site_id(site), author_id=user("amina").id,
                        discipline=discipline, kind=kind, occurred_at=day,
                        interpreter_kind=interpreter or InterpreterKind.NONE_NEEDED,
                        interpreter_language=language, confidentiality=Confidentiality.TEAM,
                        codes=codes or {}))


@pytest.fixture
def march(app):
    """p1 (female, born 2010, PAN), p2 (male, born 1990, CAL, followed there since February:
    not new in March), p3 (no sex/year, PAN, lost), p4 (male, born 2009, new at CAL, placed
    in child welfare in March)."""
    with app.app_context():
        amina = user("amina").id
        p1 = _person("female", 2010, NAMES[0])
        p2 = _person("male", 1990, NAMES[1])
        p3 = _person("unknown", None, NAMES[2])
        p4 = _person("male", 2009, NAMES[3])
        _enrol(p1, "PAN", "general", date(2026, 3, 5))
        e2 = _enrol(p2, "CAL", "minority_recourse", date(2026, 3, 10))
        _enrol(p2, "CAL", "mental_health", date(2026, 2, 1))
        e3 = _enrol(p3, "PAN", "mental_health", date(2026, 1, 15))
        _enrol(p4, "CAL", "general", date(2026, 3, 20))
        at = datetime(2026, 3, 12, 10, 0)
        _note(p1, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION, at,
              {"conditions": ["sexual_violence"]}, InterpreterKind.PROFESSIONAL_PHONE, "ps")
        _note(p1, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION, at)
        _note(p1, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION,
              datetime(2026, 2, 20, 9, 0))  # February: the previous month
        _note(p2, "CAL", Discipline.MENTAL_HEALTH, NoteKind.MENTAL_HEALTH_SESSION, at,
              {"session_kind": "individual", "category": "psychotrauma", "cgi_s": 5},
              InterpreterKind.PEER, "ar")
        _note(p2, "CAL", Discipline.MENTAL_HEALTH, NoteKind.MENTAL_HEALTH_SESSION,
              datetime(2026, 3, 31, 21, 0),  # 23:00 in Calais: still March there
              {"session_kind": "group", "category": "psychotrauma", "cgi_i": 2})
        _note(p2, "CAL", Discipline.MENTAL_HEALTH, NoteKind.MENTAL_HEALTH_SESSION,
              datetime(2026, 4, 2, 10, 0), {"cgi_i": 6})  # after the discharge: not counted
        _note(p2, "CAL", Discipline.SOCIAL, NoteKind.SOCIAL_INTERVIEW, at, {"housing": "street"})
        _note(p2, "CAL", Discipline.SOCIAL, NoteKind.SOCIAL_INTERVIEW,
              datetime(2026, 4, 1, 0, 0), {"housing": "squat"})  # April: not counted
        # p1 is in a placement since February: seen again there in March, not placed anew.
        for day in (datetime(2026, 2, 10, 10, 0), datetime(2026, 3, 15, 10, 0)):
            _note(p1, "PAN", Discipline.SOCIAL, NoteKind.SOCIAL_INTERVIEW, day,
                  {"housing": "child_welfare"})
        # p4 arrives in an emergency shelter, then is placed.
        _note(p4, "CAL", Discipline.SOCIAL, NoteKind.SOCIAL_INTERVIEW,
              datetime(2026, 3, 22, 10, 0), {"housing": "emergency_shelter"})
        _note(p4, "CAL", Discipline.SOCIAL, NoteKind.SOCIAL_INTERVIEW,
              datetime(2026, 3, 28, 10, 0), {"housing": "child_welfare"})
        db.session.add(VulnerabilityFlag(person_id=p2.id, flag=Vulnerability.TORTURE,
                                         noted_on=date(2026, 3, 2), noted_by_id=amina))
        for state, day in (("recourse_filed", 11), ("not_recognised", 20)):
            db.session.add(StateChange(enrolment_id=e2.id, person_id=p2.id,
                                       programme="minority_recourse", from_state="x",
                                       to_state=state, changed_on=date(2026, 3, day),
                                       site_id=site_id("CAL"), author_id=user("lea").id))
        # Discharges from mental-health follow-up: p2 much improved, p3 stopped coming.
        e2_mh = db.session.scalars(db.select(Enrolment).where(
            Enrolment.person_id == p2.id, Enrolment.programme == "mental_health")).one()
        for enrolment, state, day in ((e2_mh, "improved", 31), (e3, "defaulted", 20)):
            db.session.add(StateChange(enrolment_id=enrolment.id, person_id=enrolment.person_id,
                                       programme="mental_health", from_state="active",
                                       to_state=state, changed_on=date(2026, 3, day),
                                       site_id=enrolment.site_id, author_id=user("yasmine").id))
        db.session.add(Appointment(person_id=p2.id, site_id=site_id("CAL"),
                                   discipline=Discipline.LEGAL, kind=AppointmentKind.HEARING,
                                   scheduled_at=datetime(2026, 3, 19, 9, 0),
                                   status=AppointmentStatus.ATTENDED,
                                   created_by_id=user("lea").id))
        db.session.add(Certificate(id=uuid.uuid4(), person_id=p1.id, site_id=site_id("PAN"),
                                   author_id=amina, template="violence_findings",
                                   discipline=Discipline.MEDICAL, language="fr",
                                   status=CertificateStatus.ISSUED, handover_mode="in_hand",
                                   issued_on=date(2026, 3, 13), serial="PAN-2026-00001",
                                   year=2026, number=1))
        referral = Referral(person_id=p1.id, site_id=site_id("PAN"), author_id=amina,
                            from_discipline=Discipline.MEDICAL, partner_kind=PartnerKind.LAWYER,
                            urgency=Urgency.ROUTINE, status=ReferralStatus.COMPLETED,
                            created_at=datetime(2026, 3, 3, 9, 0))
        db.session.add(referral)
        db.session.flush()
        db.session.add(ReferralStatusChange(referral_id=referral.id,
                                            status=ReferralStatus.COMPLETED,
                                            changed_at=datetime(2026, 3, 25, 9, 0),
                                            changed_by_id=amina))
        for purpose, decision in ((ConsentPurpose.PHOTOGRAPHS, ConsentDecision.REFUSED),
                                  (ConsentPurpose.RESEARCH, ConsentDecision.WITHDRAWN)):
            db.session.add(Consent(person_id=p1.id, purpose=purpose, scope="",
                                   decision=decision, decided_by=DecidedBy.PERSON,
                                   method=ConsentMethod.ORAL,
                                   interpreter_kind=InterpreterKind.NONE_NEEDED,
                                   decided_on=date(2026, 3, 4), recorded_by_id=amina,
                                   site_id=site_id("PAN")))
        db.session.commit()
        return {"PAN": site_id("PAN"), "CAL": site_id("CAL")}
