"""The coordinator's review: who opened this person's record, what a user opened."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from caseflow.services.safeguards.audit_review import PAGE_SIZE
from tests.audit.conftest import user_id
from tests.clock import FIXED_NOW


@pytest.fixture
def mariam(app, register):
    """Mariam, followed at Pantin; Amina and Léa open her record, Claire supervises."""
    person_id = register("amina", "PAN", "Zerrouki", "Mariam", born=2008)
    with app.app_context():
        return db.session.get(Person, uuid.UUID(person_id)).code, person_id


def opened_by(client, as_user, login: str, person_id: str) -> None:
    as_user(login)
    assert client.get(f"/people/{person_id}").status_code == 200


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-audit-seq="\d+" data-audit-action="([a-z_]+)"', html)


def test_it_shows_the_coordinator_who_opened_a_persons_record(client, as_user, mariam):
    code, person_id = mariam
    opened_by(client, as_user, "amina", person_id)
    opened_by(client, as_user, "lea", person_id)
    as_user("claire")
    page = client.get(f"/audit/people/{code}")
    assert page.status_code == 200
    assert code in page.text
    assert "Dr Amina Diallo" in page.text and "Léa Fontaine" in page.text
    assert "Doctor" in page.text and "Legal worker" in page.text
    assert "Opened" in page.text and "Person's record" in page.text
    assert "Pantin" in page.text  # Amina's only site: where she opened it from
    assert "Zerrouki" not in page.text and "Mariam" not in page.text


def test_it_is_two_clicks_from_the_person_code(client, as_user, mariam):
    code, person_id = mariam
    opened_by(client, as_user, "amina", person_id)
    as_user("claire")
    typed = code.lower().replace("-", "")
    found = client.get(f"/audit/find?code={typed}")
    assert found.status_code == 302 and found.location.endswith(f"/audit/people/{code}")
    assert client.get(f"/audit/people/{typed}").location.endswith(f"/audit/people/{code}")


def test_it_says_so_when_the_code_is_unknown_or_malformed(client, as_user, mariam):
    as_user("claire")
    for typed in ("ZZZ-ZZZ-ZZ", "", "x" * 5000, "<script>"):
        page = client.get("/audit/find", query_string={"code": typed}, follow_redirects=True)
        assert page.status_code == 200
        assert ("No person and no audit event has this code" in page.text
                or "Type the person" in page.text or "9 characters" in page.text)
        assert "<script>" not in page.text
    assert client.get("/audit/people/ZZZ-ZZZ-ZZ").status_code == 404
    for user in ("abc", "999999", ""):
        page = client.get("/audit/find", query_string={"user": user}, follow_redirects=True)
        assert page.status_code == 200 and "Choose a user in the list." in page.text


def test_it_shows_what_a_user_opened(app, client, as_user, mariam):
    code, person_id = mariam
    opened_by(client, as_user, "amina", person_id)
    as_user("claire")
    with app.app_context():
        amina = user_id("amina")
    found = client.get(f"/audit/find?user={amina}")
    assert found.location.endswith(f"/audit/users/{amina}")
    page = client.get(f"/audit/users/{amina}")
    assert page.status_code == 200
    assert "What Dr Amina Diallo opened" in page.text
    assert f'href="/audit/people/{code}"' in page.text
    assert set(rows(page.text)) >= {"view", "create"}
    assert client.get("/audit/users/999999").status_code == 404
    assert client.get("/audit/users/amina").status_code == 404


@pytest.mark.parametrize("login", ["amina", "omar", "admin", "hugo"])
@pytest.mark.parametrize("path", ["/audit/", "/audit/people/{code}", "/audit/users/1",
                                  "/audit/find?code={code}"])
def test_it_refuses_everyone_but_the_coordinator(client, as_user, mariam, login, path):
    as_user(login)
    assert client.get(path.format(code=mariam[0])).status_code == 403


def test_it_sends_the_signed_out_to_the_login_page(client, mariam):
    page = client.get(f"/audit/people/{mariam[0]}")
    assert page.status_code == 302 and "/login" in page.location


def test_it_records_each_review_as_a_view_of_the_audit_trail(app, client, as_user, mariam):
    code, _ = mariam
    as_user("claire")
    client.get(f"/audit/people/{code}?action=view&start=2026-01-01")
    with app.app_context():
        amina = user_id("amina")
    client.get(f"/audit/users/{amina}")
    client.get("/audit/")
    with app.app_context():
        reviews = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "audit").order_by(AuditEvent.seq)).all()
        assert [e.action for e in reviews] == [Action.VIEW] * 3
        assert {e.actor_id for e in reviews} == {user_id("claire")}
        person, by_user, latest = reviews
        assert (person.person_code, person.object_id) == (code, code)
        assert person.details["action"] == "view"
        assert person.details["from"] == "2025-12-31T23:00"  # 1 January in Claire's zone, UTC
        assert (by_user.object_id, by_user.person_code) == (str(amina), None)
        assert latest.details["scope"] == "all"
    # The review of her record is in Mariam's own trail.
    assert "Audit review" in client.get(f"/audit/people/{code}").text


@pytest.mark.time_machine(FIXED_NOW)  # periods are days: a fixed one, noon at every site
def test_it_filters_by_action_and_period(app, client, as_user, mariam):
    code, person_id = mariam
    opened_by(client, as_user, "amina", person_id)
    with app.app_context():
        record_event(Action.PRINT, actor_id=user_id("amina"), object_type="person",
                     person_code=code, purpose="card")
        old = record_event(Action.VIEW, actor_id=user_id("lea"), object_type="person",
                           person_code=code)
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == old.seq)
                           .values(occurred_at=FIXED_NOW.replace(tzinfo=None)
                                   - timedelta(days=60)))
        db.session.commit()
    as_user("claire")
    printed = client.get(f"/audit/people/{code}?action=print")
    assert rows(printed.text) == ["print"] and "Person's card" in printed.text
    today = FIXED_NOW.date()
    recent = client.get(f"/audit/people/{code}",
                        query_string={"start": (today - timedelta(days=7)).isoformat(),
                                      "end": (today + timedelta(days=1)).isoformat()})
    assert "Léa Fontaine" not in recent.text and "Dr Amina Diallo" in recent.text
    older = client.get(f"/audit/people/{code}",
                       query_string={"end": (today - timedelta(days=30)).isoformat()})
    assert rows(older.text) == ["view"] and "Léa Fontaine" in older.text


@pytest.mark.parametrize("query, message", [
    ({"start": "2026-13-45"}, "Not a valid date"),
    ({"start": "0001-01-01"}, "between 1970 and 2999"),
    ({"start": "2026-03-10", "end": "2026-03-01"}, "before its start"),
    ({"action": "drop table"}, "Not a valid choice"),
    ({"page": "-4"}, ""),
    ({"page": "many"}, ""),
])
def test_it_explains_a_wrong_filter_instead_of_failing(client, as_user, mariam, query, message):
    as_user("claire")
    for path in (f"/audit/people/{mariam[0]}", "/audit/"):
        page = client.get(path, query_string=query)
        assert page.status_code == 200
        assert message in page.text


def test_it_pages_through_many_events(app, client, as_user, mariam):
    code, _ = mariam
    with app.app_context():
        for _ in range(PAGE_SIZE + 5):
            record_event(Action.VIEW, actor_id=user_id("amina"), object_type="note",
                         person_code=code)
        db.session.commit()
        total = db.session.query(AuditEvent).filter(AuditEvent.person_code == code,
                                                    AuditEvent.action == Action.VIEW).count()
    as_user("claire")
    first = client.get(f"/audit/people/{code}?action=view")
    assert len(rows(first.text)) == PAGE_SIZE
    assert f"{total} events" in first.text and 'rel="next"' in first.text
    second = client.get(f"/audit/people/{code}?action=view&page=2")
    # The review of page 1 is now the newest view of her record: one more event.
    assert len(rows(second.text)) == total + 1 - PAGE_SIZE
    assert 'rel="prev"' in second.text and "action=view" in second.text
    assert client.get(f"/audit/people/{code}?page=99").status_code == 200


def test_it_marks_break_glass_access(app, client, as_user, mariam):
    """Charlie, in Tripoli, opened Mariam's record in an emergency, then read it."""
    code, _ = mariam
    with app.app_context():
        record_event(Action.BREAK_GLASS, actor_id=user_id("charlie"),
                     object_type="break_glass_access", person_code=code, purpose="break_glass")
        record_event(Action.VIEW, actor_id=user_id("charlie"), object_type="person",
                     person_code=code, purpose="break_glass")
        db.session.commit()
    as_user("claire")
    page = client.get(f"/audit/people/{code}")
    assert 'data-audit-action="break_glass" data-break-glass="true"' in page.text
    assert 'data-audit-action="view" data-break-glass="true"' in page.text
    assert "Charlie Okafor" in page.text and "Emergency access (break-glass)" in page.text
    assert "Tripoli" in page.text
    assert rows(client.get(f"/audit/people/{code}?action=break_glass").text) == ["break_glass"]


