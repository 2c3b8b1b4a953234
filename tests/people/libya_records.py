"""A person's Libya programme records, built through the services as the team would: a TB
episode from presumptive TB to its outcome with observed doses, and a hospital stay with a
visit and a discharge; apart (add_evacuation), an evacuation case walked to departure with a
corrected date, a fitness assessment, a medical report in the file and a companion. Shared by
tests/people/test_libya_timeline.py and tests/protection/test_libya_records_in_copy_and_erasure.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from caseflow.extensions import db
from caseflow.models.evacuation import EvacuationStatus, Fitness, Mechanism, TravelCondition
from caseflow.models.hospital import Outcome
from caseflow.models.referral import PartnerKind
from caseflow.models.tb import Observation
from caseflow.services.care.consents import ConsentInput
from caseflow.services.evacuation import cases, fitness, groups
from caseflow.services.hospital import admissions
from caseflow.services.tb import episodes
from caseflow.vocabulary import ConsentDecision, ConsentPurpose, NoteKind
from tests.evacuation.records import medical_report
from tests.hospital.records import admit
from tests.support.records import person, user
from tests.tb.conftest import episode_input

# Every date below is before this instant: the tests travel to it.
NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)
PRESUMED, STARTED, OUTCOME_ON = date(2026, 3, 2), date(2026, 3, 6), date(2026, 6, 10)
ADMITTED, DISCHARGED = date(2026, 4, 1), date(2026, 4, 5)
DOSES = [STARTED + timedelta(days=i) for i in range(0, 30, 3)]  # 10 doses, 6 Mar → 3 Apr
REGISTER = "LY-TRI-2026-0042"
TB_NOTES = "سعال منذ ثلاثة أسابيع، فقدان الوزن"  # cough for three weeks, weight loss
WARD = "Médecine interne, lit 12"
REASON_TEXT = "Pneumonie sévère, oxygène nécessaire"
VISIT_TEXT = "Visite : apyrétique, sous oxygène 2 L"


@dataclass
class LibyaRecord:
    person_id: str
    episode_id: str
    admission_id: str


def add_libya_records(person_id: str, login: str, site: str, *, costs: bool = False,
                      shift: int = 0) -> LibyaRecord:
    """One TB episode (cured) with DOSES and one hospital stay (visit, discharge to the
    shelter) for `person_id`, recorded by `login` at `site`; `shift` days earlier each."""
    clinician, someone = user(login), person(person_id)
    back = timedelta(days=shift)
    data = episode_input(started=STARTED - back, presumptive=PRESUMED - back,
                         register_number=REGISTER, notes=TB_NOTES)
    episode = episodes.create(clinician, someone, data)
    for day in DOSES:
        episodes.record_dose(clinician, someone, episode, day - back, Observation.DIRECT)
    data = episode_input(started=STARTED - back, presumptive=PRESUMED - back,
                         register_number=REGISTER, notes=TB_NOTES, outcome="cured",
                         outcome_on=OUTCOME_ON - back)
    episodes.update(clinician, someone, episode, data, episode.version)
    stay = admit(person_id, site, ADMITTED - back, login=login, ward=WARD,
                 reason_text=REASON_TEXT)
    admissions.record_visit(clinician, someone, stay, NoteKind.MEDICAL_CONSULTATION,
                            datetime.combine(ADMITTED - back + timedelta(days=1),
                                             datetime.min.time()).replace(hour=10),
                            VISIT_TEXT)
    admissions.discharge(clinician, someone, stay, admissions.DischargeInput(
        discharged_on=DISCHARGED - back, outcome=Outcome.SHELTER), stay.version)
    if costs:
        admissions.set_costs(user("claire"), someone, stay, admissions.parse_amount("1250.50"),
                             "LYD", stay.version)
    record = LibyaRecord(person_id, str(episode.id), str(stay.id))
    db.session.remove()
    return record


# The evacuation (after the TB cure, so the TB and hospital tests' orders stay as they are):
# identified, assessed, submitted (recorded on the 11th, corrected to the 12th), accepted,
# assessed fit with conditions by the doctor, medically cleared, departed to Rwanda.
EVACUATION_STEPS = [(EvacuationStatus.IDENTIFIED, date(2026, 6, 11)),
                    (EvacuationStatus.ASSESSED, date(2026, 6, 11)),
                    (EvacuationStatus.SUBMITTED, date(2026, 6, 12)),
                    (EvacuationStatus.ACCEPTED, date(2026, 6, 14)),
                    (EvacuationStatus.MEDICALLY_CLEARED, date(2026, 6, 15)),
                    (EvacuationStatus.DEPARTED, date(2026, 6, 16))]
SUBMITTED_AS_TYPED = date(2026, 6, 13)  # the wrong date, corrected to the 12th
FIT_ON, FIT_UNTIL = date(2026, 6, 14), date(2026, 7, 14)
PARTNER_NAME = "UNHCR Tripoli"
PARTNER_NUMBER = "LBY-26-C04217"
EVACUATION_NOTES = "Rendez-vous à Mitiga avec sa cousine ; billet pris par le HCR."
FITNESS_DETAILS = "Tuberculose guérie, frottis négatif ; fatigue à l'effort."


@dataclass
class EvacuationRecord:
    case_id: str
    serial: str


def add_evacuation(person_id: str, login: str = "charlie", companion_id: str | None = None,
                   *, report: bool = True) -> EvacuationRecord:
    """Salem's case of EVACUATION_STEPS (`login`, a doctor of the site, records every step
    and the assessment), his medical report put in the file with his consent (a Tripoli
    report: `report=False` elsewhere), and, given a companion, the companion's case linked
    to his (travelling together)."""
    doctor, someone = user(login), person(person_id)
    (_identified, day), *walk = EVACUATION_STEPS
    case = cases.create_case(doctor, someone, cases.CaseInput(
        mechanism=Mechanism.EMERGENCY_TRANSIT, destination="RW", partner_kind=PartnerKind.UNHCR,
        identified_on=day, partner_name=PARTNER_NAME, partner_case_number=PARTNER_NUMBER,
        notes=EVACUATION_NOTES))
    for status, day in walk:
        if status is EvacuationStatus.MEDICALLY_CLEARED:
            fitness.assess(doctor, someone, case, fitness.FitnessInput(
                assessed_on=FIT_ON, category=Fitness.FIT_WITH_CONDITIONS, valid_until=FIT_UNTIL,
                conditions=[TravelCondition.OXYGEN, TravelCondition.WHEELCHAIR],
                details=FITNESS_DETAILS), case.version)
        typed = SUBMITTED_AS_TYPED if status is EvacuationStatus.SUBMITTED else day
        case = cases.record_step(doctor, someone, case, status, typed, case.version)
        if typed != day:
            wrong = cases.steps(case)[-1]
            case = cases.correct_step(doctor, someone, case, wrong.id, day, case.version)
    serial = ""
    if report:
        issued = medical_report(person_id)
        fitness.attach_report(doctor, someone, case, issued.id, ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN), case.version)
        serial = issued.serial
    if companion_id is not None:
        other = cases.create_case(doctor, person(companion_id), cases.CaseInput(
            mechanism=Mechanism.EMERGENCY_TRANSIT, destination="RW",
            partner_kind=PartnerKind.UNHCR, identified_on=EVACUATION_STEPS[0][1]))
        groups.link(doctor, someone, case, other, case.version)
    record = EvacuationRecord(str(case.id), serial)
    db.session.remove()
    return record
