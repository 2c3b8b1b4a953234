"""What the evacuation pages show, prepared here so that templates stay logic-free.

The doctor's words of an assessment are put in a page's context only for the medical roles
(services.evacuation.may_read_clinical): no template slip can show them to the others.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.blueprints.people.presenters import display_name
from caseflow.extensions import db
from caseflow.i18n import country_name, join_list
from caseflow.models.consent import Consent
from caseflow.models.evacuation import EvacuationCase
from caseflow.models.person import Person
from caseflow.services.evacuation import cases as service
from caseflow.services.evacuation import fitness, groups, may_follow_evacuations, may_read_clinical


def case_row(case: EvacuationCase) -> dict:
    """One line of a list (codes and dates only: nothing to decrypt)."""
    return {
        "id": case.id, "url": url_for("evacuation.case", evacuation_case_id=case.id),
        "mechanism": case.mechanism.label, "destination": country_name(case.destination),
        "status": case.status.value, "status_label": case.status.label,
        "status_on": format_date(case.status_on), "site": case.site.code,
        "identified": format_date(case.identified_on),
    }


def person_panel(person, viewer) -> dict | None:
    # Nothing to show nor to ask for someone never followed where evacuations are done.
    if not may_follow_evacuations(viewer) or not service.evacuation_sites(person):
        return None
    rows = [case_row(c) for c in service.cases_of(person, viewer)]
    new_url = (url_for("evacuation.new_case", person_id=person.id)
               if service.may_record(viewer, person) else None)
    return {"rows": rows, "new_url": new_url}


def _member(case: EvacuationCase) -> dict:
    person = db.session.get(Person, case.person_id)
    return {**case_row(case), "code": person.code, "name": display_name(person)}


def _document(doc, cert, shared: bool, consents: dict) -> dict:
    consent = consents.get(doc.consent_id)
    return {"serial": cert.serial, "issued": format_date(cert.issued_on),
            "status": cert.status.label, "in_file": shared,
            "url": url_for("certificates.show", certificate_id=cert.id),
            # Under which consent: its date, and whether it named the partner.
            "consent": None if consent is None else (
                _("consent of %(date)s, for this partner by name",
                  date=format_date(consent.decided_on)) if consent.partner_name
                else _("consent of %(date)s, for every partner of this kind",
                       date=format_date(consent.decided_on)))}


def case_page(person, case: EvacuationCase, viewer) -> dict:
    clinical = may_read_clinical(viewer)
    assessments = [{
        "on": format_date(a.assessed_on), "category": a.category.value,
        "category_label": a.category.label,
        "valid_until": format_date(a.valid_until) if a.valid_until else None,
        "conditions": join_list(c.label for c in a.condition_codes),
        "author": a.author.display_name,
        "details": a.details if clinical else None,
    } for a in fitness.assessments(case)]
    consent = fitness.sharing_consent(case)
    docs = fitness.documents(case)
    consents = {c.id: c for c in db.session.scalars(select(Consent).where(
        Consent.id.in_({d.consent_id for d, _c, _s in docs})))} if docs else {}
    return {
        "person": person, "name": display_name(person), "case": case, "row": case_row(case),
        "steps": [{"id": s.id, "status": s.status.value, "label": s.status.label,
                   "on": format_date(s.step_on), "by": s.recorded_by.display_name}
                  for s in service.steps(case)],
        "corrected": [{"label": s.status.label, "on": format_date(s.step_on)}
                      for s in service.steps(case, with_corrected=True)
                      if s.id not in {x.id for x in service.steps(case)}],
        "assessments": assessments,
        "documents": [_document(d, c, shared, consents) for d, c, shared in docs],
        "not_cleared": service.no_longer_cleared(case),
        "consent": consent.decision.label if consent else None,
        "members": [_member(c) for c in groups.group_members(viewer, case)],
        "may_change": service.may_change(viewer, person, case),
        "may_assess": fitness.may_assess(viewer, person, case),
        "may_attach": fitness.may_attach(viewer, person, case),
    }


def linkable_choices(viewer, person, case: EvacuationCase) -> list[tuple[str, str]]:
    return [(str(c.id), f"{m['code']} · {m['name']} · {m['mechanism']}")
            for c in groups.linkable(viewer, person, case) for m in (_member(c),)]
