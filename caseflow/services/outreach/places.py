"""The coordinator's list of outreach places: add, rename, change kind, (de)activate.

A place is never deleted: the sessions held there keep it. A deactivated place is no
longer offered for a new session."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow import countries
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.outreach import OutreachPlace, PlaceKind
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.outreach import (
    NOT_AN_OUTREACH_SITE,
    InputErrors,
    may_manage_places,
)

MAX_NAME = 120


@dataclass
class PlaceInput:
    site_id: int | None
    name: str
    kind: PlaceKind | None


def outreach_sites() -> list[Site]:
    """The active sites whose country does outreach (caseflow/countries.py)."""
    return [site for site in db.session.scalars(select(Site).where(Site.active)
                                                .order_by(Site.name))
            if countries.country(site.country).outreach]


def places(site_ids: set[int] | None = None, *, active_only: bool = False) -> list[OutreachPlace]:
    """Places of these sites (None: every site), by site then name."""
    query = select(OutreachPlace).join(OutreachPlace.site).order_by(Site.name, OutreachPlace.name)
    if site_ids is not None:
        query = query.where(OutreachPlace.site_id.in_(site_ids or {-1}))
    if active_only:
        query = query.where(OutreachPlace.active)
    return list(db.session.scalars(query))


def _check(actor, data: PlaceInput, *, place: OutreachPlace | None = None) -> str:
    if not may_manage_places(actor):
        raise ServiceError(_l("Only a medical coordinator keeps the list of places."))
    errors: dict[str, object] = {}
    name = " ".join((data.name or "").split())
    if not name:
        errors["name"] = _l("Give the place's name.")
    elif len(name) > MAX_NAME:
        errors["name"] = _l("At most %(n)d characters.", n=MAX_NAME)
    if data.kind is None:
        errors["kind"] = _l("Choose the kind of place.")
    site_id = place.site_id if place is not None else data.site_id
    site = db.session.get(Site, site_id) if site_id else None
    if site is None or not countries.country(site.country).outreach:
        errors["site_id"] = NOT_AN_OUTREACH_SITE
    elif name and db.session.scalar(select(OutreachPlace.id).where(
            OutreachPlace.site_id == site.id, OutreachPlace.name == name,
            OutreachPlace.id != (place.id if place is not None else -1))):
        errors["name"] = _l("This site already has a place of that name.")
    if errors:
        raise InputErrors(errors)
    return name


def add_place(actor, data: PlaceInput) -> OutreachPlace:
    name = _check(actor, data)
    place = OutreachPlace(site_id=data.site_id, name=name, kind=data.kind, active=True)
    db.session.add(place)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="outreach_place",
                 object_id=place.id, site_id=place.site_id)
    commit_or_conflict()
    return place


def update_place(actor, place: OutreachPlace, data: PlaceInput, *, active: bool,
                 expected_version: int | None) -> OutreachPlace:
    name = _check(actor, data, place=place)
    if expected_version is not None and expected_version != place.version:
        raise ConcurrentEditError(_l("Someone else changed this place meanwhile. "
                                     "Review it and save again."))
    changed = [k for k, old, new in (("name", place.name, name), ("kind", place.kind, data.kind),
                                     ("active", place.active, active)) if old != new]
    if not changed:
        return place
    place.name, place.kind, place.active = name, data.kind, active
    place.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="outreach_place",
                 object_id=place.id, site_id=place.site_id, details={"changed": changed})
    commit_or_conflict()
    return place
