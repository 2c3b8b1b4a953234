"""Reaching a person outside one's sites only deliberately: by their exact card code."""

import re

import pytest

from caseflow.extensions import db
from caseflow.models.person import new_person_code
from tests.break_glass.conftest import REASON, code_of, events, grants
from tests.support.web import csrf_token_from


def test_it_does_not_show_a_zwara_person_to_charlie_by_name(app, client, as_user,
                                                             zwara_person):
    as_user("charlie")
    for query in ("Haddad", "Amal Haddad", "2007"):
        page = client.post("/people/", data={"q": query,
                                             "csrf_token": csrf_token_from(
                                                 client.get("/people/").text)},
                           follow_redirects=True)
        assert page.status_code == 200
        assert code_of(app, zwara_person) not in page.text
        assert "person-row" not in page.text
        assert "data-break-glass-link" not in page.text


def test_it_does_not_show_a_pantin_person_to_charlie_by_name(app, client, as_user, register):
    person = register("amina", "PAN", "Traoré", "Awa", born=2008)
    as_user("charlie")
    page = client.get("/people/", query_string={"q": "Traoré Awa"}, follow_redirects=True)
    assert code_of(app, person) not in page.text
    assert "Traoré" not in page.text.replace('value="Traoré Awa"', "")


def test_it_offers_emergency_access_for_any_code_typed_in_the_search(app, client, as_user,
                                                                     zwara_person):
    """The search page offers the same link for an existing and an unknown code: it does not
    tell which codes exist."""
    as_user("charlie")
    known = code_of(app, zwara_person)
    unknown = new_person_code()
    pages = {code: client.get("/people/", query_string={"q": code},
                              follow_redirects=True).text
             for code in (known, unknown)}
    for code, page in pages.items():
        assert f'data-break-glass-link="{code}"' in page
        assert "Haddad" not in page
    # Each search has its own opaque token (?s=…, in the language switch's return address),
    # and a CSRF token is signed with the second it was made: two pages a second apart differ.
    same = [re.sub(r'(name="csrf_token" value=")[^"]+', r"\1C",
                   re.sub(r"\?s=[\w-]+", "?s=T", page.replace(code, "X")))
            for code, page in pages.items()]
    assert same[0] == same[1]


def test_it_shows_charlie_the_emergency_form_for_an_exact_code(app, client, as_user,
                                                               zwara_person):
    code = code_of(app, zwara_person)
    as_user("charlie")
    page = client.get(f"/people/code/{code.replace('-', '').lower()}")
    assert page.status_code == 200
    assert f'data-break-glass-offer="{code}"' in page.text
    assert "Haddad" not in page.text and "Amal" not in page.text
    offered = events(app, object_type="break_glass_offer")
    assert [(e.person_code, e.purpose) for e in offered] == [(code, "break_glass")]
    assert grants(app) == []


def test_it_answers_an_unknown_code_as_before(app, client, as_user, zwara_person):
    as_user("charlie")
    assert client.get(f"/people/code/{new_person_code()}").status_code == 404
    assert client.get("/people/code/not-a-code").status_code == 404
    assert events(app, object_type="break_glass_offer") == []


def test_it_still_opens_a_person_in_scope_directly(app, client, as_user, zwara_person):
    as_user("claire")
    answer = client.get(f"/people/code/{code_of(app, zwara_person)}")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/people/{zwara_person}"


@pytest.mark.parametrize("login", ["sara", "lea"])
def test_it_never_offers_break_glass_to_social_or_legal_workers(app, client, as_user,
                                                                zwara_person, login):
    as_user(login)
    code = code_of(app, zwara_person)
    page = client.get(f"/people/code/{code}")
    assert page.status_code == 404
    assert "data-break-glass-offer" not in page.text
    assert "data-break-glass-link" not in client.get("/people/", query_string={"q": code},
                                                     follow_redirects=True).text
    assert client.post(f"/people/code/{code}/break-glass", data={
        "reason": REASON, "csrf_token": csrf_token_from(page.text)}).status_code == 403
    assert client.get(f"/people/{zwara_person}").status_code == 404
    assert grants(app) == []


@pytest.mark.parametrize("login", ["omar", "admin"])
def test_it_never_offers_break_glass_to_data_managers_or_administrators(app, client, as_user,
                                                                        zwara_person, login):
    as_user(login)
    code = code_of(app, zwara_person)
    assert client.get(f"/people/code/{code}").status_code == 403
    token = csrf_token_from(client.get("/", follow_redirects=True).text)
    assert client.post(f"/people/code/{code}/break-glass", data={
        "reason": REASON, "csrf_token": token}).status_code == 403
    assert client.get("/break-glass/").status_code == 403
    assert grants(app) == []


def test_it_refuses_the_service_to_roles_that_may_not_break_glass(app, zwara_person):
    from caseflow.services import ServiceError
    from caseflow.services.safeguards.break_glass import open_access
    from tests.support.records import site_id, user

    code = code_of(app, zwara_person)
    with app.app_context():
        for login, site in (("sara", "PAN"), ("lea", "PAN"), ("omar", "ZWA"), ("admin", "TRI")):
            with pytest.raises(ServiceError):
                open_access(user(login), code, REASON, site_id(site))
            db.session.rollback()
    assert grants(app) == []
