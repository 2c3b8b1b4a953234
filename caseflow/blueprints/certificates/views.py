"""Certificate pages: choose, draft, review, issue, download, correct, revoke; the register.

Issuing asks the author once: she confirms, keeps or changes words that could be read as
an age (docs/FIELD.md, Age), confirms her identity if it is not recent, and the issue
resumes from the confirmation kept on the server (docs/SECURITY.md, re-authentication).
"""

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

from caseflow import countries
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
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.certificates import TEMPLATES, CorrectionKind, FieldKind
from caseflow.certificates.templates import LAST_CONSULTATION
from caseflow.extensions import db
from caseflow.models.certificate import CertificateStatus
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.care.consents import INTERPRETED, ConsentInput
from caseflow.services.documents import certificate_register
from caseflow.services.documents import certificates as service
from caseflow.services.documents.age_proxies import AGE_PROXY_LABELS, AgeProxyWarning
from caseflow.services.documents.certificate_confirmation import pending_confirmation
from caseflow.services.documents.certificate_content import (
    contact_days,
    declared_identity,
    interpreter_hint,
    language_code,
)
from caseflow.services.documents.certificate_rules import duty_applies
from caseflow.services.staff.sites import sites_by_name
from caseflow.sessions import recently_authenticated
from caseflow.timezones import site_today
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)


def _sites(ids, template) -> list[Site]:
    """The sites the author may issue from: theirs that follow the person, in a country
    where the template applies (no French-law certificate from Tripoli)."""
    return [site for site in sites_by_name(ids) if template.applies_in(site.country)]


def _consent(form) -> ConsentInput | None:
    if not form.consent_decision.data:
        return None
    return ConsentInput(
        purpose=ConsentPurpose.CERTIFICATE, decision=ConsentDecision(form.consent_decision.data),
        decided_by=DecidedBy(form.decided_by.data), method=ConsentMethod(form.method.data),
        interpreter_kind=InterpreterKind(form.interpreter_kind.data),
        interpreter_language=(form.interpreter_language.data or None) if (
            form.interpreter_kind.data != InterpreterKind.NONE_NEEDED) else None,
        accompanying_adult=form.accompanying_adult.data)


def _input(form, template):
    """The author's input, its interpreter from the form's one question (who helped, in which
    language), which also goes into the consent recorded with a new certificate."""
    data = form.to_input(template.key)
    if data is not None:
        data.interpreter_kind = form.interpreter_kind.data or ""
        # The list of languages is the question; a page still showing the older text box
        # may have the language typed there instead.
        data.interpreter_language = form.interpreter_language.data or data.interpreter_language
        if data.interpreter_kind == InterpreterKind.NONE_NEEDED and not data.interpreter_name:
            data.interpreter_language = ""  # a language left as offered, no one interpreting
    return data


def _prefill_interpreter(form, kind, code) -> None:
    if kind in INTERPRETED or code:
        form.interpreter_kind.data = str(kind or InterpreterKind.PROFESSIONAL_ON_SITE)
    if code:
        form.interpreter_language.data = code


def _country(form) -> str:
    """The country of the site chosen on the form (its first site before one is chosen):
    its law decides the duty to report and the requisition (caseflow/countries.py)."""
    chosen = [country for site_id, _name, country in form.site_countries
              if site_id == form.site_id.data]
    countries = chosen or [country for _id, _name, country in form.site_countries]
    return countries[0] if countries else ""


