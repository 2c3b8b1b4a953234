"""What the hospital pages show, prepared here so that templates stay logic-free.

Amounts are put in a page's context only for the coordinator (services.hospital
may_see_costs): a clinician's page never receives them, so no template slip can
show them.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import format_date, format_decimal

from caseflow import morbidity
from caseflow.blueprints.people.presenters import display_name
from caseflow.models.hospital import HospitalAdmission
from caseflow.services.hospital import admissions as service
from caseflow.services.hospital import may_follow_hospital, may_see_costs
from caseflow.timezones import site_time_label


def admission_row(admission: HospitalAdmission) -> dict:
    """One line of a list (no free text: nothing to decrypt)."""
    return {
        "id": admission.id,
        "url": url_for("hospital.admission", hospital_admission_id=admission.id),
        "hospital": admission.hospital.name,
        "site": admission.site.code,
        "admitted": format_date(admission.admitted_on),
        "discharged": format_date(admission.discharged_on) if admission.discharged_on else None,
        "outcome": admission.outcome.value if admission.outcome else "",
        "outcome_label": admission.outcome.label if admission.outcome else None,
        "stay": admission.length_of_stay,
        "reason": morbidity.label(admission.reason_code),
    }


def person_panel(person, viewer) -> dict | None:
    """The hospital panel of the person page; None for a role that does not follow
    hospital stays (the include then renders nothing)."""
    if not may_follow_hospital(viewer):
        return None
    rows = [admission_row(a) for a in service.admissions_of(person, viewer)]
    new_url = (url_for("hospital.new_admission", person_id=person.id)
               if service.may_record(viewer, person) else None)
    return {"rows": rows, "new_url": new_url}


def admission_page(person, admission: HospitalAdmission, viewer) -> dict:
    costs = None
    if may_see_costs(viewer):
        costs = {"amount": (format_decimal(admission.cost_amount, format="#,##0.00")
                            if admission.cost_amount is not None else None),
                 "currency": admission.cost_currency}
    visits = [{"when": site_time_label(note.occurred_at, note.site_id), "kind": note.kind.label,
               "author": note.author.display_name, "text": note.text,
               "url": url_for("notes.show", note_id=note.id)}
              for note in service.visits(viewer, person, admission)]
    return {
        "person": person, "name": display_name(person), "admission": admission,
        "row": admission_row(admission), "visits": visits, "costs": costs,
        "may_change": service.may_change(viewer, person, admission),
        "may_set_costs": may_see_costs(viewer),
    }
