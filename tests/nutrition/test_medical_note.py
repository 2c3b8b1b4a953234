"""Acute malnutrition computed on a medical note from the measures (issue 20), the violence
codes and the medical indicators, against a hand-built June 2026."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.nutrition import who2007
from caseflow.reports.compute import compute
from caseflow.reports.period import Month
from caseflow.services import ServiceError
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.vocabulary import NoteKind
from tests.clock import FIXED_NOW
from tests.support.records import person, set_birth, site_id, user

pytestmark = pytest.mark.time_machine(FIXED_NOW)
JUNE = Month(2026, 6)
SEEN = datetime(2026, 6, 10, 9, 0)  # UTC, a Wednesday morning at Pantin


def _note(person_id, *, codes=None, at=SEEN, **details) -> Note:
    return record_note(user("amina"), person(person_id), NoteInput(
        kind=NoteKind.MEDICAL_CONSULTATION, occurred_at=at, site_id=site_id("PAN"),
        codes=codes or {}, details=details))


def _weight_at(z: float, born: date, height_cm: float, sex: int = 1) -> float:
    """The weight giving this BMI-for-age z-score on the seen day (the WHO reference)."""
    l_, m, s = who2007.parameters(sex, (SEEN.date() - born).days / 30.4375)
    return round(m * (1 + l_ * s * z) ** (1 / l_) * (height_cm / 100) ** 2, 1)


@pytest.fixture
def moussa(app, register):
    """A boy born on 14 March 2010 (a full date: his age is exact), seen at Pantin."""
    person_id = register("amina", "PAN", "Camara", "Moussa", born=2010)
    with app.app_context():
        set_birth(person_id, date(2010, 3, 14), "full")
    return person_id


def test_it_classifies_an_adolescents_moderate_malnutrition_by_bmi_for_age(app, moussa,
                                                                          as_user):
    with app.app_context():
        weight = _weight_at(-2.5, date(2010, 3, 14), 168)
        note = _note(moussa, weight_kg=weight, height_cm=168)
        assert note.codes == {"nutrition": "moderate"}
        assert note.details["nutrition_criterion"] == "bmi_for_age"
        assert -2.6 < note.details["nutrition_value"] < -2.4
        assert "nutrition_approximate" not in note.details
    page = html.unescape(as_user("amina").get(f"/people/{moussa}").text)
    assert "Malnutrition aiguë modérée" in page  # Amina reads French
    assert "IMC pour l'âge" in page


def test_it_says_the_classification_is_approximate_for_a_birth_year_only(app, register):
    person_id = register("amina", "PAN", "Diallo", "Alpha", born=2010)
    with app.app_context():
        note = _note(person_id, weight_kg=30.0, height_cm=165)
        assert note.codes["nutrition"] == "severe"
        assert note.details["nutrition_approximate"] is True


def test_it_calls_bilateral_oedema_severe_and_keeps_what_was_measured(app, moussa):
    with app.app_context():
        note = _note(moussa, weight_kg=55.0, height_cm=168, muac_mm=240, oedema="yes")
        assert note.codes["nutrition"] == "severe"
        assert note.details["nutrition_criterion"] == "oedema"
        assert note.details["muac_mm"] == 240


def test_it_classifies_nothing_without_a_measure(app, moussa):
    with app.app_context():
        note = _note(moussa, reason="Toux")
        assert "nutrition" not in note.codes
        assert "nutrition_criterion" not in note.details


def test_it_drops_a_classification_sent_instead_of_computed(app, moussa):
    with app.app_context():
        note = _note(moussa, codes={"nutrition": "severe"}, reason="Toux")
        assert "nutrition" not in note.codes


def test_it_refuses_a_muac_that_cannot_be_measured(app, moussa):
    with app.app_context(), pytest.raises(ServiceError) as refused:
        _note(moussa, muac_mm=20)
    assert refused.value.field == "muac_mm"


def test_it_refuses_an_unknown_perpetrator_code(app, moussa):
    with app.app_context(), pytest.raises(ServiceError) as refused:
        _note(moussa, codes={"perpetrator": ["neighbours"]})
    assert refused.value.field == "perpetrator"


@pytest.fixture
def june(app, register):
    """Five people seen at Pantin in June: a moderate and a severe malnutrition, one
    measured without malnutrition; violence by police at the border for two (one of them
    also by smugglers in Libya), scabies for three; and one seen in May (not counted)."""
    ids = [register("amina", "PAN", f"Personne{n}", "X", born=1990) for n in range(5)]
    with app.app_context():
        _note(ids[0], weight_kg=44.0, height_cm=170, codes={
            "conditions": ["scabies"], "violence_context": ["border"],
            "perpetrator": ["police_border"]})  # BMI 15.2: severe
        _note(ids[1], weight_kg=48.0, height_cm=170, codes={
            "conditions": ["scabies", "violence_sequelae"],
            "violence_context": ["border", "libya"],
            "perpetrator": ["police_border", "smugglers"]})  # BMI 16.6: moderate
        _note(ids[2], weight_kg=65.0, height_cm=170, codes={"conditions": ["scabies"]})
        _note(ids[3], codes={"conditions": ["measles"]})
        _note(ids[4], weight_kg=40.0, height_cm=170, codes={"conditions": ["scabies"]},
              at=datetime(2026, 5, 20, 9))
        db.session.commit()
    return ids


def _by_category(code: str) -> tuple[int, dict]:
    figure = compute(JUNE, codes=[code]).figure(code)
    return figure.cells.total, {c: cells.total for c, cells in figure.categories.items()}


def test_it_counts_acute_malnutrition_by_severity(app, june):
    with app.app_context():
        assert _by_category("acute_malnutrition") == (2, {
            "nutrition:moderate": 1, "nutrition:severe": 1})


def test_it_counts_the_diagnoses_of_the_month_by_code(app, june):
    with app.app_context():
        total, by_code = _by_category("morbidity")
    assert total == 4
    assert by_code["conditions:scabies"] == 3
    assert by_code["conditions:measles"] == 1
    assert by_code["conditions:violence_sequelae"] == 1


def test_it_counts_violence_by_context_and_perpetrator(app, june):
    with app.app_context():
        assert _by_category("violence_context") == (2, {
            "violence_context:border": 2, "violence_context:libya": 1})
        assert _by_category("violence_perpetrator") == (2, {
            "perpetrator:police_border": 2, "perpetrator:smugglers": 1})
        # The codes stay in clear (counted) and carry no identity.
        assert db.session.scalar(select(Note.codes).where(
            Note.codes.is_not(None)).limit(1)) is not None
