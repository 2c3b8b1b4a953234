"""A referent for every person: set at intake, changed by the team or a coordinator, with its
history and an audit event; a coordinator reassigns a caseload when someone leaves."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.referent import Referent
from caseflow.services import ServiceError
from caseflow.services.care import referents
from tests.clock import FIXED_NOW
from tests.support.records import person, site_id, user

pytestmark = pytest.mark.time_machine(FIXED_NOW)


def _current(person_id) -> dict:
    return {(r.site.code, r.discipline.value): r.user.login
            for r in referents.current([uuid.UUID(person_id)])}


def test_it_makes_whoever_registers_the_referent_in_their_discipline(app, register):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    omid = register("sara", "CAL", "Ahmadi", "Omid", born=2008)
    with app.app_context():
        assert _current(awa) == {("PAN", "medical"): "amina"}
        assert _current(omid) == {("CAL", "social"): "sara"}


def test_it_shows_the_referents_on_the_person_page(app, register, as_user):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    page = as_user("lea").get(f"/people/{awa}").text
    panel = page.split('id="care-team"')[1].split("</section>")[0]
    assert "Dr Amina Diallo" in panel and "Pantin" in panel
    assert f"/people/{awa}/referents" in panel  # Léa works at Pantin: she may change it


def test_it_lets_the_team_change_a_referent_and_keeps_who_came_before(ids,
        app, register, as_user, post_form):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    as_user("yasmine")
    page = f"/people/{awa}/referents"
    slot = f"r{ids.site('PAN')}-mental_health"
    response = post_form(page, page, {"slot": slot, f"{slot}-site_id": ids.site("PAN"),
                                      f"{slot}-discipline": "mental_health",
                                      f"{slot}-current": "0",
                                      f"{slot}-user_id": ids.user("yasmine")})
    assert response.status_code == 302
    with app.app_context():
        assert _current(awa)[("PAN", "mental_health")] == "yasmine"
    # Claire (coordinator) hands the medical follow-up to herself: Amina's row is ended.
    as_user("claire")
    slot = f"r{ids.site('PAN')}-medical"
    post_form(page, page, {"slot": slot, f"{slot}-site_id": ids.site("PAN"),
                           f"{slot}-discipline": "medical", f"{slot}-current": ids.user("amina"),
                           f"{slot}-user_id": ids.user("claire")})
    with app.app_context():
        assert _current(awa)[("PAN", "medical")] == "claire"
        rows = referents.history(uuid.UUID(awa))
        ended = [r for r in rows if r.ended_at is not None]
        assert [(r.user.login, r.ended_by_id) for r in ended] == [("amina", ids.user("claire"))]
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "referent", AuditEvent.action == "update")).all()
        assert [(e.details["discipline"], e.details["previous_user_id"]) for e in events] == [
            ("mental_health", None), ("medical", ids.user("amina"))]
        assert all(e.person_code == person(awa).code for e in events)
    history = as_user("amina").get(page).text
    assert "Claire Morel" in history and "Dr Amina Diallo" in history


def test_it_refuses_a_referent_outside_the_site_or_the_discipline(ids, app, register):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        someone = person(awa)
        for login, discipline in (("amina", Discipline.MENTAL_HEALTH),  # not her discipline
                                  ("hugo", Discipline.MEDICAL),  # not a member of Pantin
                                  ("charlie", Discipline.MEDICAL)):
            with pytest.raises(ServiceError) as refused:
                referents.set_referent(user("claire"), someone, site_id=ids.site("PAN"),
                                       discipline=discipline, user_id=ids.user(login))
            assert refused.value.field == "user_id"
        with pytest.raises(ServiceError):  # not followed in Calais
            referents.set_referent(user("sara"), someone, site_id=ids.site("CAL"),
                                   discipline=Discipline.SOCIAL, user_id=ids.user("sara"))


@pytest.mark.parametrize("login, status", [("hugo", 404), ("charlie", 404), ("omar", 403),
                                           ("admin", 403), ("sara", 200), ("claire", 200)])
def test_it_lets_only_the_site_team_and_coordinators_open_the_referents_page(
        app, register, as_user, login, status):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    assert as_user(login).get(f"/people/{awa}/referents").status_code == status


def test_it_reassigns_a_whole_caseload_when_someone_leaves(ids, app, register, as_user, post_form):
    people = [register("amina", "PAN", "Traoré", f"Awa {n}", born=2009) for n in range(3)]
    register("yasmine", "PAN", "Haddad", "Nour", born=2008)
    as_user("claire")
    response = post_form("/caseload/", "/caseload/", {
        "site_id": ids.site("PAN"), "from_user_id": ids.user("amina"),
        "to_user_id": ids.user("claire")},
        follow_redirects=True)
    assert "3 personnes réassignées." in response.text
    with app.app_context():
        assert {_current(pid)[("PAN", "medical")] for pid in people} == {"claire"}
        bulk = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "referent", AuditEvent.action == "update")).all()
        assert len(bulk) == 3 and all(e.details["bulk"] for e in bulk)
    # Yasmine's people cannot go to a doctor: the disciplines differ.
    response = post_form("/caseload/", "/caseload/", {
        "site_id": ids.site("PAN"), "from_user_id": ids.user("yasmine"),
        "to_user_id": ids.user("amina")})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.text


def test_it_counts_each_professionals_caseload_and_who_has_no_referent(ids,
        app, register, as_user):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    register("amina", "PAN", "Bah", "Fatou", born=2008)
    with app.app_context():
        referents.set_referent(user("claire"), person(awa), site_id=ids.site("PAN"),
                               discipline=Discipline.MEDICAL, user_id=None)
    page = as_user("claire").get(f"/caseload/?site={ids.site('PAN')}").text
    assert 'data-user="amina" data-followed="1"' in page
    assert 'data-unassigned="1"' in page
    assert "Traoré" in page and "Bah" not in page.split("data-unassigned")[1]


@pytest.mark.parametrize("login", ["amina", "hugo", "omar", "admin"])
def test_it_keeps_the_caseload_page_for_coordinators(as_user, login):
    assert as_user(login).get("/caseload/").status_code == 403


def test_it_gives_existing_people_a_referent_when_migrating(ids, app, register):
    """The migration's rule, as intake's: who opened the enrolment, if still at the site."""
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        rows = db.session.scalars(select(Referent)).all()
        amina = ids.user("amina")
        assert [(r.user_id, r.assigned_by_id) for r in rows] == [(amina, amina)]
        assert str(rows[0].person_id) == awa


def test_it_lets_each_discipline_choose_its_own_referent_only(app, register):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        with pytest.raises(ServiceError):  # a legal worker does not choose the doctor
            referents.set_referent(user("lea"), person(awa), site_id=site_id("PAN"),
                                   discipline=Discipline.MEDICAL, user_id=None)
        referents.set_referent(user("lea"), person(awa), site_id=site_id("PAN"),
                               discipline=Discipline.LEGAL, user_id=user("lea").id)
        assert _current(awa)[("PAN", "legal")] == "lea"


def test_it_hands_over_the_caseload_and_open_tasks_of_someone_who_left(
        app, register, as_user, post_form, ids):
    from caseflow.models.user import User
    from caseflow.services.care import tasks

    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        task = tasks.add_task(user("amina"), person(awa), tasks.TaskInput(
            site_id=site_id("PAN"), assigned_to_id=user("amina").id,
            due_on=person(awa).enrolments[0].started_on, text="Relancer la PASS"))
        task_id = task.id
        db.session.execute(User.__table__.update().where(User.login == "amina")
                           .values(active=False))
        db.session.commit()
    as_user("claire")
    page = "/caseload/"
    response = post_form(page, page, {"site_id": ids.site("PAN"),
                                      "from_user_id": ids.user("amina"),
                                      "to_user_id": ids.user("claire")}, follow_redirects=True)
    assert "1 personne réassignée." in response.text
    with app.app_context():
        from caseflow.models.task import Task

        assert _current(awa)[("PAN", "medical")] == "claire"
        assert db.session.get(Task, task_id).assigned_to_id == user("claire").id


def test_it_keeps_one_current_referent_per_discipline_when_merging(app, register):
    from caseflow.services.intake.duplicates import merge

    keep = register("amina", "PAN", "Tesfaye", "Selam", born=2008)
    other = register("amina", "PAN", "Tesfay", "Salam", born=2008)
    with app.app_context():
        merge(user("claire"), person(keep), person(other), "same person, same phone")
        db.session.commit()
        assert list(_current(keep)) == [("PAN", "medical")]
        assert len(referents.history(uuid.UUID(keep))) == 2  # the other kept as history
