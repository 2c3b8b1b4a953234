"""A person's Libya programme records, built through the services as the team would: a TB
episode from presumptive TB to its outcome with observed doses, and a hospital stay with a
visit and a discharge. Shared by tests/people/test_libya_timeline.py and
tests/protection/test_libya_records_in_copy_and_erasure.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from caseflow.extensions import db
from caseflow.models.hospital import Outcome
from caseflow.models.tb import Observation
from caseflow.services.hospital import admissions
from caseflow.services.tb import episodes
from caseflow.vocabulary import NoteKind
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
