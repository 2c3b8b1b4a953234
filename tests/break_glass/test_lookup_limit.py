"""Posting the emergency form for a code: the same answer whether the code exists or not,
counted with the lookups of codes outside one's sites, and audited."""

from __future__ import annotations

import re

from caseflow.models.person import new_person_code
from tests.break_glass.conftest import REASON, code_of, events, grants
from tests.support.records import site_id
from tests.support.web import csrf_token_from

CSRF = re.compile(r'value="[\w.-]{40,}"')  # a fresh token on every page


def _post(client, code: str, token: str, reason: str = "", site: int | str = ""):
    return client.post(f"/people/code/{code}/break-glass",
                       data={"reason": reason, "site_id": site, "csrf_token": token})


def _token(client) -> str:
    return csrf_token_from(client.get("/people/").text)


def test_it_answers_a_post_for_an_unknown_code_as_for_a_known_one(app, client, as_user,
                                                                  zwara_person):
    as_user("charlie")
    token = _token(client)
    known, unknown = code_of(app, zwara_person), new_person_code()
    answers = {code: _post(client, code, token, reason="too short") for code in (known, unknown)}
    assert answers[known].status_code == answers[unknown].status_code == 200
    pages = {code: CSRF.sub("CSRF", answer.text.replace(code, "CODE"))
             for code, answer in answers.items()}
    assert pages[known] == pages[unknown]
    assert "Haddad" not in pages[known] and "Amal" not in pages[known]
    assert grants(app) == []


def test_it_answers_a_complete_post_for_an_unknown_code_with_the_form_again(app, client,
                                                                            as_user):
    as_user("charlie")
    with app.app_context():
        tripoli = site_id("TRI")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    answer = _post(client, new_person_code(), _token(client), reason=REASON, site=tripoli)
    assert answer.status_code == 200
    assert "No record outside your sites has this code." in answer.text
    assert grants(app) == []


def test_it_counts_posts_with_the_lookups_of_codes(app, client, as_user, zwara_person):
    """30 codes an hour (BREAK_GLASS_LOOKUP_LIMIT), whether looked up or posted."""
    as_user("charlie")
    token = _token(client)
    known = code_of(app, zwara_person)
    with app.app_context():
        tripoli = site_id("TRI")
    for n in range(30):
        assert _post(client, known if n % 2 else new_person_code(), token).status_code == 200
    refused = _post(client, known, token, reason=REASON, site=tripoli)
    assert refused.status_code == 429
    assert grants(app) == []  # even with a reason, nothing opens past the limit
    assert client.get(f"/people/code/{known}").status_code == 429  # lookups share the count
    as_user("hugo")  # counted per user
    assert _post(client, new_person_code(), _token(client)).status_code == 200


def test_it_audits_every_post_without_the_unknown_code(app, client, as_user, zwara_person):
    as_user("charlie")
    token = _token(client)
    known, unknown = code_of(app, zwara_person), new_person_code()
    _post(client, unknown, token)
    _post(client, known, token)
    attempts = events(app, object_type="break_glass_attempt")
    assert [(e.action, e.person_code, e.purpose) for e in attempts] == [
        ("view", None, "break_glass"), ("view", known, "break_glass")]
    assert [e.details for e in attempts] == [{"found": False}, {"found": True}]
    assert unknown not in str([(e.object_id, e.details) for e in attempts])
    assert attempts[0].object_id is None and attempts[1].object_id == zwara_person


def test_it_still_opens_the_record_with_a_reason(app, client, open_glass, zwara_person):
    answer = open_glass("charlie", zwara_person)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/people/{zwara_person}"
    (grant,) = grants(app)
    assert str(grant.person_id) == zwara_person
    assert [e.person_code for e in events(app, action="break_glass")] == [
        code_of(app, zwara_person)]


def test_it_refuses_posts_from_roles_that_may_not_break_glass_whatever_the_code(
        app, client, as_user, zwara_person):
    as_user("claire")  # the coordinator reads every site already
    token = _token(client)
    for code in (code_of(app, zwara_person), new_person_code()):
        assert _post(client, code, token, reason=REASON).status_code == 404
    assert events(app, object_type="break_glass_attempt") == []
