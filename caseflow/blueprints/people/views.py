"""Search, registration with the duplicate check, the person page and the person's card."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import timeline
from caseflow.access import person_or_404
from caseflow.access.break_glass import may_break_glass
from caseflow.audit import Action
from caseflow.blueprints.certificates.presenters import person_panel as certificate_panel
from caseflow.blueprints.evacuation.presenters import person_panel as evacuation_panel
from caseflow.blueprints.followup.presenters import followup_panel
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.hospital.presenters import person_panel as hospital_panel
from caseflow.blueprints.notifiable.presenters import person_panel as notifiable_panel
from caseflow.blueprints.outreach.panel import person_panel as outreach_panel
from caseflow.blueprints.people import bp
from caseflow.blueprints.people.care_team import care_team_panel
from caseflow.blueprints.people.forms import RegistrationForm
from caseflow.blueprints.people.presenters import TimelineFilter, person_page, rows_for
from caseflow.blueprints.pregnancy.presenters import person_panel as pregnancy_panel
from caseflow.blueprints.safety.presenters import safety_panel
from caseflow.blueprints.scales.presenters import person_panel as scales_panel
from caseflow.blueprints.sexual_violence.presenters import person_panel as sexual_violence_panel
from caseflow.blueprints.tb.presenters import person_panel as tb_panel
from caseflow.blueprints.vaccination.presenters import person_panel as vaccination_panel
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.models.person import normalise_person_code
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.care.consents import ConsentInput
from caseflow.services.care.timeline_sources import SOURCES
from caseflow.services.intake.duplicates import check_before_register
from caseflow.services.intake.people import Identity, register_person
from caseflow.services.intake.search import recall_query, remember_query, search_people
from caseflow.services.staff.sites import sites_by_name, usual_programme
from caseflow.sync.queues import open_conflict_count
from caseflow.vocabulary import (
    BirthDateSource,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
    Sex,
    Vulnerability,
)

MAX_QUERY = 200


@bp.route("/people/", methods=["GET", "POST"])
def search():
    """Search: the form posts the query, which is kept in the session under a random token,
    and the browser is sent to /people/?s=<token> (a GET that Back and reload open again,
    under no-store). So a name typed never reaches an address, the browser's history or an
    access log. GET ?q= (the stable interface, docs/ARCHITECTURE.md) is turned into the same
    redirect: the name leaves the address bar at once, though that first request line may
    reach a proxy's access log; nothing in caseflow generates such an address."""
    typed = request.form.get("q") if request.method == "POST" else request.args.get("q")
    if typed is not None:
        typed = typed.strip()[:MAX_QUERY]
        if not typed:
            return redirect(url_for("people.search"), code=303)
        token = remember_query(session, current_user.id, typed)
        return redirect(url_for("people.search", s=token), code=303)
    token = request.args.get("s")
    query = recall_query(session, current_user.id, token) if token else None
    if token and query is None:
        return render_template("people/search.html", query="", rows=[], expired=True)
    query = query or ""
    people = search_people(current_user, query, audit=True) if query else []
    # The search's audit event is committed: the rows are shown from a read transaction,
    # without SQLite's write lock (issue 22).
    with reading():
        rows = rows_for(people)
        # A card code found nowhere in the user's sites: the way to ask for emergency access
        # is offered for every such code, so the page does not tell whether the code exists.
        code = normalise_person_code(query) if query and not rows else None
        emergency_code = code if code and may_break_glass(current_user) else None
        return render_template("people/search.html", query=query, rows=rows,
                               emergency_code=emergency_code)


def _my_sites() -> list[Site]:
    """Where the user may register people: their own sites."""
    return sites_by_name(current_user.site_ids, active_only=True)


def identity_from(form) -> Identity:
    born, precision = getattr(form.birth_date, "parsed", (None, None)) or (None, None)
    from caseflow.vocabulary import BirthDatePrecision

    return Identity(
        family_name=form.family_name.data or "", given_names=form.given_names.data or "",
        aliases=form.alias_list(), birth_date=born,
        birth_precision=precision or BirthDatePrecision.UNKNOWN,
        birth_source=BirthDateSource(form.birth_source.data), sex=Sex(form.sex.data),
        nationality=form.nationality.data or None, languages=list(form.languages.data or []),
        interpreter_needed=bool(form.interpreter_needed.data), phone=form.phone.data,
        contact_notes=form.contact_notes.data,
    )


def _intake_consents(form) -> list[ConsentInput]:
    common = dict(
        decided_by=DecidedBy(form.decided_by.data), method=ConsentMethod(form.method.data),
        interpreter_kind=InterpreterKind(form.interpreter_kind.data),
        interpreter_language=form.interpreter_language.data or None,
        accompanying_adult=form.accompanying_adult.data,
    )
    answers = [(ConsentPurpose.CARE, "", form.consent_care.data),
               (ConsentPurpose.DATA_PROCESSING, "", form.consent_data.data),
               (ConsentPurpose.TEAM_SHARING, "all", form.consent_team.data)]
    return [ConsentInput(purpose=purpose, scope=scope, decision=ConsentDecision(answer), **common)
            for purpose, scope, answer in answers if answer]