def test_it_lists_the_latest_events_on_the_landing_page(app, client, as_user, mariam):
    code, person_id = mariam
    opened_by(client, as_user, "amina", person_id)
    as_user("claire")
    page = client.get("/audit/")
    assert page.status_code == 200
    assert 'id="find-person"' in page.text and 'id="find-user"' in page.text
    assert f'href="/audit/people/{code}"' in page.text
    assert "Site created" in page.text  # the sites seeded for the tests
    assert rows(client.get("/audit/?action=site_created").text) == ["site_created"] * 5


def test_it_reads_in_french_too(client, as_user, mariam):
    code, person_id = mariam
    opened_by(client, as_user, "amina", person_id)
    as_user("claire")
    page = client.get(f"/audit/people/{code}", headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in page.text
    assert "Médecin" in page.text and "Dr Amina Diallo" in page.text


def test_it_counts_a_search_that_showed_the_person_as_an_opening(app, register, as_user):
    """"Who saw this girl's file": a search listing her name is one of the answers."""
    from caseflow.services.safeguards.audit_review import review
    from tests.support.records import person, user

    pid = register("amina", "PAN", "Camara", "Mariama", born=2010)
    as_user("amina").get("/people/", query_string={"q": "Mariama Camara"},
                         follow_redirects=True)
    with app.app_context():
        code = person(pid).code
        page = review(user("claire"), person_code=code)
        kinds = {line.event.object_type for line in page.lines}
    assert "person_search" in kinds
