"""The coordinator's list of partner hospitals: name, the site whose team follows there, active.

A hospital is never deleted (admissions name it): it is made inactive, and
then no longer offered for a new admission.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.hospital import PartnerHospital
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.hospital import COST_ROLES

MAX_NAME = 200


@dataclass
class HospitalInput:
    name: str
    site_id: int
    active: bool = True


def _checked(actor, data: HospitalInput, hospital: PartnerHospital | None = None) -> HospitalInput:
    if actor.role not in COST_ROLES:
        raise ServiceError(_l("Only the medical coordinator keeps the list of hospitals."))
    data.name = " ".join((data.name or "").split())
    if not data.name:
        raise ServiceError(_l("Give the hospital's name."), field="name")
    if len(data.name) > MAX_NAME:
        raise ServiceError(_l("The name is too long."), field="name")
    if data.site_id is None or db.session.get(Site, data.site_id) is None:
        raise ServiceError(_l("Choose a site."), field="site_id")
    clash = select(PartnerHospital.id).where(
        PartnerHospital.site_id == data.site_id,
        func.lower(PartnerHospital.name) == data.name.lower())
    if hospital is not None:
        clash = clash.where(PartnerHospital.id != hospital.id)
    if db.session.scalar(clash) is not None:
        raise ServiceError(NAME_TAKEN, field="name")
    return data


NAME_TAKEN = _l("This site already has a hospital of that name.")


def _commit_name(commit) -> None:
    """Commit; two saves racing past the name check meet the unique index: the same plain
    refusal as the check's, never a 500."""
    try:
        commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError(NAME_TAKEN, field="name") from None


def add_hospital(actor, data: HospitalInput) -> PartnerHospital:
    data = _checked(actor, data)
    hospital = PartnerHospital(name=data.name, site_id=data.site_id, active=data.active)
    db.session.add(hospital)
    _commit_name(db.session.flush)
    record_event(Action.CREATE, actor_id=actor.id, object_type="partner_hospital",
                 object_id=str(hospital.id), site_id=data.site_id)
    _commit_name(db.session.commit)
    return hospital


def update_hospital(actor, hospital: PartnerHospital, data: HospitalInput,
                    expected_version: int | None) -> PartnerHospital:
    if expected_version is None or expected_version != hospital.version:  # None: tampered
        raise ConcurrentEditError(_l("Someone else changed this hospital in the meantime. "
                                     "Check it and save again."))
    data = _checked(actor, data, hospital)
    hospital.name, hospital.site_id, hospital.active = data.name, data.site_id, data.active
    hospital.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="partner_hospital",
                 object_id=str(hospital.id), site_id=data.site_id,
                 details={"active": data.active})
    _commit_name(commit_or_conflict)
    return hospital


def all_hospitals() -> list[PartnerHospital]:
    return list(db.session.scalars(select(PartnerHospital).join(PartnerHospital.site)
                                   .order_by(Site.code, PartnerHospital.name)))


def active_hospitals(site_ids) -> list[PartnerHospital]:
    """Hospitals offered for a new admission: active ones of the sites given."""
    if not site_ids:
        return []
    return list(db.session.scalars(
        select(PartnerHospital).where(PartnerHospital.active,
                                      PartnerHospital.site_id.in_(sorted(site_ids)))
        .order_by(PartnerHospital.name)))
