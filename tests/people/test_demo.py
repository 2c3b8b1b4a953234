"""The demo people: realistic, across the sites, and readable by the right personas."""

from sqlalchemy import func, select

from caseflow.demo.people import PEOPLE, seed_demo_people
from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PossibleDuplicate
from caseflow.models.enrolment import EnrolmentTransfer
from caseflow.models.person import Person


def test_it_creates_demo_people_once_with_their_history(app, client, as_user):
    with app.app_context():
        assert seed_demo_people() == len(PEOPLE) + 1 >= 40
        assert seed_demo_people() == 0
        assert db.session.scalar(select(func.count(Person.id))) == len(PEOPLE) + 1
        pair = db.session.scalar(select(PossibleDuplicate))
        assert {pair.person_id, pair.other_person_id} == {
            p.id for p in db.session.scalars(select(Person))
            if "Selam" in (p.given_names or "") + " ".join(p.aliases or [])}
        withdrawn = db.session.scalar(select(func.count(Consent.id)).where(
            Consent.decision == "withdrawn"))
        assert withdrawn == 1
        # Yonas moves between his Calais and his Pantin notes: with the history.
        from caseflow.demo.history import seed_demo_history

        seed_demo_history()
        move = db.session.scalar(select(EnrolmentTransfer))
        assert (move.from_site.code, move.to_site.code) == ("CAL", "PAN")
        with_alias = [p for p in db.session.scalars(select(Person)) if p.aliases]
        assert len(with_alias) > 20
        yonas = move.person_id
    as_user("amina")
    page = client.get(f"/people/{yonas}")
    assert page.status_code == 200 and "Haile" in page.text
    as_user("yasmine")
    found = client.get("/people/", query_string={"q": "Mohammed Abderrahmane"},
                       follow_redirects=True)
    assert "Abdelrahman" in found.text


def test_it_gives_the_demo_people_a_history_in_every_discipline(app, client, as_user):
    from caseflow.demo.history import seed_demo_history
    from caseflow.models.note import Note
    from caseflow.models.state_change import StateChange

    with app.app_context():
        seed_demo_people()
        assert seed_demo_history() > 60
        assert seed_demo_history() == 0
        notes = db.session.scalars(select(Note)).all()
        assert {n.discipline.value for n in notes} == {"medical", "mental_health", "social",
                                                       "legal", "protection"}
        protection = [n for n in notes if n.discipline.value == "protection"]
        assert {n.author.login for n in protection} == {"nadia"}
        assert {n.confidentiality.value for n in protection} == {"discipline"}
        assert {n.confidentiality.value for n in notes} == {"team", "discipline", "private"}
        assert db.session.scalar(select(func.count(StateChange.id))) > 3
        awa = next(p for p in db.session.scalars(select(Person)) if p.family_name == "Traoré")
    # Awa withdrew team sharing: Sara (social) no longer reads Amina's medical notes about her.
    as_user("sara")
    page = client.get(f"/people/{awa.id}")
    assert 'data-note-discipline="medical"' not in page.text
    assert 'data-note-discipline="social"' in page.text


def test_it_gives_the_demo_appointments_and_referrals(app):
    from caseflow.demo.history import seed_demo_history
    from caseflow.models.appointment import Appointment
    from caseflow.models.referral import Referral

    with app.app_context():
        seed_demo_people()
        seed_demo_history()
        statuses = {a.status.value for a in db.session.scalars(select(Appointment))}
        assert {"scheduled", "missed"} <= statuses
        kinds = {a.kind.value for a in db.session.scalars(select(Appointment))}
        assert "hearing" in kinds
        referrals = db.session.scalars(select(Referral)).all()
        assert any(r.partner_kind for r in referrals) and any(r.target_discipline
                                                              for r in referrals)


def test_it_gives_the_demo_a_register_of_certificates(app, as_user):
    from caseflow.demo.history import seed_demo_history
    from caseflow.models.certificate import Certificate

    with app.app_context():
        seed_demo_people()
        seed_demo_history()
        statuses = sorted(c.status.value for c in db.session.scalars(select(Certificate)))
        # Tripoli's medical report for the chest unit, beside Pantin's certificates.
        templates = sorted(c.template for c in db.session.scalars(select(Certificate))
                           if c.site.code == "TRI")
    assert statuses == ["draft", "issued", "issued", "issued", "issued", "revoked",
                        "superseded"]
    assert templates == ["medical_report"]
    page = as_user("claire").get("/certificates/")
    assert page.text.count('data-certificate-status="') == 6  # drafts are not in the register


# --- What a clinician reading the demo would check -------------------------------------------

