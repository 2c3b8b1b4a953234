"""Finding people again under any spelling, only within one's scope."""

import pytest

from tests.support.records import load


@pytest.fixture
def awa(register):
    return register("amina", "PAN", "Diallo", "Mouhamed Awa", aliases=["Awa Dialo", "Binta"],
                    born=2008, nationality="GN", phone="06 12 34 56 78")


@pytest.mark.parametrize(
    "query",
    ["Diallo", "dialo", "Mohamed Diallo", "Diallo Muhammad", "DIALLO  mouhamed", "Binta",
     "0612345678", "+33 6 12 34 56 78", "Diallo 2008", "2008"],
)
def test_it_finds_a_person_typed_differently(app, client, as_user, awa, query):
    as_user("yasmine")  # Pantin, like Awa
    page = client.get("/people/", query_string={"q": query}, follow_redirects=True)
    assert page.status_code == 200
    assert load(app, awa).code in page.text, query


def test_it_finds_a_person_by_code_typed_loosely(app, client, as_user, awa):
    code = load(app, awa).code
    as_user("lea")
    page = client.get("/people/", query_string={"q": code.replace("-", " ").lower()},
                      follow_redirects=True)
    assert "Diallo" in page.text


@pytest.mark.parametrize("query", ["Traoré", "Kamara", "0698765432", "1990"])
def test_it_does_not_return_unrelated_people(app, client, as_user, awa, query):
    as_user("yasmine")
    page = client.get("/people/", query_string={"q": query}, follow_redirects=True)
    assert load(app, awa).code not in page.text


@pytest.mark.parametrize("login", ["hugo", "charlie"])
def test_it_hides_people_outside_the_users_sites(app, client, as_user, awa, login):
    as_user(login)
    page = client.get("/people/", query_string={"q": "Diallo"}, follow_redirects=True)
    assert page.status_code == 200
    assert load(app, awa).code not in page.text
    assert "person-row" not in page.text


def test_it_lets_the_coordinator_search_every_site(app, client, as_user, awa):
    as_user("claire")
    assert load(app, awa).code in client.get("/people/", query_string={"q": "dialo"},
                                             follow_redirects=True).text


def test_it_keeps_the_query_out_of_the_audit_trail(app, client, as_user, awa):
    from sqlalchemy import select

    from caseflow.extensions import db
    from caseflow.models.audit import AuditEvent

    as_user("yasmine")
    client.get("/people/", query_string={"q": "Diallo Binta"}, follow_redirects=True)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "person_search")).all()
        assert events and all("Diallo" not in str(e.details) for e in events)


def test_it_searches_without_putting_the_name_in_a_url(app, client, as_user, awa):
    from tests.support.web import csrf_token_from

    as_user("yasmine")
    form = client.get("/people/")
    assert 'method="post"' in form.text
    page = client.post("/people/", data={"q": "Dialo", "csrf_token": csrf_token_from(form.text)},
                       follow_redirects=True)
    assert load(app, awa).code in page.text
    assert "q=Dialo" not in page.text
    addresses = [page.request.url, *(step.location for step in page.history)]
    assert all("Dialo" not in address for address in addresses), addresses
