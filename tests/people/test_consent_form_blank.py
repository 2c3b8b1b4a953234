"""A consent is always an explicit choice: the consent form pre-selects no decision and no
purpose, and a form sent without them records nothing and says what is missing."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.consent import Consent
from tests.support.web import csrf_token_from


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def shown_option(html: str, name: str) -> str:
    """The value a browser shows in the select `name`: the selected option, or the first."""
    select_tag = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option([^>]*)>", select_tag)
    chosen = [o for o in options if re.search(r"\bselected\b", o)] or options[:1]
    return re.search(r'value="([^"]*)"', chosen[0]).group(1)


def consents(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(Consent))
        db.session.remove()
        return n


@pytest.mark.parametrize("name", ["decision", "purpose"])
def test_it_opens_the_consent_form_with_nothing_chosen(app, client, as_user, register, name):
    person = register("amina", "PAN", "Traoré", "Awa", born=2008)
    as_user("amina")
    page = client.get(f"/people/{person}/consents/new")
    assert page.status_code == 200
    assert shown_option(page.text, name) == ""
    assert "Choose…" in page.text


@pytest.mark.parametrize(("missing", "message"), [
    ("decision", "Choose the person's decision: given, refused or withdrawn."),
    ("purpose", "Choose what the consent is for."),
])
def test_it_records_nothing_without_an_explicit_choice(app, client, as_user, register,
                                                       missing, message):
    person = register("amina", "PAN", "Traoré", "Awa", born=2008)
    as_user("amina")
    before = consents(app)
    form = client.get(f"/people/{person}/consents/new")
    data = {"purpose": "photographs", "decision": "given", "scope": "", "partner_name": "",
            "decided_by": "person", "method": "oral", "interpreter_kind": "none_needed",
            "csrf_token": csrf_token_from(form.text)}
    data.pop(missing)
    answer = client.post(f"/people/{person}/consents/new", data=data)
    assert answer.status_code == 200
    assert message in html.unescape(answer.text)
    assert consents(app) == before
    assert client.post(f"/people/{person}/consents/new",
                       data={**data, missing: ""}).status_code == 200
    assert consents(app) == before