def _render_form(person, template, form, *, certificate=None, correcting=None):
    # A new certificate records the person's request (each certificate its own); a
    # draft being changed or a correction rests on the request already recorded.
    ask_consent = certificate is None and correcting is None
    # Only a site the form offers is looked up: a tampered id (a 400-digit number) is a
    # validation error shown on the form, not a query (SQLite cannot bind it: a 500).
    offered = {site_id for site_id, _name, _country in form.site_countries}
    exam_date = form.exam_date.data or site_today(
        form.site_id.data if form.site_id.data in offered else None)
    return render_template(
        "certificates/form.html", person=person, name=display_name(person), template=template,
        form=form, certificate=certificate,
        correcting=present.row(correcting) if correcting else None,
        ask_consent=ask_consent,
        duty=duty_applies(template, declared_identity(person), exam_date, _country(form)),
        requisition=countries.country(_country(form)).requisition)


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
    sites = _sites(access.writable_sites, template)
    if not sites:  # none of the author's sites is in a country where it applies
        abort(403)
    form = form_class(template, present.locale())(sites=sites)
    if request.method == "GET":
        form.exam_date.data = site_today(sites[0].id if sites else None)
        # Asked once, offered from the last request for a certificate or the record.
        _prefill_interpreter(form, *(interpreter_hint(current_user, person) or ("", "")))
        if template.exam_label is LAST_CONSULTATION:  # "seen most recently on": a real contact
            days = contact_days(current_user, person)
            form.exam_date.data = days[-1] if days else form.exam_date.data
            for spec in template.fields:
                if spec.kind is FieldKind.DATES:  # the attestation of follow-up's dates
                    getattr(form, spec.key).data = "\n".join(d.strftime("%d/%m/%Y")
                                                             for d in days)
    elif form.validate_on_submit():
        data = _input(form, template)
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
    sites = _sites(access.writable_sites, template)
    if not sites:  # none of the author's sites is in a country where it applies
        abort(403)
    cls = form_class(template, present.locale())
    if request.method == "GET":
        data = service.input_of(certificate)
        form = cls(sites=sites, data=form_data(data))
        _prefill_interpreter(form, data.interpreter_kind, language_code(data.interpreter_language))
        form.version.data = certificate.version
    else:
        form = cls(sites=sites)
        if form.validate_on_submit():
            data = _input(form, template)
            if data is not None:
                try:
                    service.update_draft(current_user, person, certificate, data,
                                         parse_version(form.version.data))
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
    sites = _sites(access.writable_sites, template)
    if not sites:  # none of the author's sites is in a country where it applies
        abort(403)
    cls = form_class(template, present.locale())
    if request.method == "GET":
        data = service.input_of(old)
        # A new correction states its own kind and reason: never the one it corrects.
        data.correction_reason, data.correction_kind = "", CorrectionKind.CLINICAL
        form = cls(sites=sites, data=form_data(data))
        _prefill_interpreter(form, data.interpreter_kind, language_code(data.interpreter_language))
    else:
        form = cls(sites=sites)
        if form.validate_on_submit():
            data = _input(form, template)
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
    drafting = certificate.is_draft and certificate.author_id == current_user.id
    return render_template(
        "certificates/show.html", person=person, name=display_name(person), **page,
        age_proxies=_proxy_lines(service.age_proxies_of(certificate)) if drafting else [],
        resume=pending_confirmation(current_user, certificate) if drafting else None,
        identity_recent=recently_authenticated(),
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


def _proxy_lines(found) -> list[tuple[str, str]]:
    """The age proxies found, for the warning: (code, "category: the words as written")."""
    return [(proxy.value, _("%(category)s: %(words)s", category=AGE_PROXY_LABELS[proxy],
                            words=", ".join(_("“%(word)s”", word=w) for w in words)))
            for proxy, words in found.items()]


KEEP_AGE_PROXIES = "keep_age_proxies"  # the warning's checkbox on the show page
RESUME = "resume"  # the show page's one button after the identity check


@bp.route("/certificates/<certificate_id>/issue", methods=["POST"])
def issue(certificate_id: str):
    """Issue, in three steps asked once each: the author's confirmation (with, if the text
    mentions what could be read as an age, her choice to keep it), her identity if not
    confirmed in the last minutes (the confirmation waits on the server, bound to this
    version), then the issue. A GET never issues; the resume is this POST."""
    person, certificate = certificate_or_404(certificate_id, content=True)
    back = redirect(url_for("certificates.show", certificate_id=certificate.id), code=303)
    form = IssueForm()
    pending = (pending_confirmation(current_user, certificate)
               if request.form.get(RESUME) else None)
    if pending is not None:
        version, kept = pending.version, pending.age_proxies
    else:
        if not form.validate_on_submit():
            for errors in form.errors.values():
                for error in errors:
                    flash(str(error), "error")
            return back
        version = parse_version(form.version.data)
        found = [str(p) for p in service.age_proxies_of(certificate)] if version == (
            certificate.version) else []
        if found and not request.form.get(KEEP_AGE_PROXIES):
            flash(_("Read the warning about age before issuing: change the draft, or keep the "
                    "text and tick the box to issue anyway."), "error")
            return back
        kept = tuple(found)
    try:
        if not recently_authenticated():
            service.confirm_issue(current_user, person, certificate, version, kept)
            flash(_("For this action, confirm your identity first."), "info")
            return redirect(url_for("auth.reauth", next=url_for(
                "certificates.show", certificate_id=certificate.id)), code=303)
        service.issue(current_user, person, certificate, version, _public_url(),
                      age_proxies_kept=kept)
    except AgeProxyWarning:
        db.session.rollback()
        flash(_("Read the warning about age before issuing: change the draft, or keep the "
                "text and tick the box to issue anyway."), "error")
    except ServiceError as error:  # ConcurrentEditError among them
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
            service.discard_draft(current_user, person, certificate,
                                  parse_version(form.version.data))
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
                           parse_version(form.version.data))
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
    page = max(parse_version(request.args.get("page")) or 1, 1)
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