CLINICAL_ROLES = {"doctor", "nurse", "psychologist", "social_worker", "legal_worker",
                  "protection_officer", "coordinator"}


def _seeded(app):
    from caseflow.demo.history import seed_demo_history

    seed_demo_people()
    seed_demo_history()


def _local(site, instant):
    from caseflow.timezones import local_from_utc, zone_of

    return local_from_utc(instant, zone_of(site))


def test_it_dates_the_demo_inside_each_sites_opening_hours_and_working_days(app):
    from caseflow.demo import in_opening_hours, is_working_day
    from caseflow.models.appointment import Appointment
    from caseflow.models.note import Note
    from caseflow.timezones import site_today

    with app.app_context():
        _seeded(app)
        for note in db.session.scalars(select(Note)):
            local = _local(note.site, note.occurred_at)
            assert in_opening_hours(note.site.code, local.time()), (note.site.code, local)
            assert is_working_day(note.site.code, local.date()), (note.site.code, local)
        for appointment in db.session.scalars(select(Appointment)):
            code, local = appointment.site.code, _local(appointment.site,
                                                        appointment.scheduled_at)
            assert in_opening_hours(code, local.time()), (code, local)
            # Today's appointments are on today, whichever day the demo runs.
            assert is_working_day(code, local.date()) or \
                local.date() == site_today(appointment.site), (code, local)


def test_it_gives_each_clinical_persona_appointments_today_at_their_sites(app):
    from caseflow.demo import PERSONAS
    from caseflow.models.appointment import Appointment
    from caseflow.models.user import User
    from caseflow.timezones import site_today

    with app.app_context():
        _seeded(app)
        today = {}
        for appointment in db.session.scalars(select(Appointment)):
            if _local(appointment.site, appointment.scheduled_at).date() == \
                    site_today(appointment.site):
                today.setdefault(appointment.with_user_id, set()).add(appointment.site.code)
        users = {u.login: u for u in db.session.scalars(select(User))}
        for persona in PERSONAS:
            if persona.role.value in CLINICAL_ROLES:
                sites = today.get(users[persona.login].id, set())
                assert sites and sites <= set(persona.sites), persona.login


def test_it_keeps_the_vital_signs_of_a_story_consistent_with_its_text(app):
    import re

    from caseflow.models.note import Note

    with app.app_context():
        _seeded(app)
        weights: dict = {}
        for note in db.session.scalars(select(Note).order_by(Note.occurred_at)):
            details, text = note.details or {}, (note.text or "").lower()
            if note.discipline.value != "medical":
                continue
            assert details.get("reason"), note.text
            temp = details.get("temperature_c")
            if temp is not None:
                said = [float(t.replace(",", ".")) for t in
                        re.findall(r"(\d\d[.,]\d) °c", text)]
                assert all(t == temp for t in said), (temp, note.text)
                if temp >= 38:
                    assert said, f"a fever of {temp} °C the text does not give: {note.text}"
                    assert "pas de fièvre" not in text and "afebrile" not in text, note.text
            if details.get("weight_kg") is not None:
                before = weights.get(note.person_id)
                if before:
                    days = (note.occurred_at - before[0]).days
                    assert abs(details["weight_kg"] - before[1]) <= 0.5 + 0.1 * days, (
                        before, details["weight_kg"], note.text)
                weights[note.person_id] = (note.occurred_at, details["weight_kg"])


def test_it_leaves_a_referral_awaiting_an_answer_and_a_consent_to_renew(app):
    from caseflow.models.referral import Referral
    from caseflow.timezones import site_today

    with app.app_context():
        _seeded(app)
        statuses = {r.status.value for r in db.session.scalars(select(Referral))}
        assert {"sent", "completed", "proposed"} <= statuses
        due = [c for c in db.session.scalars(select(Consent).where(Consent.review_on.is_not(None)))
               if c.review_on <= site_today(c.site_id)]
        assert due


def test_it_gives_each_clinical_persona_a_home_page_with_people_and_tasks(app, as_user):
    """The demo's worklists: each persona who follows people is referent for some, and the
    stories leave tasks for the persons of Pantin, Calais and Tripoli."""
    with app.app_context():
        _seeded(app)
    for login in ("amina", "yasmine", "sara", "lea", "nadia", "hugo", "charlie"):
        page = as_user(login).get("/").text
        followed = page.split('id="followed"')[1].split("</section>")[0]
        assert followed.count("<li") >= 1, login
    for login in ("amina", "yasmine", "lea", "sara", "hugo", "charlie"):
        page = as_user(login).get("/").text
        assert page.split('id="tasks"')[1].split("</section>")[0].count("<li") >= 1, login
