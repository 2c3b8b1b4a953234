"""Hostile query strings and absurd ids on every GET page: the answer is never a 500.

The form fuzz (test_fuzz.py) types into forms; people also follow, bookmark and
edit addresses: `?day=9999-12-31`, `?page=999999999999`, an id from another
install. For every GET rule of the URL map, as a medical coordinator and as a
clinician, the test sends

1. every common parameter name at once with each hostile value (on pages whose
   view does not read the query string, the few values any page must bear);
2. on pages whose view reads the query string, each date or number parameter
   alone at the ends of the calendar and of the integers (so that one invalid
   parameter does not stop the view before it reaches the next), and a few
   combinations that reach deep (dates at both ends with a page far past the end);
3. absurd path ids (0, -1, a 20-digit number, a date) instead of the real ones;
4. broken percent-encodings and a repeated parameter.

A page may answer 200, a redirect, 400, 403, 404 or 429; never 500. Every
failure is collected and reported at once, with the exception's last line.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import quote

import pytest

from tests.security.conftest import path_values, sign_in_as, url_of

NAMES = ("q", "s", "day", "since", "until", "start", "end", "page", "month", "year", "site",
         "site_id", "user", "lang", "next", "c", "kind", "status", "template", "code",
         "discipline", "action", "target")
# Parameters read as dates or numbers, where the calendar's and the integers' ends bite.
DATES = ("day", "since", "until", "start", "end", "month", "year")
NUMBERS = ("page", "site", "site_id", "user", "year")
SINGLES = ([(name, value) for name in DATES for value in ("9999-12-31", "0001-01-01")]
           + [(name, "99999999999999999999") for name in NUMBERS] + [("page", "999999999999")])
VALUES = ("9999-12-31", "0001-01-01", "99999999999999999999", "", "x" * 5000, "\x00",
          "' OR 1=1 --", "é漢字🙂\u202e%")
# What any page meets, whether or not its view reads the query string.
ANY_PAGE = ("x" * 5000, "\x00")
MIXED = (
    {"since": "0001-01-01", "until": "9999-12-31", "page": "999999999999"},
    {"since": "9999-12-31", "until": "0001-01-01", "page": "-1"},
    {"start": "0001-01-01", "end": "9999-12-31", "page": "99999999999999999999"},
    {"day": "9999-12-31", "site": "0", "user": "0", "month": "0001-01"},
    {"year": "99999999999999999999", "status": "issued", "template": "minority_recourse",
     "month": "9999-12"},
)
ABSURD_IDS = ("0", "-1", "99999999999999999999", "9999-12-31")
RAW = "page=%zz&q=%E9&since=%&day=9999-12-31&day=0001-01-01"
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
# About 900 requests per persona (some 20-40 s each): the run is bounded by the number of
# requests, not by a clock. Speed belongs to `make bench`, not to an assertion here; the
# bound below keeps the run from growing unnoticed as routes are added.
MAX_REQUESTS = 1500


def _get_rules(app):
    return sorted((r for r in app.url_map.iter_rules()
                   if "GET" in r.methods and r.endpoint != "static"),
                  key=lambda r: (r.endpoint, r.rule))


def _reads_query(app, rule) -> bool:
    """Whether the view hands the query string to anything (itself, a form, a presenter)."""
    view = app.view_functions[rule.endpoint]
    return "request.args" in inspect.getsource(inspect.unwrap(view))


def _absurd_url(rule, value: str) -> str:
    return ARGUMENT.sub(lambda _m: quote(value, safe=""), rule.rule)


def _requests(app, records, rule):
    """(path, query) pairs for one rule, the most telling first."""
    url = url_of(rule, path_values(app, records, rule))
    reads = _reads_query(app, rule)
    if reads:
        for mixed in MIXED:
            yield url, mixed
    for value in VALUES if reads else ANY_PAGE:
        yield url, dict.fromkeys(NAMES, value)
    if reads:
        for name, value in SINGLES:
            yield url, {name: value}
    if rule.arguments:
        for value in ABSURD_IDS:
            yield _absurd_url(rule, value), None
    yield f"{url}?{RAW}", None


@pytest.mark.parametrize("login", ["claire", "amina"])
def test_it_never_answers_500_to_a_hostile_query_string(app, client, pantin, login, caplog):
    sign_in_as(app, client, login)
    failures: list[str] = []
    sent = 0
    for rule in _get_rules(app):
        for path, query in _requests(app, pantin, rule):
            caplog.clear()
            sent += 1
            try:
                answer = client.get(path, query_string=query)
            except Exception as error:  # TESTING may propagate what would be a 500
                status, last = 500, f"{type(error).__name__} {error}"
            else:
                status = answer.status_code
                # caseflow/errors.py logs the exception's type and frames, innermost first.
                last = next((r.getMessage() for r in caplog.records
                             if r.getMessage().startswith("unhandled")), f"HTTP {status}")
            if status >= 500:
                shown = {k: v[:30] for k, v in query.items()} if query else ""
                failures.append(f"{rule.endpoint} {path} {shown}: {last[:300]}")
            elif status == 302 and answer.location.split("?")[0].endswith("/login"):
                sign_in_as(app, client, login)  # a page that signs out must not end the run
    assert not failures, f"{len(failures)} server errors in {sent} requests:\n" + "\n".join(
        failures)
    assert 0 < sent <= MAX_REQUESTS, f"{sent} requests: more routes than the bound, or none"
