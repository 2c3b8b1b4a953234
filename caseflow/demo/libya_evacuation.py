"""Demo evacuations from Tripoli (issue 19): Filmon's emergency transit to Rwanda through to
departure (his fitness assessment, and the medical report Charlie wrote for him put in the
file with his consent to share it with UNHCR), Hawa and Amna travelling together on the
humanitarian corridor to Italy (submitted), Hiwot's resettlement refused, Idriss just
identified for family reunification.

Made through the services, as Charlie (the doctor of the Tripoli shelter, who records every
step there) would; run once (nothing is written when Tripoli already has a case). Dates
are relative to the site's today."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.evacuation import (
    EvacuationCase,
    EvacuationStatus,
    Fitness,
    Mechanism,
    TravelCondition,
)
from caseflow.models.person import Person
from caseflow.models.referral import PartnerKind
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.care.consents import ConsentInput
from caseflow.services.evacuation import cases, fitness, groups
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose, InterpreterKind

S = EvacuationStatus


def _person(family: str, given: str) -> Person | None:
    for person in db.session.scalars(select(Person)):
        if (person.family_name, person.given_names) == (family, given):
            return person
    return None


def _steps(charlie, person, case, today: date, days_ago: list[tuple[S, int]]):
    for status, ago in days_ago:
        case = cases.record_step(charlie, person, case, status, today - timedelta(days=ago),
                                 case.version)
    return case


def _open(charlie, person, today, ago, mechanism, destination, partner, number, name=""):
    return cases.create_case(charlie, person, cases.CaseInput(
        mechanism=mechanism, destination=destination, partner_kind=partner,
        identified_on=today - timedelta(days=ago), partner_name=name,
        partner_case_number=number))


def _filmon(charlie, person, today: date) -> None:
    case = _open(charlie, person, today, 40, Mechanism.EMERGENCY_TRANSIT, "RW",
                 PartnerKind.UNHCR, "LBY-26-C03187")
    case = _steps(charlie, person, case, today, [(S.ASSESSED, 35), (S.SUBMITTED, 30),
                                                 (S.ACCEPTED, 14)])
    fitness.assess(charlie, person, case, fitness.FitnessInput(
        assessed_on=today - timedelta(days=8), category=Fitness.FIT_WITH_CONDITIONS,
        valid_until=today + timedelta(days=22), conditions=[TravelCondition.MEDICATION],
        details="Pulmonary TB, continuation phase; sputum smear negative at month 2. Not "
                "infectious. Carries HR tablets for 60 days and the treatment card."),
        case.version)
    report = db.session.scalar(select(Certificate).where(
        Certificate.person_id == person.id, Certificate.template == "medical_report",
        Certificate.status == CertificateStatus.ISSUED).limit(1))
    if report is not None:
        fitness.attach_report(charlie, person, case, report.id, ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN,
            interpreter_kind=InterpreterKind.PROFESSIONAL_ON_SITE, interpreter_language="ti",
            decided_on=today - timedelta(days=8)), case.version)
    _steps(charlie, person, case, today, [(S.MEDICALLY_CLEARED, 7), (S.DEPARTED, 3)])


def seed_libya_evacuation(today: date | None = None) -> int:
    """Returns the cases written (0 when Tripoli has evacuation cases already)."""
    site = db.session.scalar(select(Site).where(Site.code == "TRI"))
    charlie = db.session.scalar(select(User).where(User.login == "charlie"))
    if site is None or charlie is None or db.session.scalar(
            select(EvacuationCase.id).where(EvacuationCase.site_id == site.id).limit(1)):
        return 0
    today = today or site_today(site)
    written = 0
    filmon = _person("Gebremedhin", "Filmon")
    if filmon is not None and cases.may_record(charlie, filmon):
        _filmon(charlie, filmon, today)
        written += 1
    hawa, amna = _person("عثمان", "حواء"), _person("يوسف", "آمنة")
    together = []
    for person, number in ((hawa, "HC-IT-2026-0412"), (amna, "HC-IT-2026-0413")):
        if person is not None and cases.may_record(charlie, person):
            case = _open(charlie, person, today, 25, Mechanism.HUMANITARIAN_CORRIDOR, "IT",
                         PartnerKind.PROTECTION_ACTOR, number, "Comunità di Sant'Egidio")
            together.append((person, _steps(charlie, person, case, today,
                                            [(S.ASSESSED, 20), (S.SUBMITTED, 12)])))
            written += 1
    if len(together) == 2:
        (first, one), (_second, two) = together
        groups.link(charlie, first, one, two, one.version)
    hiwot = _person("Kebede", "Hiwot")
    if hiwot is not None and cases.may_record(charlie, hiwot):
        case = _open(charlie, hiwot, today, 60, Mechanism.RESETTLEMENT, "CA",
                     PartnerKind.UNHCR, "LBY-26-C01544")
        _steps(charlie, hiwot, case, today, [(S.ASSESSED, 50), (S.SUBMITTED, 45),
                                             (S.REFUSED, 5)])
        written += 1
    idriss = _person("Mahamat", "Idriss")
    if idriss is not None and cases.may_record(charlie, idriss):
        _open(charlie, idriss, today, 6, Mechanism.FAMILY_REUNIFICATION, "DE",
              PartnerKind.IOM, "")
        written += 1
    return written
