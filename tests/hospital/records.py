"""Rows for the hospital tests and the access matrix: a partner hospital, an admission."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.hospital import HospitalAdmission, PartnerHospital, ReferredBy
from caseflow.services.hospital import admissions, partners
from tests.support.records import person, site_id, user

DOCTOR_OF = {"PAN": "amina", "TRI": "charlie", "CAL": "hugo"}


def partner_hospital(site: str, name: str = "Tripoli Central Hospital") -> int:
    """The id of an active partner hospital of `site` (added by Claire when missing)."""
    found = db.session.scalar(select(PartnerHospital.id).where(
        PartnerHospital.site_id == site_id(site), PartnerHospital.name == name))
    if found is not None:
        return found
    return partners.add_hospital(user("claire"), partners.HospitalInput(
        name=name, site_id=site_id(site))).id


def admit(person_id: str, site: str, admitted_on: date, *, login: str | None = None,
          reason_code: str = "respiratory_infection", ward: str = "Internal medicine",
          reason_text: str = "Pneumonia, oxygen needed") -> HospitalAdmission:
    return admissions.create_admission(
        user(login or DOCTOR_OF[site]), person(person_id), admissions.AdmissionInput(
            hospital_id=partner_hospital(site), admitted_on=admitted_on,
            reason_code=reason_code, referred_by=ReferredBy.TEAM, ward=ward,
            reason_text=reason_text))


def hospital_values(app, records) -> dict:
    """URL variables of the hospital pages for the access matrix: one admission of the
    records' person (made once), and its hospital. Written as rows, not through the
    services: made on first need, while a test counts audit events (test_csrf), they must
    add none."""
    with app.app_context():
        found = db.session.scalar(select(HospitalAdmission).where(
            HospitalAdmission.person_id == uuid.UUID(records.person_id)))
        if found is None:
            where = site_id(records.site)
            hospital = PartnerHospital(name=f"Hospital of {records.site}", site_id=where)
            db.session.add(hospital)
            db.session.flush()
            found = HospitalAdmission(
                person_id=uuid.UUID(records.person_id), site_id=where, hospital_id=hospital.id,
                author_id=user(DOCTOR_OF[records.site]).id, admitted_on=date(2026, 1, 5),
                reason_code="fracture", referred_by=ReferredBy.TEAM)
            db.session.add(found)
            found.ward = "Orthopaedics"
            db.session.commit()
        values = {"hospital_admission_id": str(found.id), "hospital_id": found.hospital_id}
        db.session.remove()
    return values
