"""The programme-size generator (`flask demo --persons N --notes M`): its data is the real
thing, encrypted as the application encrypts it, readable, searchable and counted."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.crypto import find_person_ids
from caseflow.demo.scale import generate
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.reports.compute import compute
from caseflow.reports.period import Month


def test_it_generates_exactly_the_people_and_notes_asked_for(app):
    with app.app_context():
        summary = generate(60, 700, seed=3, certificates=0)
        assert (summary.people, summary.notes) == (60, 700)
        assert db.session.scalar(select(func.count(Person.id))) == 60
        assert db.session.scalar(select(func.count(Note.id))) == 700
        per_person = db.session.execute(
            select(Note.person_id, func.count()).group_by(Note.person_id)).all()
        assert len(per_person) == 60  # everyone was seen at least once


def test_it_encrypts_fields_that_read_back_with_the_persons_key(app):
    with app.app_context():
        generate(20, 100, seed=4, certificates=0)
        person = db.session.scalars(select(Person).order_by(Person.code)).first()
        assert person.family_name and person.given_names
        raw = db.session.execute(select(Person.__table__.c.family_name)
                                 .where(Person.id == person.id)).scalar_one()
        assert person.family_name.encode() not in raw  # ciphertext in the table
        note = db.session.scalars(select(Note).where(Note.person_id == person.id)).first()
        assert note.text  # decrypts with the same person's key
        # Searchable by the blind index like anyone registered through the form.
        assert person.id in find_person_ids(db.session, person.family_name)


def test_it_feeds_the_indicators(app):
    with app.app_context():
        generate(80, 800, seed=5, certificates=0)
        months = sorted({Month.of(e.started_on) for e in db.session.scalars(select(Enrolment))})
        busiest = max(months, key=lambda m: db.session.scalar(
            select(func.count(Enrolment.id)).where(Enrolment.started_on >= m.start,
                                                   Enrolment.started_on < m.end)))
        report = compute(busiest, codes=["new_people", "contacts"])
        assert report.figure("new_people").cells.total >= 1
        assert sum(report.figure("contacts").cells.by_site.values()) == \
            report.figure("contacts").cells.total


def test_it_is_the_demo_command_with_persons(app, runner):
    result = runner.invoke(args=["demo", "--persons", "15", "--notes", "90", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Generated 15 people, 90 notes" in result.output
    refused = runner.invoke(args=["demo", "--persons", "10", "--notes", "5"])
    assert refused.exit_code != 0 and "--notes must be at least --persons" in refused.output
