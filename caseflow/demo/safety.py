"""Demo allergies and treatments (issue 20), recorded through the services as Dr Amina Diallo
would at Pantin.

Mamadou Saliou Diallo (16, Pantin; his story in demo/stories.py: scabies treated with
ivermectin and permethrin): allergic to penicillin (generalised urticaria after
amoxicillin in Conakry, moderate, declared by him with the interpreter), and an emollient
since the second dose of ivermectin. Fatoumata Binta Bah (her arrival check-up): "no known
allergy", asked at her first consultation.

Run once: nothing is written when an allergy is recorded already.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseflow.demo import working_day
from caseflow.extensions import db
from caseflow.models.allergy import Allergy, AllergyStatusAnswer
from caseflow.models.allergy_codes import AllergenGroup, AllergySource, Reaction, Severity
from caseflow.models.medication import Prescriber
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.safety import allergies, may_write, medications
from caseflow.services.safety.allergies import AllergyInput
from caseflow.services.safety.medications import MedicationInput
from caseflow.timezones import site_today


def _person(family: str, given: str) -> Person | None:
    for person in db.session.scalars(select(Person)):
        if (person.family_name, person.given_names) == (family, given):
            return person
    return None


def seed_safety(today: date | None = None) -> int:
    """Returns the entries written (0 when allergies are recorded already)."""
    amina = db.session.scalar(select(User).where(User.login == "amina"))
    if amina is None or db.session.scalar(select(Allergy.id).limit(1)) or db.session.scalar(
            select(AllergyStatusAnswer.id).limit(1)):
        return 0
    written = 0
    diallo = _person("Diallo", "Mamadou Saliou")
    if diallo is not None and may_write(amina, diallo):
        pantin = db.session.scalar(select(Site).where(Site.code == "PAN"))
        now = today or site_today(pantin)

        def day(n: int) -> date:
            return working_day("PAN", now, n)

        allergies.add(amina, diallo, AllergyInput(
            group=AllergenGroup.PENICILLINS, substance="Amoxicilline",
            reaction=Reaction.RASH, severity=Severity.MODERATE, source=AllergySource.DECLARED,
            noted_on=day(-20), reaction_details="Urticaire généralisée après de l'amoxicilline "
            "à Conakry en 2023, sans gêne respiratoire ; dit avec l'interprète en pular."))
        medications.add(amina, diallo, MedicationInput(
            medicine="Émollient (crème hydratante)", prescriber=Prescriber.CASEFLOW_DOCTOR,
            dose="Une application matin et soir sur les lésions", started_on=day(-13)))
        written += 2
    bah = _person("Bah", "Fatoumata Binta")
    if bah is not None and may_write(amina, bah):
        allergies.record_no_known_allergy(amina, bah, "")
        written += 1
    return written
