"""The Libya programme records in the person's rights: "Salem's copy of his record holds his
TB episode (observed doses summarised) and his hospital stay with what it cost the
programme, in English, French and Arabic"; "erasing Salem empties the episode's and the
stay's encrypted columns and the visit note, and the TB cohort and the hospital indicators
count the same as before"; the same for his evacuation out of Libya: in his copy with every
step (a corrected date too), the doctor's assessment and the report's serial, his companion
counted and never named; its words emptied by the erasure, its departure still counted."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from pypdf import PdfReader
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.evacuation import EvacuationCase, EvacuationStep
from caseflow.models.hospital import HospitalAdmission, HospitalVisit
from caseflow.models.note import Note
from caseflow.models.tb import TbDose, TbEpisode
from caseflow.reports import evacuation_indicators, hospital_indicators
from caseflow.reports.period import Month
from caseflow.reports.tb_cohort import Quarter
from caseflow.reports.tb_cohort import compute as compute_cohort
from caseflow.services.safeguards import subject_access
from caseflow.services.safeguards.erasure import erase_person
from tests.pdf import glyphs
from tests.people.libya_records import (
    ADMITTED,
    DISCHARGED,
    DOSES,
    EVACUATION_NOTES,
    EVACUATION_STEPS,
    FIT_ON,
    FIT_UNTIL,
    FITNESS_DETAILS,
    NOW,
    OUTCOME_ON,
    PARTNER_NAME,
    PARTNER_NUMBER,
    PRESUMED,
    REASON_TEXT,
    REGISTER,
    STARTED,
    SUBMITTED_AS_TYPED,
    TB_NOTES,
    VISIT_TEXT,
    WARD,
    add_evacuation,
    add_libya_records,
)
from tests.support.records import person, user

pytestmark = pytest.mark.time_machine(NOW)

HOSPITAL = "Tripoli Central Hospital"
SECRETS = [REGISTER, TB_NOTES, WARD, REASON_TEXT, VISIT_TEXT, PARTNER_NUMBER,
           EVACUATION_NOTES, FITNESS_DETAILS]
COMPANION = ("Osman", "Hawa")


@pytest.fixture
def salem(app, register):
    person_id = register("charlie", "TRI", "Belhaj", "Salem", born=1995)
    companion = register("charlie", "TRI", *COMPANION, born=1990)  # they travel together
    with app.app_context():
        record = add_libya_records(person_id, "charlie", "TRI", costs=True)
        record.evacuation = add_evacuation(person_id, companion_id=companion)
        record.companion_code = person(companion).code
        return record


def _export(app, person_id: str, fmt: str, language: str) -> bytes:
    with app.test_request_context():
        return subject_access.export(user("claire"), person(person_id), fmt, language)


# --- The copy ----------------------------------------------------------------------------------


def test_it_puts_the_episode_and_the_stay_in_the_json_copy(app, salem):
    data = json.loads(_export(app, salem.person_id, "json", "en"))
    (episode,) = data["tb_episodes"]
    assert episode["presumptive_on"] == PRESUMED.isoformat()
    assert (episode["treatment_started_on"], episode["regimen"]) == (
        STARTED.isoformat(), "drug_susceptible")
    assert (episode["outcome"], episode["outcome_on"]) == ("cured", OUTCOME_ON.isoformat())
    assert (episode["register_number"], episode["notes"]) == (REGISTER, TB_NOTES)
    assert (episode["xpert"], episode["basis"], episode["disease_site"]) == (
        "detected", "bacteriological", "pulmonary")
    assert episode["observed_doses"] == {"count": len(DOSES), "first_on": DOSES[0].isoformat(),
                                         "last_on": DOSES[-1].isoformat()}
    assert episode["author"]["name"] == "Charlie Okafor" and episode["site"] == "TRI"
    (stay,) = data["hospital_stays"]
    assert stay == {
        "hospital": HOSPITAL, "site": "TRI", "author": stay["author"],
        "admitted_on": ADMITTED.isoformat(), "discharged_on": DISCHARGED.isoformat(),
        "ward": WARD, "reason_code": "respiratory_infection", "reason": REASON_TEXT,
        "referred_by": "team", "outcome": "shelter",
        "costs": {"amount": "1250.50", "currency": "LYD"}}
    # The visit is one of the notes; the copy says where costs and visits are.
    assert any(note["text"] == VISIT_TEXT for note in data["notes"])
    assert "hospital_costs" in {item["what"] for item in data["disclosed"]}


def test_it_leaves_the_sections_out_for_someone_without_such_records(app, register):
    person_id = register("charlie", "TRI", "Haile", "Semhar", born=1990)
    data = json.loads(_export(app, person_id, "json", "en"))
    assert "tb_episodes" not in data and "hospital_stays" not in data
    assert "evacuation_cases" not in data
    assert "travel_group" not in {item["what"] for item in data["left_out"]}
    assert "hospital_costs" not in {item["what"] for item in data["disclosed"]}
    text = _flat(_pdf_text(_export(app, person_id, "pdf", "en")))
    assert "Tuberculosis" not in text and "Hospital stays" not in text
    assert "Evacuation out of Libya" not in text


def _pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(value: str) -> str:
    # Babel's numbers and dates hold narrow and no-break spaces: one plain space each.
    return " ".join(value.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_prints_the_episode_and_the_stay_in_the_pdf(app, salem, language):
    body = _export(app, salem.person_id, "pdf", language)
    printed = _flat(_pdf_text(body))

    def day(value: date) -> str:
        return _flat(format_date(value, "long", locale=language))

    for value in (REGISTER, HOSPITAL, WARD, REASON_TEXT, day(PRESUMED), day(STARTED),
                  day(OUTCOME_ON), day(ADMITTED), day(DISCHARGED),
                  f"{len(DOSES)} ", day(DOSES[0]), day(DOSES[-1]),
                  _flat(format_currency(Decimal("1250.50"), "LYD", locale=language))):
        assert value in printed, value
    if language == "en":
        for words in ("Tuberculosis", "Presumptive TB since", "National TB register number",
                      "Observed doses", f"{len(DOSES)} (from {day(DOSES[0])} to "
                      f"{day(DOSES[-1])})", "Hospital stays", "Costs covered by the programme",
                      "Discharged to the shelter", "Respiratory infection", "Treatment started on"):
            assert words in printed, words
    # The sections come after the certificates, TB first.
    assert printed.index(REGISTER) < printed.index(WARD)


def test_it_prints_the_arabic_copy_with_the_arabic_notes_shaped(app, salem):
    body = _export(app, salem.person_id, "pdf", "ar")
    glyphs.save("subject-access-libya", body)
    lines = glyphs.lines(body)
    # The episode's notes, written in Arabic, drawn as shaped Arabic (joined letters).
    assert any(glyphs.has(line, "سعال") for line in lines)
    assert any(glyphs.has(line, "الوزن") for line in lines)
    # Dates in Arabic words, the amount in the dinar's three decimals (CLDR), the register
    # number and the hospital's name in their own left-to-right order.
    assert any(glyphs.has(line, "مارس") for line in lines)
    printed = "\n".join(glyphs.chars(line) for line in lines)
    for value in (REGISTER, HOSPITAL, "1,250.500", PARTNER_NUMBER):
        assert value in printed, value


def test_it_puts_the_evacuation_in_the_json_copy_and_counts_the_companion(app, salem):
    body = _export(app, salem.person_id, "json", "en")
    data = json.loads(body)
    (case,) = data["evacuation_cases"]
    assert {key: case[key] for key in (
        "mechanism", "destination", "partner_kind", "partner_name", "partner_case_number",
        "status", "status_on", "identified_on", "departed_on", "notes", "site",
        "travelling_with_others")} == {
        "mechanism": "emergency_transit", "destination": "RW", "partner_kind": "unhcr",
        "partner_name": PARTNER_NAME, "partner_case_number": PARTNER_NUMBER,
        "status": "departed", "status_on": EVACUATION_STEPS[-1][1].isoformat(),
        "identified_on": EVACUATION_STEPS[0][1].isoformat(),
        "departed_on": EVACUATION_STEPS[-1][1].isoformat(), "notes": EVACUATION_NOTES,
        "site": "TRI", "travelling_with_others": 1}
    # Every step as recorded: the mistyped date said replaced, its correction naming it.
    steps = [(s["status"], s["step_on"], s["replaced_by_correction"], s["corrects_step_on"])
             for s in case["steps"]]
    typed = ("submitted", SUBMITTED_AS_TYPED.isoformat(), True, None)
    fixed = ("submitted", EVACUATION_STEPS[2][1].isoformat(), False,
             SUBMITTED_AS_TYPED.isoformat())
    assert steps == [(status.value, day.isoformat(), False, None)
                     for status, day in EVACUATION_STEPS[:2]] + [typed, fixed] + [
        (status.value, day.isoformat(), False, None) for status, day in EVACUATION_STEPS[3:]]
    assert {s["recorded_by"]["name"] for s in case["steps"]} == {"Charlie Okafor"}
    (fit,) = case["fitness_assessments"]
    assert {key: fit[key] for key in ("assessed_on", "category", "valid_until", "conditions",
                                      "details")} == {
        "assessed_on": FIT_ON.isoformat(), "category": "fit_with_conditions",
        "valid_until": FIT_UNTIL.isoformat(), "conditions": ["oxygen", "wheelchair"],
        "details": FITNESS_DETAILS}
    assert fit["doctor"]["name"] == "Charlie Okafor"
    assert [r["serial"] for r in case["medical_reports"]] == [salem.evacuation.serial]
    assert salem.evacuation.serial in {c["serial"] for c in data["certificates"]}
    # The companion is counted, never named: not their name, not their code, not their case.
    assert "travel_group" in {item["what"] for item in data["left_out"]}
    text = body.decode("utf-8")
    for value in (*COMPANION, salem.companion_code):
        assert value not in text, value


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_prints_the_evacuation_in_the_pdf(app, salem, language):
    printed = _flat(_pdf_text(_export(app, salem.person_id, "pdf", language)))

    def day(value: date) -> str:
        return _flat(format_date(value, "long", locale=language))

    for value in (PARTNER_NAME, PARTNER_NUMBER, EVACUATION_NOTES, FITNESS_DETAILS, "Rwanda",
                  salem.evacuation.serial, day(FIT_ON), day(FIT_UNTIL),
                  day(SUBMITTED_AS_TYPED), *(day(on) for _status, on in EVACUATION_STEPS)):
        assert value in printed, value
    if language == "en":
        for words in ("Evacuation out of Libya", "UNHCR emergency transit (Niger or Rwanda)",
                      "Partner's case number", "Fit to travel with conditions",
                      "Oxygen during the journey, Wheelchair", "Departed",
                      "1 other person (names left out)", "(date corrected later)",
                      f"(correction of {day(SUBMITTED_AS_TYPED)})", "Medically cleared"):
            assert words in printed, words
    for value in COMPANION:
        assert value not in printed, value
    # After the hospital stays.
    assert printed.index(WARD) < printed.index(PARTNER_NUMBER)


# --- Erasure -----------------------------------------------------------------------------------


def _figures() -> tuple:
    cohort = compute_cohort(_cases(), Quarter.of(STARTED), NOW.date())
    months = hospital_indicators.compute(Month.of(DISCHARGED), None, months=2)
    return (cohort.counts, cohort.not_started,
            [(m.admissions, m.discharges, m.stays, dict(m.outcomes), m.costs) for m in months])


def _departures() -> list:
    return evacuation_indicators.compute(Month.of(EVACUATION_STEPS[-1][1]), None)


def _cases():
    from caseflow.blueprints.tb.cohort import load_cases

    return load_cases(Quarter.of(STARTED), None)


def _raw(table: str, columns: str, person_id: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        text(f"SELECT {columns} FROM {table} WHERE person_id = :pid"),  # noqa: S608 (ours)
        {"pid": _stored_id(person_id)})]


def _stored_id(person_id: str):
    """The person's id as the database stores it (hex on SQLite, uuid on PostgreSQL)."""
    pid = uuid.UUID(person_id)
    return pid.hex if db.engine.dialect.name == "sqlite" else pid


