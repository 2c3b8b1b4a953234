"""Showing a service's refusal on the form that caused it, without losing what was typed."""

from __future__ import annotations

from flask import flash

from caseflow.extensions import db
from caseflow.services import ServiceError


def show_service_error(form, error: ServiceError, fallback: str | None = None) -> None:
    """Roll back the refused change and put the message beside the field it concerns
    (or on `fallback`, or at the top of the page). The form keeps every typed value."""
    db.session.rollback()
    name = error.field if error.field in form._fields else fallback
    if name is None:
        flash(str(error.message), "error")
        return
    field = form._fields[name]
    if field.type == "FormField":  # a group (the facts' date and place): on its first part
        field = next(iter(field.form))
    field.errors = [*field.errors, str(error.message)]
