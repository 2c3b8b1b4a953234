"""The access policy: the one place that says who may open what.

Deny by default: every endpoint needs a signed-in user unless it is listed in
PUBLIC_ENDPOINTS, and each blueprint, or view, states the roles it serves with
`@requires(...)`. A person's record is opened through `person_or_404`, which builds
the user's `PersonAccess` (access/person.py): the grant, the consents, and every
question about that person's records, asked of one object for the whole request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseflow import countries
from caseflow.disciplines import medical
from caseflow.extensions import login_manager
from caseflow.roles import CLINICAL_ROLES, Role

# Endpoints anyone may reach without signing in.
PUBLIC_ENDPOINTS = frozenset({"static", "auth.login", "main.healthz", "main.set_language",
                              "verify.verify", "custody.unlock",
                              # Clinic boxes: a bearer credential, checked by the blueprint.
                              "sync_api.hello", "sync_api.keys", "sync_api.people",
                              "sync_api.push", "sync_api.pull", "sync_api.fill_page",
                              "sync_api.audit", "sync_api.serials"})

# Endpoints a user who must change their password may still reach.
PASSWORD_CHANGE_ENDPOINTS = frozenset(
    {"static", "auth.logout", "auth.change_password", "main.set_language"}
)

ADMIN_ROLES = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object


def init_app(app: Flask) -> None:
    from caseflow.access.break_glass import banner

    app.before_request(require_sign_in)

    @app.context_processor
    def navigation_context():
        user = current_user
        return {"navigation": navigation_for(user) if user.is_authenticated else [],
                "break_glass_banner": banner()}


def require_sign_in():
    """Deny by default: an endpoint nobody listed as public needs a signed-in user."""
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    return None


def requires(*roles: Role):
    """The roles a view serves: the sign-in page for an anonymous visitor, 403 for a
    signed-in user without one of them, else the view.

    On a blueprint, the same decorator over an empty before_request hook states the roles
    of every view of the feature:

        @bp.before_request
        @requires(*PERSON_READER_ROLES)
        def _roles():
            "Care teams only."
    """
    allowed = frozenset(roles)

    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return checked

    return decorate


def navigation_for(user) -> list[NavItem]:
    """The menu a role sees; pages a role may not open are not offered."""
    items = [NavItem("main.home", _l("Home"))]
    if user.role in PERSON_READER_ROLES:
        items += [
            NavItem("people.search", _l("People")),
            NavItem("people.new", _l("Register a person")),
            NavItem("followup.appointments_day", _l("Appointments")),
            NavItem("followup.lost", _l("Lost to follow-up")),
            NavItem("certificates.register", _l("Certificates")),
        ]
    if user.role in ALL_SITES_ROLES:
        items.append(NavItem("team.caseload", _l("Caseloads")))
        items.append(NavItem("people.duplicates", _l("Possible duplicates")))
        items.append(NavItem("notes.morbidity_codes", _l("Morbidity list")))
        items.append(NavItem("audit.index", _l("Audit trail")))
        items.append(NavItem("break_glass.review_list", _l("Emergency accesses")))
        items.append(NavItem("records.retention_review", _l("Retention review")))
    # Outreach sessions: the medical discipline's clinicians of a site whose country does
    # outreach (Libya), and coordinators (services/outreach decides the same).
    if user.role in ALL_SITES_ROLES or (user.role in medical.SPEC.roles and any(
            countries.country(m.site.country).outreach for m in user.memberships)):
        items.append(NavItem("outreach.index", _l("Outreach")))
    from caseflow.access.reports import may_see_indicators

    if may_see_indicators(user):
        items.append(NavItem("reports.dashboard", _l("Indicators")))
        items.append(NavItem("hospital.indicators", _l("Hospital stays")))
        items.append(NavItem("evacuation.indicators", _l("Evacuations")))
        items.append(NavItem("tb.cohort_report", _l("TB cohort report")))
        items.append(NavItem("sexual_violence.indicators", _l("Sexual violence care")))
        items.append(NavItem("pregnancy.indicators", _l("Pregnancies")))
    # Clinic boxes (issue 21): on a central server that has boxes, the conflicts a
    # professional settles and the coordinators' review; on a box, its sync page.
    sync_role = current_app.config.get("SYNC_ROLE", "central")
    if user.role in PERSON_READER_ROLES and sync_role == "central" and current_app.config.get(
            "SYNC_RECORD_CENTRAL"):
        items.append(NavItem("sync_review.conflicts", _l("Box changes to settle")))
        if user.role in ALL_SITES_ROLES:
            items.append(NavItem("sync_review.review", _l("Sync review")))
    if user.role in PERSON_READER_ROLES and sync_role == "box":
        items.append(NavItem("sync_review.status", _l("Sync")))
    if user.role in (*ALL_SITES_ROLES, *ADMIN_ROLES) and current_app.config.get(
            "KEY_CUSTODY") == "memory":
        items.append(NavItem("custody.status", _l("Keys")))
    if user.role in ADMIN_ROLES:
        items += [
            NavItem("admin.users", _l("Users")),
            NavItem("admin.sites_list", _l("Sites")),
        ]
    return items


# --- People (docs/SECURITY.md, Access rules 1, 3, 5, 6) -----------------------------------

# Roles that may open a person's record at their sites. Data managers and administrators
# see no person at all (aggregates and accounts only).
# They are the roles that record for a person (roles.CLINICAL_ROLES, protection included).
PERSON_READER_ROLES = CLINICAL_ROLES
# Roles that read people across every site, for supervision; each read is audited.
ALL_SITES_ROLES = frozenset({Role.COORDINATOR})


def reads_people(user) -> bool:
    return user.is_authenticated and user.role in PERSON_READER_ROLES


def person_scope_site_ids(user) -> set[int] | None:
    """Sites whose people this user may read; None means every site (coordinators)."""
    if not reads_people(user):
        return set()
    if user.role in ALL_SITES_ROLES:
        return None
    return user.site_ids


def in_scope_clause(user, person_id_column):
    """A SQL condition: the person has, or had, an enrolment at one of the user's sites."""
    from sqlalchemy import exists, false, select, true

    from caseflow.models.enrolment import Enrolment, EnrolmentTransfer

    sites = person_scope_site_ids(user)
    if sites is None:
        return true()
    if not sites:
        return false()
    current = exists(
        select(Enrolment.id).where(Enrolment.person_id == person_id_column,
                                   Enrolment.site_id.in_(sites))
    )
    former = exists(
        select(EnrolmentTransfer.id).where(EnrolmentTransfer.person_id == person_id_column,
                                           EnrolmentTransfer.from_site_id.in_(sites))
    )
    return current | former


