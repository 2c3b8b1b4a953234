"""Hostile inputs: SQL metacharacters, oversized fields, malformed ids, wrong content types.

None of them may reach the database as code, grow a record without limit, or
end in a 500: each is answered by a result page, a form error, 400, 404 or
413, and nothing is stored.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.person import Person
from tests.clock import FIXED_NOW
from tests.security.access_table import ACCESS
from tests.security.conftest import expected, path_values, sign_in_as, url_of
from tests.security.forms import read_form
from tests.security.main_forms import MAIN_FORMS
from tests.security.test_csrf import any_values, post_rules
from tests.security.test_idor import ID_ARGUMENTS
from tests.support.web import csrf_token_from

# The main forms hold dates (tests/security/main_forms.py): a fixed day, not the run's.
pytestmark = pytest.mark.time_machine(FIXED_NOW)

UUID_LINK = re.compile(r"/people/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
SQL_CHARACTERS = set("'%_\\\";-*=")
METACHARACTERS = ["' OR 1=1 --", "%", "_", "\\", "%' OR '1'='1", "Tra%", "T_aor_", "*",
                  '"; DROP TABLE person; --', "' UNION SELECT code FROM person --"]


def count(app, model) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return n


def found(html: str) -> set[str]:
    return set(UUID_LINK.findall(html))


@pytest.fixture
def calais_person(register):
    return register("hugo", "CAL", "Haile", "Yonas", born=2007)


def test_it_treats_sql_metacharacters_in_search_as_plain_text(app, client, pantin,
                                                             calais_person):
    sign_in_as(app, client, "sara")  # Calais and Pantin: both people are in her scope
    assert found(client.get("/people/", query_string={"q": "Traoré"},
                            follow_redirects=True).text) >= {pantin.person_id}
    token = csrf_token_from(client.get("/people/").text)
    for query in METACHARACTERS:
        # The search is fuzzy on purpose ("Tra" finds Traoré): the metacharacters may find
        # no one that the same words without them would not find.
        words = "".join(" " if c in SQL_CHARACTERS else c for c in query)
        allowed = (found(client.get("/people/", query_string={"q": words},
                                    follow_redirects=True).text)
                   if words.strip() else set())
        for answer in (client.get("/people/", query_string={"q": query}, follow_redirects=True),
                       client.post("/people/", data={"q": query, "csrf_token": token},
                                   follow_redirects=True)):
            assert answer.status_code == 200, query
            assert found(answer.text) <= allowed, f"{query!r} found more than {words!r}"
        assert client.get(f"/people/code/{query}").status_code in (404, 308), query


def register_form(client) -> dict:
    form = read_form(client.get("/people/new").text, "family_name")
    return form.data(family_name="Diallo", given_names="Mariama", confirm_new="yes",
                     consent_care="given", consent_data="given")


@pytest.mark.parametrize(("case", "changes"), [
    ("1 MB family name", {"family_name": "D" * 1_000_000}),
    ("1 MB contact notes", {"contact_notes": "x" * 1_000_000}),
    ("10,000 aliases", {"aliases": "\n".join(f"Alias {i}" for i in range(10_000))}),
    ("2,000 short aliases", {"aliases": "\n".join(f"A{i}" for i in range(2_000))}),
    ("20 MB body", {"contact_notes": "x" * 20_000_000}),
])
def test_it_refuses_oversized_registrations_cleanly(app, client, case, changes):
    sign_in_as(app, client, "amina")
    before = count(app, Person)
    answer = client.post("/people/new", data={**register_form(client), **changes})
    assert answer.status_code in (200, 400, 413), f"{case}: {answer.status_code}"
    assert count(app, Person) == before, f"{case} was stored"


@pytest.mark.parametrize("name", ["aliases", "family_name"])
def test_it_reads_one_value_of_a_text_field_sent_10000_times(app, client, name):
    sign_in_as(app, client, "amina")
    data = register_form(client)
    data[name] = ["Alias", *[f"v{i}" for i in range(9_999)]]
    assert client.post("/people/new", data=data).status_code in (200, 302)
    with app.app_context():
        assert all(len(p.aliases or []) <= 1 for p in db.session.scalars(select(Person)))
        db.session.remove()


@pytest.mark.parametrize(("name", "value"), [("languages", "fr"), ("flags", "violence")])
def test_it_stores_a_choice_sent_10000_times_once(app, client, name, value):
    from caseflow.models.flag import VulnerabilityFlag

    sign_in_as(app, client, "amina")
    data = {**register_form(client), name: [value] * 10_000}
    assert client.post("/people/new", data=data).status_code in (200, 302)
    with app.app_context():
        assert all(len(p.languages or []) <= 1 for p in db.session.scalars(select(Person)))
        assert db.session.scalar(select(func.count()).select_from(VulnerabilityFlag)) <= 1
        db.session.remove()


def test_it_refuses_a_1_mb_note_and_a_1_mb_search_cleanly(app, client, pantin):
    sign_in_as(app, client, "amina")
    page = client.get(f"/people/{pantin.person_id}/notes/new").text
    data = read_form(page, "text").data(text="x" * 1_000_000)
    before = count(app, Note)
    assert client.post(f"/people/{pantin.person_id}/notes/new", data=data).status_code in (
        200, 413)
    assert count(app, Note) == before
    token = csrf_token_from(page)
    assert client.post("/people/", data={"q": "x" * 1_000_000, "csrf_token": token},
                       follow_redirects=True).status_code in (200, 413)
    assert client.get("/people/", query_string={"q": "Traoré " * 10_000},
                      follow_redirects=True).status_code == 200


MALFORMED = ["not-a-uuid", "12345", "00000000-0000-0000-0000-00000000000g",
             "' OR 1=1 --", "%", "..", "ümlaut-ид", "x" * 2_000, str(uuid.uuid4()) + "0"]


def malformed_rules(app):
    return [r for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
            if set(r.arguments) & ID_ARGUMENTS and expected(ACCESS, r) is not None]


def test_it_answers_404_to_malformed_ids_in_every_url(app, client, pantin):
    sign_in_as(app, client, "claire")  # a coordinator passes every role gate
    token = csrf_token_from(client.get("/").text)
    wrong = []
    for rule in malformed_rules(app):
        values = path_values(app, pantin, rule)
        for name, bad in ((n, b) for n in set(values) & ID_ARGUMENTS for b in MALFORMED):
            url = url_of(rule, {**values, name: bad})
            answers = []
            if "GET" in rule.methods:
                answers.append(("GET", client.get(url).status_code))
            if "POST" in rule.methods:
                answers.append(("POST", client.post(url, data={"csrf_token": token}).status_code))
            wrong += [f"{m} {rule.endpoint} ({name}={bad[:20]!r}): {s}"
                      for m, s in answers if s != 404]
    assert not wrong, "\n".join(wrong)


def test_it_answers_404_to_malformed_numeric_ids(app, client):
    sign_in_as(app, client, "admin")
    for url in ("/admin/users/abc", "/admin/users/-1", "/admin/users/99999999999999999999",
                "/admin/sites/1e3", "/admin/sites/0"):
        assert client.get(url).status_code == 404, url


def test_it_refuses_a_json_body_to_every_form_post(app, client, pantin):
    sign_in_as(app, client, "amina")
    people, wrong = count(app, Person), []
    token = csrf_token_from(client.get("/").text)
    for rule in post_rules(app):
        url = url_of(rule, any_values(app, pantin, rule))
        body = json.dumps({"family_name": "Diallo", "csrf_token": token, "q": "x"})
        tries = {
            "json": client.post(url, data=body, content_type="application/json"),
            "text": client.post(url, data=body, content_type="text/plain"),
            "bad multipart": client.post(url, data=b"--x\r\ngarbage",
                                         content_type="multipart/form-data; boundary=x"),
            "bad urlencoding": client.post(url, data=b"csrf_token=%zz&q=%%",
                                           content_type="application/x-www-form-urlencoded"),
        }
        wrong += [f"{kind} {rule.endpoint}: {r.status_code}" for kind, r in tries.items()
                  if r.status_code != 400]
        # With the token in the header the request passes CSRF: the form is then simply
        # empty, and must be refused or redisplayed, never crash.
        with_header = client.post(url, data=body, content_type="application/json",
                                  headers={"X-CSRFToken": token})
        if with_header.status_code >= 500:
            wrong.append(f"json with token {rule.endpoint}: {with_header.status_code}")
        sign_in_as(app, client, "amina")  # a POST to /logout ends the session
    assert not wrong, "\n".join(wrong)
    assert count(app, Person) == people


@pytest.mark.parametrize("main", MAIN_FORMS, ids=lambda m: m.name)
def test_it_refuses_a_400_digit_number_in_any_field_cleanly(app, client, pantin, main):
    sign_in_as(app, client, main.login)
    form = read_form(client.get(main.path(pantin)).text, main.containing)
    crashed = []
    for name in form.all_fields:
        if name != "csrf_token":
            answer = client.post(main.path(pantin), data=form.data(**{**main.valid,
                                                                       name: "9" * 400}))
            if answer.status_code >= 500:
                crashed.append(name)
    assert not crashed, f"{main.name}: 500 for a 400-digit number in {crashed}"


@pytest.mark.parametrize("main", MAIN_FORMS, ids=lambda m: m.name)
def test_it_refuses_a_400_digit_number_with_the_other_fields_left_empty(app, client, pantin,
                                                                        main):
    """The fuzz test found this one: a tampered site with no exam date made the certificate
    form look the site up to date the exam (an id SQLite cannot bind, a 500)."""
    sign_in_as(app, client, main.login)
    form = read_form(client.get(main.path(pantin)).text, main.containing)
    crashed = []
    for name in form.all_fields:
        if name != "csrf_token":
            data = {"csrf_token": form.data()["csrf_token"], name: "9" * 400}
            if client.post(main.path(pantin), data=data).status_code >= 500:
                crashed.append(name)
    assert not crashed, f"{main.name}: 500 for a 400-digit number in {crashed}"
