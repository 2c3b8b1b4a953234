"""Consent to care and to data processing is always the person's explicit answer: the
registration form never answers for them."""

import re

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.models.person import Person
from tests.people.test_registration import intake, post_intake
from tests.support.web import csrf_token_from


def _checked_or_selected(html: str, name: str) -> list[str]:
    """Values of `name` a browser would send without the user touching the field."""
    radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    values = [re.search(r'value="([^"]*)"', r).group(1) for r in radios if "checked" in r]
    select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select_:
        options = re.findall(r'<option([^>]*)value="([^"]*)"([^>]*)>', select_.group(1))
        chosen = [v for a, v, b in options if "selected" in a + b]
        values += chosen or [options[0][1]]  # a browser sends the first option by default
    return [v for v in values if v]


@pytest.mark.parametrize("name", ["consent_care", "consent_data"])
def test_it_leaves_the_consent_answers_to_the_person(client, as_user, name):
    as_user("hugo")
    page = client.get("/people/new").text
    assert f'name="{name}"' in page
    assert _checked_or_selected(page, name) == []


@pytest.mark.parametrize(("missing", "language", "message"), [
    ("consent_care", "en", "Ask the person whether they consent to care"),
    ("consent_data", "en", "Ask the person whether they consent to data processing"),
    ("consent_care", "fr", "Demandez à la personne si elle consent aux soins"),
])
def test_it_says_which_consent_answer_is_missing_and_keeps_what_was_typed(
        app, client, as_user, missing, language, message):
    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    client.post("/language", data={"language": language,
                                   "csrf_token": csrf_token_from(client.get("/").text)})
    data = intake(app, aliases="Yonas H.")
    del data[missing]
    token = csrf_token_from(client.get("/people/new").text)
    page = client.post("/people/new", data=dict(data, csrf_token=token))
    assert page.status_code == 200
    assert message in page.text
    assert "Yonas H." in page.text and 'value="Haile"' in page.text
    other = "consent_data" if missing == "consent_care" else "consent_care"
    assert _checked_or_selected(page.text, other) == ["given"]  # the answer given is kept
    with app.app_context():
        assert db.session.scalar(select(Person)) is None


def test_it_records_a_refusal_as_the_answer(app, client, as_user):
    as_user("hugo")
    assert post_intake(client, app, consent_data="refused").status_code == 302
    with app.app_context():
        decisions = {c.purpose.value: c.decision.value
                     for c in db.session.scalars(select(Consent))}
    assert decisions["data_processing"] == "refused" and decisions["care"] == "given"


def test_it_refuses_an_answer_that_is_not_one_of_the_choices(app, client, as_user):
    as_user("hugo")
    page = post_intake(client, app, consent_care="maybe")
    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Person)) is None


def test_it_asks_the_certificate_consent_without_answering_it(app, client, as_user, register):
    person = register("amina", "PAN", "Diallo", "Mamadou", born=2008)
    as_user("amina")
    page = client.get(f"/people/{person}/certificates/new?template=minority_recourse")
    assert page.status_code == 200, page.status_code
    assert 'name="consent_decision"' in page.text
    assert _checked_or_selected(page.text, "consent_decision") == []


def test_it_says_at_the_top_of_the_form_what_is_missing(as_user, client):
    """On a phone the messages beside the consent questions are screens below: the top of
    the page that comes back says what to correct, with a link to each field."""
    as_user("amina")
    page = client.get("/people/new")
    answer = client.post("/people/new", data={
        "csrf_token": csrf_token_from(page.text), "family_name": "Camara",
        "given_names": "Awa"})
    assert answer.status_code == 200
    top = answer.text.split('id="error-summary"', 1)
    assert len(top) == 2, "no summary of what is missing"
    summary = top[1].split("</div>", 1)[0]
    assert 'href="#consent_care"' in summary and 'href="#consent_data"' in summary
    assert top[0].count('class="field') == 0, "the summary must come before the fields"
