"""Fitness to travel and the medical report in the evacuation file.

The assessment is a doctor's (services.evacuation.ASSESSORS) of a site that follows the
case: a category, for the fit categories a validity date (the journey takes place on or
before it, the last day included; at most MAX_VALIDITY_DAYS after the assessment: a
fitness older than three months says little of a person in detention or with a chronic
disease), the travel conditions (one at least when "fit with conditions") and the
doctor's words. Assessments are never changed: a new one replaces the old as "the
latest" (cases.latest_assessment). Only an open case (before departure) is assessed:
after departure, arrival or an exit, an assessment would judge a journey already made
or never to be made.

The medical report is an issued `medical_report` certificate of the same person (never a
draft, a revoked or a superseded one: what the partner receives is what the register
keeps). It goes to the partner agency only with the person's consent to share with that
partner: the referrals' consent (purpose partner_sharing, scoped to the partner's name,
or to every partner of its kind when no name was given), recorded here when the form
carries the person's decision and read back from the consent history either way, so a
consent given for a referral to the same agency counts, and a withdrawal shows at once
on the file. Attaching is for the medical roles, who may read the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.consent import Consent
from caseflow.models.evacuation import (
    FIT_TO_TRAVEL,
    EvacuationCase,
    EvacuationDocument,
    Fitness,
    FitnessAssessment,
    TravelCondition,
)
from caseflow.services import ServiceError, commit_or_conflict
from caseflow.services.care.consents import ConsentInput, add_consent, partner_scope
from caseflow.services.care.referrals import kind_scope, partner_consent, partner_decisions
from caseflow.services.evacuation import ASSESSORS, CLINICAL_READERS
from caseflow.services.evacuation.cases import (
    MAX_TEXT,
    audit,
    bump,
    check_day,
    check_version,
    may_change,
    refuse_unless,
)
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose

MAX_VALIDITY_DAYS = 90
REPORT_TEMPLATE = "medical_report"


@dataclass
class FitnessInput:
    assessed_on: date | None
    category: Fitness | None
    valid_until: date | None = None
    conditions: list[TravelCondition] = field(default_factory=list)
    details: str = ""


def may_assess(user, person, case: EvacuationCase) -> bool:
    return user.role in ASSESSORS and may_change(user, person, case)


def may_attach(user, person, case: EvacuationCase) -> bool:
    return user.role in CLINICAL_READERS and may_change(user, person, case)


def assess(actor, person, case: EvacuationCase, data: FitnessInput,
           expected_version: int | None) -> FitnessAssessment:
    refuse_unless(may_assess(actor, person, case),
                   _l("Only a doctor of the team assesses fitness to travel."))
    check_version(case, expected_version)
    if not case.is_open:
        raise ServiceError(_l("This case is closed: fitness to travel is assessed only "
                              "before departure."), field="category")
    check_day(person, case.site_id, data.assessed_on, case.identified_on, "assessed_on")
    if data.category is None:
        raise ServiceError(_l("Choose the fitness to travel."), field="category")
    if data.category in FIT_TO_TRAVEL:
        if data.valid_until is None:
            raise ServiceError(_l("Give the date until which the assessment is valid."),
                               field="valid_until")
        if not data.assessed_on <= data.valid_until <= data.assessed_on + timedelta(
                days=MAX_VALIDITY_DAYS):
            raise ServiceError(_l("The assessment is valid from its date for at most "
                                  "%(n)d days.", n=MAX_VALIDITY_DAYS), field="valid_until")
    elif data.category is Fitness.UNFIT:
        data.valid_until = None
    elif data.valid_until is not None and data.valid_until < data.assessed_on:
        raise ServiceError(_l("The review date cannot be before the assessment."),
                           field="valid_until")
    conditions = sorted({TravelCondition(c) for c in data.conditions})
    if data.category is Fitness.FIT_WITH_CONDITIONS and not conditions:
        raise ServiceError(_l("Tick the conditions of the journey."), field="conditions")
    if data.category not in FIT_TO_TRAVEL:
        conditions = []
    details = (data.details or "").strip()
    if len(details) > MAX_TEXT:
        raise ServiceError(_l("The text is too long (at most %(n)d characters).", n=MAX_TEXT),
                           field="details")
    found = FitnessAssessment(case_id=case.id, person_id=person.id, author_id=actor.id,
                              assessed_on=data.assessed_on, category=data.category,
                              valid_until=data.valid_until)
    db.session.add(found)
    found.conditions = ",".join(c.value for c in conditions) or None
    found.details = details or None
    bump(case)
    db.session.flush()
    audit(actor, person, case, step="fitness_assessed", assessment=str(found.id))
    commit_or_conflict()
    return found


def assessments(case: EvacuationCase) -> list[FitnessAssessment]:
    return list(db.session.scalars(select(FitnessAssessment).where(
        FitnessAssessment.case_id == case.id).order_by(
        FitnessAssessment.assessed_on.desc(), FitnessAssessment.created_at.desc())))


# --- The medical report ---------------------------------------------------------------------


def reports_to_attach(person, case: EvacuationCase) -> list[Certificate]:
    """The person's issued medical reports not in this file now, newest first: a report
    withdrawn from the file (consent refused, or given for another partner) may be put in
    it again under a new consent (a new row: the withdrawn one stays, with its consent)."""
    in_file = {doc.certificate_id for doc, _cert, shared in documents(case) if shared}
    return [c for c in db.session.scalars(select(Certificate).where(
        Certificate.person_id == person.id, Certificate.template == REPORT_TEMPLATE,
        Certificate.status == CertificateStatus.ISSUED)
        .order_by(Certificate.issued_on.desc())) if c.id not in in_file]


def _scope(case: EvacuationCase) -> str:
    return partner_scope(case.partner_name) if case.partner_name else kind_scope(
        case.partner_kind)


def sharing_consent(case: EvacuationCase) -> Consent | None:
    """The person's decision in force about sharing with the case's partner.

    A case naming its partner counts only a consent for that name: a consent to "every
    partner of this kind" may have been given for an unrelated referral, and the person
    did not agree to this agency by it. A case naming none counts the kind-wide consent."""
    wanted = _scope(case)
    rows = [r for r in partner_decisions(case.person_id) if r.scope == wanted]
    return partner_consent(case.person_id, case.partner_kind, case.partner_name, rows)


def consent_given(case: EvacuationCase, row: Consent | None = None) -> bool:
    """Given, confirmed, and not past its review date (site's day): a consent to review is
    asked again before anything more goes to the partner."""
    row = row if row is not None else sharing_consent(case)
    return (row is not None and row.decision == ConsentDecision.GIVEN
            and not row.awaiting_confirmation
            and (row.review_on is None or row.review_on >= site_today(case.site_id)))


def attach_report(actor, person, case: EvacuationCase, certificate_id,
                  consent: ConsentInput | None, expected_version: int | None
                  ) -> EvacuationDocument:
    """Put the report in the file under the consent in force for the case's partner.

    A decision sent with the form is the person's and is kept whatever it says: a refusal
    is committed (it withdraws from the file what an earlier consent let in, see
    `documents`), and only then is the attachment refused."""
    refuse_unless(may_attach(actor, person, case),
                   _l("Only the medical team puts a medical report in the file."))
    check_version(case, expected_version)
    certificate = next((c for c in reports_to_attach(person, case)
                        if c.id == certificate_id), None)
    if certificate is None:
        raise ServiceError(_l("Choose an issued medical report of this person."),
                           field="certificate_id")
    if consent is not None:
        consent.purpose = ConsentPurpose.PARTNER_SHARING
        consent.partner_name = case.partner_name
        consent.scope = _scope(case)
        add_consent(actor, person, consent, site_id=case.site_id, commit=False)
        commit_or_conflict()  # the person's decision stays recorded, whatever follows
        if consent.decision is not ConsentDecision.GIVEN:
            raise ServiceError(_l("The person refused to share with this partner: their "
                                  "decision is recorded and the report is not put in the "
                                  "file."), field="consent_decision")
    in_force = sharing_consent(case)
    if not consent_given(case, in_force):
        raise ServiceError(_l("The person has not agreed to share with this partner: record "
                              "their consent to put the report in the file."),
                           field="consent_decision")
    document = EvacuationDocument(case_id=case.id, certificate_id=certificate.id,
                                  consent_id=in_force.id, attached_by_id=actor.id)
    db.session.add(document)
    bump(case)
    db.session.flush()
    audit(actor, person, case, step="report_attached", certificate=str(certificate.id))
    commit_or_conflict()
    return document


def documents(case: EvacuationCase
              ) -> list[tuple[EvacuationDocument, Certificate, bool]]:
    """The reports put in the file, oldest first, each with whether it is in the file now:
    only while the consent in force for the case's partner is given and is for the same
    partner as the consent it was attached under. A later refusal or withdrawal, or a
    change of partner, withdraws it (the row stays: what was shared, under which consent)."""
    rows = list(db.session.execute(
        select(EvacuationDocument, Certificate)
        .join(Certificate, Certificate.id == EvacuationDocument.certificate_id)
        .where(EvacuationDocument.case_id == case.id)
        .order_by(EvacuationDocument.attached_at)))
    if not rows:
        return []
    in_force = sharing_consent(case)
    given = consent_given(case, in_force)
    scopes = dict(db.session.execute(select(Consent.id, Consent.scope).where(
        Consent.id.in_({doc.consent_id for doc, _c in rows}))).all())
    return [(doc, cert, given and scopes.get(doc.consent_id) == in_force.scope)
            for doc, cert in rows]


def in_file(case: EvacuationCase) -> bool:
    """Is a medical report in the file for the case's partner now?"""
    return any(shared for _d, _c, shared in documents(case))