def test_it_erases_the_records_and_keeps_what_the_indicators_count(app, salem):
    with app.app_context():
        before = _figures()
        departures = _departures()
        assert departures[-1].departures == 1  # June: Salem's departure
        assert sum(row["cured"] for row in before[0].values()) == 1  # Salem is counted
        assert before[2][-1][0] == 1  # April: one admission
        assert _raw("tb_episode", "register_number, notes", salem.person_id)[0] != (None, None)
        someone = person(salem.person_id)
        erase_person(user("claire"), someone, reason="person_request", typed_code=someone.code)
        db.session.remove()

    with app.app_context():
        # Every row stays, with its clear codes; the encrypted columns are empty.
        assert _raw("tb_episode", "register_number, notes", salem.person_id) == [(None, None)]
        assert _raw("hospital_admission", "ward, reason_text", salem.person_id) == [
            (None, None)]
        episode = db.session.get(TbEpisode, uuid.UUID(salem.episode_id))
        assert (episode.outcome.value, episode.treatment_started_on, episode.regimen.value) == (
            "cured", STARTED, "drug_susceptible")
        assert db.session.scalar(select(db.func.count(TbDose.id)).where(
            TbDose.episode_id == episode.id)) == len(DOSES)
        stay = db.session.get(HospitalAdmission, uuid.UUID(salem.admission_id))
        assert (stay.admitted_on, stay.discharged_on, stay.outcome.value, stay.reason_code,
                stay.cost_amount) == (ADMITTED, DISCHARGED, "shelter", "respiratory_infection",
                                      Decimal("1250.50"))
        (visit,) = db.session.scalars(select(HospitalVisit).where(
            HospitalVisit.admission_id == stay.id))
        note = db.session.get(Note, visit.note_id)
        assert note.text is None and note.details is None
        # The evacuation: its words emptied, its codes, dates and steps kept (erasure.py
        # handles the person-keyed rows: nothing of its own for evacuations).
        assert _raw("evacuation_case", "partner_name, partner_case_number, notes",
                    salem.person_id) == [(None, None, None)]
        assert _raw("fitness_assessment", "conditions, details", salem.person_id) == [
            (None, None)]
        case = db.session.get(EvacuationCase, uuid.UUID(salem.evacuation.case_id))
        assert (case.status.value, case.departed_on, case.destination) == (
            "departed", EVACUATION_STEPS[-1][1], "RW")
        assert db.session.scalar(select(db.func.count(EvacuationStep.id)).where(
            EvacuationStep.case_id == case.id)) == len(EVACUATION_STEPS) + 1
        # The indicators count the same as before the erasure.
        assert _figures() == before
        assert _departures() == departures
        # Nothing readable left anywhere.
        dump = _dump()
        for secret in SECRETS:
            assert secret not in dump, secret


def _dump() -> str:
    out = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            for value in row:
                out.append(bytes(value).decode("utf-8", "replace")
                           if isinstance(value, bytes | memoryview) else str(value))
    return "\n".join(out)
