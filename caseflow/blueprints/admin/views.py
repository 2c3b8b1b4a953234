from zoneinfo import available_timezones

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow import pathways
from caseflow.blueprints.admin import bp
from caseflow.blueprints.admin.forms import SiteForm, UserForm
from caseflow.blueprints.form_errors import show_service_error
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.roles import Role, SiteKind
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.staff import accounts, role_grants, sites, two_factor
from caseflow.sessions import require_recent_auth


def _all_sites() -> list[Site]:
    return list(db.session.scalars(select(Site).order_by(Site.name)))


MAX_ID = 2**31 - 1  # larger ids do not exist and overflow the database's integer


def _user_or_404(user_id: int) -> User:
    return (user_id <= MAX_ID and db.session.get(User, user_id)) or abort(404)


def _site_or_404(site_id: int) -> Site:
    return (site_id <= MAX_ID and db.session.get(Site, site_id)) or abort(404)


def _account_fields(form: UserForm) -> accounts.AccountFields:
    return accounts.AccountFields(
        login=form.login.data, display_name=form.display_name.data, role=Role(form.role.data),
        discipline=Discipline(form.discipline.data) if form.discipline.data else None,
        profession=form.profession.data, rpps=form.rpps.data, adeli=form.adeli.data,
        language=form.language.data or None, site_ids=set(form.site_ids.data or []),
        form_of_address=form.form_of_address.data or None,
        # "" clears them: the form always shows both.
        profession_code=form.profession_code.data or "",
        licence_number=form.licence_number.data or "",
    )


def _site_fields(form: SiteForm) -> sites.SiteFields:
    return sites.SiteFields(
        code=form.code.data, name=form.name.data, country=form.country.data,
        kind=SiteKind(form.kind.data), timezone=form.timezone.data,
        organisation=form.organisation.data or "", address=form.address.data or "",
        phone=form.phone.data or "", email=form.email.data or "", active=form.active.data,
        require_two_factor=form.require_two_factor.data,
        default_programme=form.default_programme.data,
    )


@bp.route("/users")
def users():
    rows = db.session.scalars(select(User).order_by(User.display_name)).all()
    return render_template("admin/users.html", users=rows,
                           awaiting_approval=role_grants.pending_user_ids())


@bp.route("/users/new", methods=["GET", "POST"])
@require_recent_auth
def new_user():
    """A new account is a new way in: the administrator confirms her identity first."""
    form = UserForm(sites=_all_sites())
    if form.validate_on_submit():
        try:
            user, password = accounts.create_user(current_user, _account_fields(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            return render_template("admin/password_once.html", user=user, password=password,
                                   grant=role_grants.pending_for(user))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = _user_or_404(user_id)
    form = UserForm(obj=user, sites=_all_sites())
    if not form.is_submitted():
        form.site_ids.data = sorted(user.site_ids)
        form.discipline.data = user.discipline.value if user.discipline else ""
        form.language.data = user.language or ""
    if form.validate_on_submit():
        fields = _account_fields(form)
        save = lambda: _save_user(form, user, fields)  # noqa: E731
        if user.id != current_user.id and accounts.asks_for_more(user, fields):
            # More access for an account: a recent confirmation of identity first (the
            # form is then shown again, to be sent again: a POST is not replayed).
            save = require_recent_auth(save)
        if (response := save()) is not None:
            return response
    return render_template("admin/user_form.html", form=form, user=user,
                           two_factor=two_factor.status(user),
                           grant=role_grants.pending_for(user),
                           site_names={s.id: s.name for s in _all_sites()})


def _save_user(form: UserForm, user: User, fields: accounts.AccountFields):
    """The redirect after a saved edit, or the form again (None) with the service's message."""
    try:
        accounts.update_user(current_user, user, form.version.data or 0, fields)
    except ServiceError as error:
        show_service_error(form, error)
        if isinstance(error, ConcurrentEditError):
            # Saving again after reading the message is a deliberate overwrite.
            form.version.data = db.session.get(User, user.id).version
        return None
    if role_grants.pending_for(user) is not None:
        flash(_("Account saved. The new role or sites take effect when a medical coordinator "
                "approves them."), "info")
    else:
        flash(_("Account saved."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/<any(deactivate, reactivate, unlock):action>", methods=["POST"])
def user_action(user_id: int, action: str):
    user = _user_or_404(user_id)  # CSRF is checked for every POST by CSRFProtect
    try:
        if action == "unlock":
            accounts.unlock(current_user, user)
            flash(_("Account unlocked."), "success")
        else:
            accounts.set_active(current_user, user, action == "reactivate")
            flash(_("Account reactivated.") if action == "reactivate"
                  else _("Account deactivated; its sessions are closed."), "success")
    except ServiceError as error:
        flash(str(error.message), "error")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@require_recent_auth(return_to="admin.edit_user")
def reset_password(user_id: int):
    user = _user_or_404(user_id)
    password = accounts.reset_password(current_user, user)
    return render_template("admin/password_once.html", user=user, password=password, reset=True,
                           grant=role_grants.pending_for(user))


@bp.route("/users/<int:user_id>/reset-two-factor", methods=["POST"])
@require_recent_auth(return_to="admin.edit_user")
def reset_two_factor(user_id: int):
    """A lost phone and no recovery code left: the user sets two-factor up again."""
    user = _user_or_404(user_id)
    try:
        two_factor.reset(current_user, user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        if role_grants.pending_for(user) is not None and not user.active:
            flash(_("Two-factor sign-in reset; the account's sessions are closed. The account "
                    "stays switched off until a medical coordinator approves it; the user then "
                    "sets two-factor up again at the next sign-in."), "info")
        else:
            flash(_("Two-factor sign-in reset; the account's sessions are closed. The user sets "
                    "it up again at the next sign-in."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/sites")
def sites_list():
    return render_template("admin/sites.html", sites=_all_sites(),
                           programme_labels=dict(pathways.choices()))


@bp.route("/sites/new", methods=["GET", "POST"])
def new_site():
    form = SiteForm(timezones=sorted(available_timezones()))
    if form.validate_on_submit():
        try:
            site = sites.create_site(current_user, _site_fields(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Site created."), "success")
            return redirect(url_for("admin.edit_site", site_id=site.id))
    return render_template("admin/site_form.html", form=form, site=None)


@bp.route("/sites/<int:site_id>", methods=["GET", "POST"])
def edit_site(site_id: int):
    site = _site_or_404(site_id)
    form = SiteForm(obj=site, timezones=sorted(available_timezones()))
    if form.validate_on_submit():
        try:
            sites.update_site(current_user, site, form.version.data or 0, _site_fields(form))
        except ServiceError as error:
            show_service_error(form, error)
            if isinstance(error, ConcurrentEditError):
                form.version.data = db.session.get(Site, site_id).version
        else:
            flash(_("Site saved."), "success")
            return redirect(url_for("admin.edit_site", site_id=site.id))
    return render_template("admin/site_form.html", form=form, site=site)
