"""Certificate pages: choose, draft, review, issue, download, correct, revoke; the register."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import person_or_404, person_scope_site_ids
from caseflow.access.certificates import certificate_or_404
from caseflow.access.person import person_access
from caseflow.blueprints.certificates import bp
from caseflow.blueprints.certificates import presenters as present
from caseflow.blueprints.certificates.forms import (
    DiscardForm,
    IssueForm,
    RegisterFilterForm,
    RevokeForm,
    form_class,
    form_data,
)
from caseflow.blueprints.downloads import file_response
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.certificates import TEMPLATES, FieldKind
from caseflow.certificates.templates import LAST_CONSULTATION
from caseflow.extensions import db
from caseflow.models.certificate import CertificateStatus
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care.consents import ConsentInput
from caseflow.services.documents import certificate_register
from caseflow.services.documents import certificates as service
from caseflow.services.staff.sites import sites_by_name
from caseflow.sessions import require_recent_auth
from caseflow.timezones import site_today
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)


def _sites(ids) -> list[Site]:
    return sites_by_name(ids)


def _version(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _consent(form) -> ConsentInput | None:
    if not form.consent_decision.data:
        return None
    return ConsentInput(
        purpose=ConsentPurpose.CERTIFICATE, decision=ConsentDecision(form.consent_decision.data),
        decided_by=DecidedBy(form.decided_by.data), method=ConsentMethod(form.method.data),
        interpreter_kind=InterpreterKind(form.interpreter_kind.data),
        interpreter_language=form.interpreter_language.data or None,
        accompanying_adult=form.accompanying_adult.data)


def _render_form(person, template, form, *, certificate=None, correcting=None):
    # A new certificate records the person's request (each certificate its own); a
    # draft being changed or a correction rests on the request already recorded.
    ask_consent = certificate is None and correcting is None
    return render_template(
        "certificates/form.html", person=person, name=display_name(person), template=template,
        form=form,
        title=template.title.get(present.locale()), certificate=certificate,
        correcting=present.row(correcting) if correcting else None,
        ask_consent=ask_consent)


@bp.route("/people/<person_id>/certificates/new", methods=["GET", "POST"])
def new(person_id: str):
    person = person_or_404(person_id, write=True)
    key = request.args.get("template", "")
    template = TEMPLATES.get(key)
    if template is None:
        offered = present.offered_templates(current_user, person)
        if not offered:
            abort(403)
        return render_template("certificates/choose.html", person=person, offered=offered)
    access = person_access(current_user, person)
    if not access.may_issue(template):
        abort(403)
    sites = _sites(access.writable_sites)
    form = form_class(template, present.locale())(sites=sites)
    if request.method == "GET":
        form.exam_date.data = site_today(sites[0].id if sites else None)
        if template.exam_label is LAST_CONSULTATION:  # "seen most recently on": a real contact
            days = service.contact_days(current_user, person)
            form.exam_date.data = days[-1] if days else form.exam_date.data
            for spec in template.fields:
                if spec.kind is FieldKind.DATES:  # the attestation of follow-up's dates
                    getattr(form, spec.key).data = "\n".join(d.strftime("%d/%m/%Y")
                                                             for d in days)
    elif form.validate_on_submit():
        data = form.to_input(template.key)
        if data is not None:
            try:
                draft = service.create_draft(current_user, person, data, _consent(form))
            except ServiceError as error:
                show_service_error(form, error)
            else:
                flash(_("Draft saved. Review the PDF, then issue it."), "success")
                return redirect(url_for("certificates.show", certificate_id=draft.id), code=303)
    return _render_form(person, template, form)


@bp.route("/certificates/<certificate_id>/edit", methods=["GET", "POST"])
def edit(certificate_id: str):
    person, certificate = certificate_or_404(certificate_id, content=True)
    access = person_access(current_user, person)
    if not access.may_edit_draft(certificate):
        abort(403)
    template = TEMPLATES[certificate.template]
    sites = _sites(access.writable_sites)
    cls = form_class(template, present.locale())
    if request.method == "GET":
        form = cls(sites=sites, data=form_data(service.input_of(certificate)))
        form.version.data = certificate.version
    else:
        form = cls(sites=sites)
        if form.validate_on_submit():
            data = form.to_input(template.key)
            if data is not None:
                try:
                    service.update_draft(current_user, person, certificate, data,
                                         _version(form.version.data))
                except ServiceError as error:
                    show_service_error(form, error)
                else:
                    flash(_("Draft saved. Review the PDF, then issue it."), "success")
                    return redirect(url_for("certificates.show",
                                            certificate_id=certificate.id), code=303)
    return _render_form(person, template, form, certificate=certificate,
                        correcting=certificate.supersedes)


@bp.route("/certificates/<certificate_id>/correct", methods=["GET", "POST"])
def correct(certificate_id: str):
    """A correction: a new draft, prefilled, that will supersede this certificate."""
    person, old = certificate_or_404(certificate_id, content=True)
    access = person_access(current_user, person)
    if not access.may_correct_certificate(old):
        abort(403)
    template = TEMPLATES[old.template]
    sites = _sites(access.writable_sites)
    cls = form_class(template, present.locale())
    if request.method == "GET":
        form = cls(sites=sites, data=form_data(service.input_of(old)))
    else:
        form = cls(sites=sites)
        if form.validate_on_submit():
            data = form.to_input(template.key)
            if data is not None:
                try:
                    draft = service.create_draft(current_user, person, data, _consent(form),
                                                 supersedes=old)
                except ServiceError as error:
                    show_service_error(form, error)
                else:
                    flash(_("Correction saved as a draft. Review the PDF, then issue it."),
                          "success")
                    return redirect(url_for("certificates.show", certificate_id=draft.id),
                                    code=303)
    return _render_form(person, template, form, correcting=old)


@bp.route("/certificates/<certificate_id>")
def show(certificate_id: str):
    person, certificate = certificate_or_404(certificate_id)
    access = person_access(current_user, person)
    page = present.certificate_page(person, certificate, current_user)
    return render_template(
        "certificates/show.html", person=person, name=display_name(person), **page,
        issue_form=IssueForm(version=certificate.version),
        discard_form=DiscardForm(version=certificate.version),
        revoke_form=RevokeForm(version=certificate.version),
        may_revoke=access.may_revoke(certificate),
        may_correct=access.may_correct_certificate(certificate),
        may_download=access.may_download_certificate(certificate),
        is_author=certificate.author_id == current_user.id,
        verify_url=(url_for("verify.verify", serial=certificate.serial, c=certificate.code)
                    if certificate.serial else None))


@bp.route("/certificates/<certificate_id>/preview.pdf")
def preview(certificate_id: str):
    person, certificate = certificate_or_404(certificate_id, content=True)
    try:
        pdf = service.preview(current_user, person, certificate)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("certificates.show", certificate_id=certificate.id), code=303)
    return file_response(pdf, "application/pdf", "certificate-draft.pdf")


def _public_url() -> str | None:
    """The address printed in the QR code. In production it must be configured: the
    address a request came in on may be an internal host, and an issued certificate
    keeps it forever. Elsewhere (development, tests) the request's address will do."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured or current_app.config["CASEFLOW_ENV"] == "production":
        return configured
    return request.url_root.rstrip("/")


