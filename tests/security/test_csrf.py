"""CSRF: every POST endpoint of the application refuses a request without a valid token.

Generated from the URL map, like the access matrix: a new POST URL is covered
the day it is added. CSRF protection runs before sign-in and before the view,
so the answer is 400 for anonymous and signed-in users alike, and nothing is
changed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from tests.security.conftest import path_values, sign_in_as, url_of
from tests.support.web import csrf_token_from

# The clinic boxes' API (/sync/v1) is not a page: no session, no form, a bearer credential
# in a header that a cross-site form cannot send, so no CSRF token (caseflow/blueprints/
# sync_api). test_it_refuses_every_box_api_call_without_a_box_credential covers it instead.
BOX_API = "sync_api."


def post_rules(app):
    """Every POST endpoint of the pages (forms)."""
    return [r for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
            if "POST" in r.methods and not r.endpoint.startswith(BOX_API)]


def box_api_rules(app):
    return [r for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
            if r.endpoint.startswith(BOX_API)]


def any_values(app, records, rule) -> dict:
    """Real values where the suite knows the variable, a well-formed stand-in otherwise:
    the token is checked before the view reads any of them."""
    from werkzeug.routing import IntegerConverter

    try:
        return path_values(app, records, rule)
    except AssertionError:
        wanted = set(rule.arguments) - set(rule.defaults or {})
        return {name: 1 if isinstance(rule._converters.get(name), IntegerConverter) else "x"
                for name in wanted}


def audit_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(AuditEvent.seq)))
        db.session.remove()
        return count


def test_it_runs_with_csrf_protection_on(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


@pytest.mark.parametrize("login", [None, "amina", "claire", "admin"])
def test_it_refuses_every_post_without_a_token(app, client, pantin, login):
    sign_in_as(app, client, login)
    before = audit_count(app)
    refused = []
    for rule in post_rules(app):
        url = url_of(rule, any_values(app, pantin, rule))
        for data in ({}, {"csrf_token": ""}, {"csrf_token": "forged"}):
            status = client.post(url, data=data).status_code
            if status != 400:
                refused.append(f"{rule.endpoint} {url} {data}: {status}")
    assert not refused, "\n".join(refused)
    assert audit_count(app) == before, "a request without a token changed something"


@pytest.mark.parametrize("login", [None, "claire"])
def test_it_refuses_every_box_api_call_without_a_box_credential(app, client, login):
    """A signed-in coordinator's session cookie is no box credential, nor is a form's
    token: every call is 401 and changes nothing."""
    sign_in_as(app, client, login)
    token = csrf_token_from(client.get("/").text) if login else ""
    before = audit_count(app)
    wrong = []
    rules = box_api_rules(app)
    assert {r.endpoint for r in rules} >= {"sync_api.hello", "sync_api.push", "sync_api.pull"}
    for rule in rules:
        for kwargs in ({"json": {}}, {"data": {"csrf_token": token}},
                       {"json": {}, "headers": {"Authorization": "Bearer forged",
                                                 "X-Caseflow-Box": "CAL-1"}}):
            status = client.post(rule.rule, **kwargs).status_code
            if status != 401:
                wrong.append(f"{rule.endpoint} {kwargs}: {status}")
    assert not wrong, "\n".join(wrong)
    # Refusals are audited (box_refused), nothing else: no record changed.
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.seq > before)))
        db.session.remove()
    assert actions <= {"box_refused"}


def test_it_refuses_a_token_from_another_session(app, pantin):
    thief, victim = app.test_client(), app.test_client()
    sign_in_as(app, thief, "charlie")
    sign_in_as(app, victim, "amina")
    stolen = csrf_token_from(thief.get("/").text)
    answer = victim.post(f"/people/{pantin.person_id}/flags",
                         data={"csrf_token": stolen, "flag": "violence", "action": "set"})
    assert answer.status_code == 400
