"""A search keeps the name typed out of every address, log line and cookie: the form posts,
the query is kept sealed in the session under a random token, and the results page is
/people/?s=<token>, which Back and reload open again."""

import base64
import logging
import re
from urllib.parse import urlsplit

from tests.support.web import csrf_token_from

NAME = "Gebremariam"


def _search(client, text):
    token = csrf_token_from(client.get("/people/").text)
    return client.post("/people/", data={"q": text, "csrf_token": token})


def test_it_sends_a_posted_search_to_an_address_without_the_name(client, as_user, register,
                                                                 caplog):
    caplog.set_level(logging.DEBUG)
    code = register("hugo", "CAL", NAME, "Yohannes", born=2008)
    as_user("hugo")
    posted = _search(client, "gebremaryam yohannes")
    assert posted.status_code == 303
    where = posted.headers["Location"]
    assert re.fullmatch(r"/people/\?s=[A-Za-z0-9_-]{16,}", where), where
    for _ in range(2):  # the results, and again as Back or reload asks for them
        page = client.get(where)
        assert page.status_code == 200 and code in page.text
        assert "no-store" in page.headers["Cache-Control"]
    assert not [r for r in caplog.records if "gebremaryam" in r.getMessage().lower()]


def test_it_keeps_the_name_out_of_the_session_cookie(client, as_user, register):
    register("hugo", "CAL", NAME, "Yohannes", born=2008)
    as_user("hugo")
    _search(client, NAME)
    cookie = client.get_cookie(client.application.config["SESSION_COOKIE_NAME"]).value
    payload = cookie.split(".")[1] if cookie.startswith(".") else cookie.split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    try:
        import zlib

        raw = zlib.decompress(raw)
    except zlib.error:
        pass
    assert NAME.lower().encode() not in raw.lower()


def test_it_turns_a_search_address_with_a_name_into_one_without(client, as_user, register):
    code = register("hugo", "CAL", NAME, "Yohannes", born=2008)
    as_user("hugo")
    answer = client.get("/people/", query_string={"q": NAME})
    assert answer.status_code == 303
    assert NAME.lower() not in answer.headers["Location"].lower()
    assert code in client.get(answer.headers["Location"]).text


def test_it_says_when_a_search_is_no_longer_kept(client, as_user):
    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/people/?s=unknown-or-expired-token")
    assert page.status_code == 200
    assert "This search is no longer kept" in page.text
    assert 'name="q"' in page.text


def test_it_opens_a_kept_search_for_its_user_only(app):
    from caseflow.services.intake.search import recall_query, remember_query

    with app.app_context():
        session = {}
        token = remember_query(session, "7", NAME)
        assert recall_query(session, "7", token) == NAME
        assert recall_query(session, "8", token) is None  # another user's session content
        session["searches"][token] = session["searches"][token][:-4] + "AAAA"
        assert recall_query(session, "7", token) is None  # altered


def test_it_redirects_an_empty_search_to_the_form(client, as_user):
    as_user("hugo")
    answer = _search(client, "   ")
    assert answer.status_code == 303
    assert urlsplit(answer.headers["Location"]).query == ""
