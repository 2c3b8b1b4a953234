"""Site administration, audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from caseflow import countries, pathways
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.site import DEFAULT_PROGRAMME, Site
from caseflow.models.user import User
from caseflow.roles import SiteKind
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict


@dataclass
class SiteFields:
    code: str
    name: str
    country: str
    kind: SiteKind
    timezone: str = "Europe/Paris"
    organisation: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True
    require_two_factor: bool = False
    default_programme: str = DEFAULT_PROGRAMME


def _clean(fields: SiteFields, site_id: int | None) -> SiteFields:
    fields.code = fields.code.strip().upper()
    fields.name = fields.name.strip()
    fields.country = fields.country.strip().upper()
    if not fields.default_programme:  # the administrator left it to the country
        fields.default_programme = countries.country(fields.country).default_programme
    if not (fields.code.isalpha() and 2 <= len(fields.code) <= 8):
        raise ServiceError(_l("A site code has 2 to 8 letters."), field="code")
    if pathways.get(fields.default_programme) is None:
        raise ServiceError(_l("Choose a programme."), field="default_programme")
    clash = select(Site.id).where(
        or_(func.upper(Site.code) == fields.code, func.lower(Site.name) == fields.name.lower())
    )
    if site_id is not None:
        clash = clash.where(Site.id != site_id)
    if db.session.scalar(clash):
        raise ServiceError(_l("Another site already has this code or name."), field="code")
    return fields


def create_site(actor: User | None, fields: SiteFields) -> Site:
    site = Site(**asdict(_clean(fields, None)))
    db.session.add(site)
    db.session.flush()
    record_event(Action.SITE_CREATED, actor_id=actor.id if actor else None,
                 object_type="site", object_id=site.id)
    db.session.commit()
    return site


def update_site(actor: User, site: Site, expected_version: int, fields: SiteFields) -> Site:
    if site.version != expected_version:
        raise ConcurrentEditError(_l("Someone else changed this site while you were editing it. "
                                     "Review the current values and save again."))
    changed = []
    for name, value in asdict(_clean(fields, site.id)).items():
        if getattr(site, name) != value:
            setattr(site, name, value)
            changed.append(name)
    if changed:
        site.version += 1
        record_event(Action.SITE_UPDATED, actor_id=actor.id, object_type="site",
                     object_id=site.id, details={"changed": changed})
        commit_or_conflict()
    return site


def usual_programme(site: Site | None) -> str:
    """The programme registration starts on at `site` (a key of caseflow/pathways); a
    programme since removed from the code falls back to general follow-up."""
    key = site.default_programme if site is not None else DEFAULT_PROGRAMME
    return key if pathways.get(key) is not None else DEFAULT_PROGRAMME


def sites_by_name(ids=None, *, active_only: bool = False) -> list[Site]:
    """Sites ordered by name, for the pickers of every form: `ids` (None: every site),
    only the active ones if asked."""
    query = select(Site).order_by(Site.name)
    if ids is not None:
        query = query.where(Site.id.in_(sorted(ids)))
    if active_only:
        query = query.where(Site.active.is_(True))
    return list(db.session.scalars(query))