def follow_site(form, sites: list[Site]) -> bool:
    """Start the programme on the usual programme of the site chosen, without JavaScript.

    The form opens on the first site's usual programme. A programme still equal to the one
    shown was left untouched: if the site chosen has another usual programme, the form is
    shown again on it, with a message, rather than saved on a programme nobody chose (someone
    who wanted the first site's programme at the second site chooses it again and saves).
    True when the programme changed."""
    by_id = {s.id: s for s in sites}
    chosen = by_id.get(form.site_id.data) if form.is_submitted() else None
    if not form.is_submitted():
        usual = usual_programme(sites[0] if sites else None)
        form.programme.data = form.programme_shown.data = usual
        return False
    if chosen is None or not form.programme_shown.data:
        return False  # an unknown site is refused by validation; no hidden field: explicit
    usual = usual_programme(chosen)
    if form.programme.data != form.programme_shown.data or form.programme.data == usual:
        return False
    form.programme.data = form.programme_shown.data = usual
    form.programme.errors = [*form.programme.errors, _(
        "The programme now shows the usual programme of %(site)s: check it, then register.",
        site=chosen.name)]
    return True


@bp.route("/people/new", methods=["GET", "POST"])
def new():
    sites = _my_sites()
    form = RegistrationForm(sites=sites)
    candidates = []
    valid = form.validate_on_submit()
    if follow_site(form, sites):
        valid = False
    if valid:
        identity = identity_from(form)
        try:
            identity.cleaned()
        except ServiceError as error:
            show_service_error(form, error, fallback="family_name")
        else:
            # Matches the user may not see are never hinted at; they reach the coordinators'
            # queue when the record is saved.
            _found, visible = check_before_register(current_user, identity)
            if visible and form.confirm_new.data != "yes":
                candidates = rows_for(visible)
            else:
                try:
                    person = register_person(
                        current_user, identity, site_id=form.site_id.data,
                        programme=form.programme.data, consents=_intake_consents(form),
                        flags=[Vulnerability(f) for f in form.flags.data or []],
                        confirmed_distinct_from=[p.id for p in visible],
                    )
                except ServiceError as error:
                    show_service_error(form, error, fallback="family_name")
                else:
                    return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/new.html", form=form, candidates=candidates)


@bp.route("/people/<person_id>")
def show(person_id: str):
    person = person_or_404(person_id)
    # The read's audit event is committed before the page is built, and the page is built
    # in a read transaction: on SQLite the write lock is held for the event only, not for
    # the ~30 ms of the page, so other requests are not kept waiting (issue 22).
    with reading():
        return render_person(person)


def render_person(person, task_form=None):
    """The person page, for a person the request already loaded (and audited); `task_form`:
    a refused task, shown again as typed (team.add_task)."""
    filters = TimelineFilter(request.args)
    page = timeline.build(person, current_user, filters.window(), SOURCES, filters.page)
    if not page.entries and filters.page > 1:
        filters.no_such_page()
        page = timeline.build(person, current_user, filters.window(), SOURCES, filters.page)
    return render_template("people/show.html", **person_page(person, current_user),
                           followup=followup_panel(person, current_user),
                           certificates=certificate_panel(person, current_user),
                           care_team=care_team_panel(person, current_user, task_form),
                           hospital=hospital_panel(person, current_user),
                           evacuation=evacuation_panel(person, current_user),
                           tb=tb_panel(person, current_user),
                           pregnancy=pregnancy_panel(person, current_user),
                           scales=scales_panel(person, current_user),
                           safety=safety_panel(person, current_user),
                           sexual_violence=sexual_violence_panel(person, current_user),
                           vaccination=vaccination_panel(person, current_user),
                           outreach=outreach_panel(person, current_user),
                           notifiable=notifiable_panel(person, current_user),
                           sync_conflicts=open_conflict_count(db.session, person.id),
                           timeline=page, filters=filters)


@bp.route("/people/<person_id>/card")
def card(person_id: str):
    person = person_or_404(person_id, action=Action.PRINT, purpose="card")
    return render_template("people/card.html", person=person)


@bp.route("/people/code/<code>")
def by_code(code: str):
    """A typed or scanned card code (an old code after a merge still works).

    A code of somebody outside the user's sites gets the answer an unknown code gets,
    except for a clinician who may break glass: they get the emergency form."""
    from caseflow.blueprints.break_glass.views import offer_page

    canonical = normalise_person_code(code)
    people = search_people(current_user, canonical, audit=True) if canonical else []
    if not people:
        emergency = offer_page(canonical) if canonical else None
        if emergency is not None:
            return emergency
        return render_template("people/search.html", query=code, rows=[]), 404
    return redirect(url_for("people.show", person_id=people[0].id))
