"""Moving a person's follow-up to another site (Calais → Pantin) with their consent.

The new site becomes the owner (it writes from now on); the old site keeps
reading the history it took part in. Without the person's consent to share
with the new site's team, nothing moves.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment, EnrolmentTransfer
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.vocabulary import ConsentDecision, ConsentPurpose


def site_scope(site_id: int) -> str:
    return f"site:{site_id}"


def transfer(actor, person, enrolment: Enrolment, to_site_id: int,
             consent: ConsentInput | None, reason: str | None = None) -> EnrolmentTransfer:
    from caseflow.access.person import person_access

    access = person_access(actor, person)
    if enrolment.person_id != person.id or not enrolment.active:
        raise ServiceError(_l("Only an ongoing enrolment can be transferred."))
    if enrolment.site_id not in access.writable_sites:
        raise ServiceError(_l("Only the team of the site that follows the person can "
                              "transfer them."))
    to_site = db.session.get(Site, to_site_id)
    if to_site is None or not to_site.active:
        raise ServiceError(_l("Choose an open site."), field="to_site_id")
    if to_site.id == enrolment.site_id:
        raise ServiceError(_l("The person is already followed at this site."),
                           field="to_site_id")
    scope = site_scope(to_site.id)
    given = access.consents_in_force.get((ConsentPurpose.PARTNER_SHARING, scope))
    if given is None or given.decision != ConsentDecision.GIVEN:
        if consent is None or consent.decision != ConsentDecision.GIVEN:
            raise ServiceError(_l("The person must agree that the team of %(site)s receives "
                                  "their record before the transfer.", site=to_site.name),
                               field="decision")
        consent.purpose = ConsentPurpose.PARTNER_SHARING
        consent.scope = scope
        consent.partner_name = consent.partner_name or to_site.name
        given = add_consent(actor, person, consent, site_id=enrolment.site_id, commit=False)
    move = EnrolmentTransfer(enrolment_id=enrolment.id, person_id=person.id,
                             from_site_id=enrolment.site_id, to_site_id=to_site.id,
                             consent_id=given.id, transferred_by_id=actor.id)
    db.session.add(move)
    move.reason = (reason or "").strip() or None
    enrolment.site_id = to_site.id
    record_event(Action.UPDATE, actor_id=actor.id, object_type="enrolment_transfer",
                 object_id=str(move.id), person_code=person.code, site_id=to_site.id,
                 details={"from_site": move.from_site_id, "to_site": to_site.id})
    db.session.commit()
    return move
