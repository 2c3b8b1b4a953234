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
    assert statuses == ["draft", "issued", "issued", "issued", "revoked", "superseded"]
    page = as_user("claire").get("/certificates/")
    assert page.text.count('data-certificate-status="') == 5  # drafts are not in the register
