"""Rows for the evacuation tests and the access matrix: a case, its steps, an assessment,
a medical report."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.models.evacuation import (
    EvacuationCase,
    EvacuationStatus,
    EvacuationStep,
    Fitness,
    Mechanism,
    TravelCondition,
)
from caseflow.models.referral import PartnerKind
from caseflow.services.documents import certificates
from caseflow.services.evacuation import cases, fitness
from tests.support.certificates import BASE_URL, asked, draft_input
from tests.support.records import person, site_id, user

DOCTOR_OF = {"PAN": "amina", "TRI": "charlie", "CAL": "hugo"}


def open_case(person_id: str, identified_on: date, *, login: str = "charlie",
              mechanism: Mechanism = Mechanism.EMERGENCY_TRANSIT, destination: str = "RW",
              partner: PartnerKind = PartnerKind.UNHCR, number: str = "LBY-26-C01234",
              partner_name: str = "") -> EvacuationCase:
    return cases.create_case(user(login), person(person_id), cases.CaseInput(
        mechanism=mechanism, destination=destination, partner_kind=partner,
        identified_on=identified_on, partner_case_number=number, partner_name=partner_name,
        notes="Mère et fille séparées à Zuwara ; la fille est à Kufra."))


def walk(person_id: str, case: EvacuationCase, until: EvacuationStatus, start: date,
         login: str = "charlie") -> EvacuationCase:
    """Move the case step by step to `until`, a day apart from `start` + 1; assesses fitness
    (fit with conditions, valid 60 days) on the day before clearance when needed."""
    day = start
    for status in cases.PATHWAY[1:]:
        if cases.PATHWAY.index(case.status) >= cases.PATHWAY.index(until):
            break
        day = day + timedelta(days=1)
        if status is EvacuationStatus.MEDICALLY_CLEARED and cases.latest_assessment(case) is None:
            assess(person_id, case, day)
        case = cases.record_step(user(login), person(person_id), case, status, day,
                                 case.version)
    return case


def assess(person_id: str, case: EvacuationCase, day: date, category=Fitness.FIT_WITH_CONDITIONS,
           valid_days: int = 60, login: str = "charlie"):
    return fitness.assess(user(login), person(person_id), case, fitness.FitnessInput(
        assessed_on=day, category=category, valid_until=day + timedelta(days=valid_days),
        conditions=[TravelCondition.MEDICATION, TravelCondition.WHEELCHAIR],
        details="Tuberculose sous traitement, non contagieux après 3 semaines."), case.version)


def medical_report(person_id: str) -> Certificate:
    data = draft_input("medical_report", site="TRI", language="en")
    draft = certificates.create_draft(user("charlie"), person(person_id), data, asked())
    return certificates.issue(user("charlie"), person(person_id), draft, draft.version,
                              BASE_URL)


def evacuation_values(app, records) -> dict:
    """URL variables of the evacuation pages for the access matrix: one case of the records'
    person (made once), written as rows (no audit event: see hospital_values)."""
    with app.app_context():
        found = db.session.scalar(select(EvacuationCase).where(
            EvacuationCase.person_id == uuid.UUID(records.person_id)))
        if found is None:
            author = user(DOCTOR_OF[records.site]).id
            found = EvacuationCase(
                person_id=uuid.UUID(records.person_id), site_id=site_id(records.site),
                author_id=author, mechanism=Mechanism.RESETTLEMENT, destination="CA",
                partner_kind=PartnerKind.UNHCR, status=EvacuationStatus.IDENTIFIED,
                status_on=date(2026, 1, 5), identified_on=date(2026, 1, 5))
            db.session.add(found)
            found.partner_case_number = "LBY-26-C00001"
            db.session.add(EvacuationStep(case_id=found.id, status=EvacuationStatus.IDENTIFIED,
                                          step_on=date(2026, 1, 5), recorded_by_id=author))
            db.session.commit()
        values = {"evacuation_case_id": str(found.id)}
        db.session.remove()
    return values
