"""An erased record is closed on every page, whichever blueprint serves it.

A request whose URL names a person (``person_id``, ``other_id``) or one of a
person's rows (``note_id``, ``certificate_id``, ``appointment_id``... any
``<table>_id`` of a table with a ``person_id`` column) is answered, when that
person was erased, by the erasure notice: 200 on the person page ("erased on
..."), 410 Gone anywhere else. The person is still loaded through
person_or_404 first, so scope (404 for a user who may not know the person
exists), role (403) and the audit of the view are those of any other page.

A key found missing anywhere else (a ShreddedError a page did not expect) is
answered the same way, without naming anyone, instead of an error 500.

The person page's links to the coordinator's actions come from here too
(`records_links`), decided in Python so that the template only displays them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cache

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import parse_uuid, person_or_404
from caseflow.access.records import may_erase, may_export_subject_access
from caseflow.blueprints.records import bp
from caseflow.crypto import ShreddedError
from caseflow.extensions import db
from caseflow.models import person_row_classes
from caseflow.models.erasure import PersonErasure

PERSON_ARGS = ("person_id", "other_id")


@cache
@functools.cache  # runs before every request: the mappers are walked once
def _person_tables() -> dict[str, object]:
    """URL argument name ("note_id") → the mapped class whose rows carry a person_id."""
    return {f"{cls.__tablename__}_id": cls for cls in person_row_classes()
            if "id" in cls.__table__.columns}


def _erasure_in(view_args: dict) -> PersonErasure | None:
    """The erasure of a person the URL names, directly or through one of their rows
    (one primary-key or joined lookup per id in the URL)."""
    for name, value in view_args.items():
        if not name.endswith("_id"):
            continue
        row_id = parse_uuid(value)
        if row_id is None:
            continue
        if name in PERSON_ARGS:
            erasure = db.session.get(PersonErasure, row_id)
        elif (cls := _person_tables().get(name)) is not None:
            erasure = db.session.scalar(select(PersonErasure).join(
                cls, cls.person_id == PersonErasure.person_id).where(cls.id == row_id))
        else:
            continue
        if erasure is not None:
            return erasure
    return None


@bp.before_app_request
def close_erased_records():
    if not request.view_args or not current_user.is_authenticated:
        return None
    erasure = _erasure_in(request.view_args)
    if erasure is None:
        return None
    person = person_or_404(erasure.person_id)  # scope (404), role (403), audit
    status = 200 if request.endpoint == "people.show" and request.method == "GET" else 410
    return render_template("records/erased.html", code=person.code, erasure=erasure), status


@bp.app_errorhandler(ShreddedError)
def key_gone(_error):
    db.session.rollback()
    return render_template("records/erased.html", code=None, erasure=None), 410


@dataclass(frozen=True)
class Link:
    url: str
    label: str


def records_links(person) -> list[Link]:
    """The coordinator's record actions offered on a person page."""
    if not current_user.is_authenticated:
        return []
    from caseflow.access.audit import may_review_audit

    links = []
    if may_review_audit(current_user):  # "who opened this record?", one click from the page
        links.append(Link(url_for("audit.person", code=person.code), _("Who opened this record")))
    if may_export_subject_access(current_user):
        links.append(Link(url_for("records.subject_access_page", person_id=person.id),
                          _("Subject access")))
    if may_erase(current_user):
        links.append(Link(url_for("records.erase", person_id=person.id),
                          _("Retention and erasure")))
    return links


@bp.app_context_processor
def records_context():
    return {"records_links": records_links}