@bp.route("/certificates/<certificate_id>/issue", methods=["POST"])
@require_recent_auth(return_to="certificates.show")
def issue(certificate_id: str):
    person, certificate = certificate_or_404(certificate_id, content=True)
    form = IssueForm()
    back = redirect(url_for("certificates.show", certificate_id=certificate.id), code=303)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return back
    try:
        service.issue(current_user, person, certificate, _version(form.version.data),
                      _public_url())
    except ConcurrentEditError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Certificate %(serial)s issued. Download it and hand it over.",
                serial=certificate.serial), "success")
    return back


@bp.route("/certificates/<certificate_id>/discard", methods=["POST"])
def discard(certificate_id: str):
    person, certificate = certificate_or_404(certificate_id, content=True)
    form = DiscardForm()
    if form.validate_on_submit():
        try:
            service.discard_draft(current_user, person, certificate, _version(form.version.data))
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return redirect(url_for("certificates.show", certificate_id=certificate.id),
                            code=303)
        flash(_("Draft discarded."), "success")
    return redirect(url_for("people.show", person_id=person.id), code=303)


@bp.route("/certificates/<certificate_id>/revoke", methods=["POST"])
def revoke(certificate_id: str):
    person, certificate = certificate_or_404(certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    else:
        try:
            service.revoke(current_user, person, certificate, form.reason.data,
                           _version(form.version.data))
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("Certificate %(serial)s revoked.", serial=certificate.serial), "success")
    return redirect(url_for("certificates.show", certificate_id=certificate.id), code=303)


@bp.route("/certificates/<certificate_id>.pdf")
def download(certificate_id: str):
    # The print itself is recorded by the service, once, with the serial.
    person, certificate = certificate_or_404(certificate_id, content=True, purpose="certificate")
    try:
        pdf = service.download(current_user, person, certificate)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("certificates.show", certificate_id=certificate.id), code=303)
    return file_response(pdf, "application/pdf", f"{certificate.serial}.pdf")


@bp.route("/certificates/")
def register():
    scope = person_scope_site_ids(current_user)
    sites = sites_by_name(scope)
    form = RegisterFilterForm(request.args, sites=sites, templates=present.template_choices(),
                              years=certificate_register.years(current_user))
    form.validate()
    status = request.args.get("status", "")
    filters = certificate_register.RegisterFilter(
        site_id=form.site.data if not form.site.errors else None,
        template=form.template.data if form.template.data in TEMPLATES else None,
        status=CertificateStatus(status) if status in {
            s.value for s in CertificateStatus if s is not CertificateStatus.DRAFT} else None,
        year=form.year.data if not form.year.errors else None)
    page = max(_version(request.args.get("page")) or 1, 1)
    lines, total, page = certificate_register.register(current_user, filters, page)
    pages = max((total + certificate_register.PAGE_SIZE - 1) // certificate_register.PAGE_SIZE,
                1)
    args = {k: v for k, v in request.args.items() if k != "page"}

    def page_url(number: int) -> str | None:
        return (url_for("certificates.register", page=number, **args)
                if 1 <= number <= pages and number != page else None)

    return render_template("certificates/register.html", form=form, total=total, page=page,
                           pages=pages, prev_url=page_url(page - 1), next_url=page_url(page + 1),
                           rows=[present.row(line.certificate, line.person_code)
                                              for line in lines])
