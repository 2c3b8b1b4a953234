"""The allergies and treatments in the person's subject-access copy (GDPR art. 15).

`copy_section(person, names)` gives every explicit answer to "any allergy?", every allergy
entry (retired ones too, with who retired them and why) and every treatment (stopped ones
and those entered in error too: they were recorded about the person), in full, the
person's key opened. JSON layout as the rest of the copy: keys in English, codes not
labels, dates ISO 8601, times UTC with a trailing Z. `names` is the copy's own name
loader (services/safeguards/subject_access._Names: `user(id)`, `site(id)`).

An empty dict when nothing was ever recorded: the copy then says nothing about allergies
or treatments (not even "not asked"), like the TB section.

Plugging it into services/safeguards/subject_access.collect is two lines (not done by
this module's author: that function is shared code):
    from caseflow.services.safety import copy as safety_copy
    if safety := safety_copy.copy_section(person, names): programmes["safety"] = safety
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.allergy import Allergy, AllergyStatusAnswer
from caseflow.models.medication import Medication


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value is not None else None


def copy_section(person, names) -> dict:
    answers = list(db.session.scalars(
        select(AllergyStatusAnswer).where(AllergyStatusAnswer.person_id == person.id)
        .order_by(AllergyStatusAnswer.recorded_at)))
    allergies = list(db.session.scalars(select(Allergy).where(Allergy.person_id == person.id)
                                        .order_by(Allergy.created_at)))
    treatments = list(db.session.scalars(
        select(Medication).where(Medication.person_id == person.id)
        .order_by(Medication.created_at)))
    if not (answers or allergies or treatments):
        return {}
    return {
        "allergy_answers": [{
            "answer": a.answer.value, "recorded_at": _time(a.recorded_at),
            "recorded_by": names.user(a.recorded_by_id), "site": names.site(a.site_id),
        } for a in answers],
        "allergies": [{
            "group": a.group.value, "substance": a.substance, "reaction": a.reaction.value,
            "reaction_details": a.reaction_details, "severity": a.severity.value,
            "source": a.source.value, "noted_on": _day(a.noted_on), "state": a.state.value,
            "recorded_by": names.user(a.recorded_by_id), "site": names.site(a.site_id),
            "recorded_at": _time(a.created_at),
            "retired_by": names.user(a.retired_by_id), "retired_at": _time(a.retired_at),
            "retired_reason": a.retired_reason,
        } for a in allergies],
        "treatments": [{
            "medicine": m.medicine, "atc_code": m.atc_code, "dose": m.dose,
            "started_on": _day(m.started_on), "prescriber": m.prescriber.value,
            "prescriber_details": m.prescriber_details, "stopped_on": _day(m.stopped_on),
            "stop_reason": m.stop_reason and m.stop_reason.value,
            "stop_details": m.stop_details, "recorded_by": names.user(m.recorded_by_id),
            "site": names.site(m.site_id), "recorded_at": _time(m.created_at),
        } for m in treatments],
    }
