"""Record a notifiable disease's declaration. Thin view over services.notifiable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.notifiable import bp
from caseflow.blueprints.notifiable.forms import DeclarationForm
from caseflow.blueprints.people.presenters import display_name
from caseflow.extensions import db
from caseflow.models.declaration import DeclarationOutcome
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.notifiable import declarations
from caseflow.services.notifiable.declarations import DeclarationInput
from caseflow.timezones import site_today


@bp.route("/people/<person_id>/declarations", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def declare(person_id: str):
    person = person_or_404(person_id, write=True)
    if not declarations.may_record(current_user, person):
        abort(403)
    sites = sorted(person_access(current_user, person).writable_sites)
    due = declarations.due(current_user, person)
    form = DeclarationForm()
    form.code.choices = declarations.declarable(current_user, person)
    form.site_id.choices = [(s, db.session.get(Site, s).name) for s in sites]
    if not form.is_submitted():
        if due:  # the first reminder, ready to record
            form.code.data = due[0].code
            if due[0].site.id in sites:
                form.site_id.data = due[0].site.id
        form.declared_on.data = site_today(form.site_id.data or sites[0])
    if form.validate_on_submit():
        try:
            declarations.record(current_user, person, DeclarationInput(
                code=form.code.data, site_id=form.site_id.data,
                outcome=DeclarationOutcome(form.outcome.data),
                declared_on=form.declared_on.data, reference=form.reference.data,
                reason=form.reason.data))
        except ServiceError as error:
            show_service_error(form, error, fallback="code")
        else:
            flash(_("Declaration recorded."), "success")
            return redirect(url_for("people.show", person_id=person.id, _anchor="declarations"))
    return render_template("notifiable/declare.html", form=form, person=person,
                           name=display_name(person), due=due)