def may_register_at(user, site_id: int) -> bool:
    return reads_people(user) and site_id in user.site_ids


def parse_uuid(value):
    """A UUID from a URL part, or None: malformed ids are simply unknown ids."""
    import uuid

    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def person_or_404(person_id, *, write: bool = False, purpose: str | None = None,
                  action=None):
    """Load a person for the current user, or stop with 404/403; records the audit event.

    404 when the user may not know the person exists (out of scope, unknown or
    malformed id), 403 when they may read but not write. Opening a record, even a
    form to change it, is recorded as a view (or `action`, e.g. print); the change
    itself is recorded by the service that makes it. A user with an open break-glass
    grant on the person reads them, each read audited with purpose "break_glass".
    The user's PersonAccess is built here, for the rest of the request
    (`caseflow.access.person.person_access`).
    """
    from sqlalchemy import select

    from caseflow.access.break_glass import active_grant
    from caseflow.access.person import Grant, person_access
    from caseflow.audit import Action, record_event
    from caseflow.extensions import db
    from caseflow.models.person import Person

    if not reads_people(current_user):
        abort(403)
    pid = parse_uuid(person_id)
    if pid is None:
        abort(404)
    person = db.session.scalar(
        select(Person).where(Person.id == pid, in_scope_clause(current_user, Person.id))
    )
    if person is not None:
        access = person_access(current_user, person, in_scope=True)
    else:
        # Outside the user's sites: only an open break-glass grant lets them in, and only
        # to read pages (no change, print, export or other purpose; see access/break_glass).
        grant = active_grant(current_user, pid)
        if grant is None:
            abort(404)
        if write or purpose is not None or action not in (None, Action.VIEW):
            abort(403)
        person = db.session.get(Person, pid)
        access = person_access(current_user, person, in_scope=False, emergency=grant)
    if write and not access.may_write:
        abort(403)
    if access.grant is Grant.EMERGENCY:
        purpose = access.audit_purpose
    elif access.grant is Grant.SUPERVISION:
        purpose = purpose or "supervision"
    record_event(
        action or Action.VIEW,
        actor_id=current_user.id, object_type="person", object_id=str(person.id),
        person_code=person.code, purpose=purpose,
        details={"break_glass": str(access.emergency.id)} if access.emergency else None,
    )
    db.session.commit()
    return person
