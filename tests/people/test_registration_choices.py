"""Registration without JavaScript (issue 17): the site's frequent nationalities and
languages first, the folds open on what they hold, the language interpreted taken from
the languages spoken."""

import re

import pytest
from sqlalchemy import event, select

from bench.intake_flow import seed_site_history
from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.models.person import Person
from caseflow.services.intake import frequent_choices
from caseflow.services.intake.frequent_choices import frequent_codes
from tests.people.test_registration import post_intake
from tests.support.records import site_id


@pytest.fixture
def calais_history(app):
    with app.app_context():
        seed_site_history("CAL", "hugo", people=24)
        db.session.remove()


def frequent_group(html: str, select_id: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    group = re.search(r'<optgroup label="Choix fréquents">(.*?)</optgroup>', select_html,
                      re.S).group(1)
    return re.findall(r'value="([^"]+)"', group)


def fold_open(html: str, fold_id: str) -> bool:
    tag = re.search(rf'<details class="fold" id="{fold_id}"[^>]*>', html).group(0)
    return " open" in tag


def test_it_offers_first_what_the_site_meets(app, client, as_user, calais_history):
    as_user("hugo")
    html = client.get("/people/new").text
    # Iraq and Kurdish are not in the programme-wide lists: Calais's records put them first.
    assert "IQ" in frequent_group(html, "nationality")
    assert "ku" in frequent_group(html, "languages")
    assert "ku" in frequent_group(html, "interpreter_language")
    assert len(frequent_group(html, "languages")) <= frequent_choices.TOP
    assert re.search(r'<select[^>]*data-filter=[^>]*id="languages"', html)


def test_it_offers_the_programme_wide_lists_while_a_site_has_few_records(app, client,
                                                                          as_user):
    as_user("hugo")
    html = client.get("/people/new").text
    assert "ER" in frequent_group(html, "nationality") and "IQ" not in frequent_group(
        html, "nationality")
    assert "ti" in frequent_group(html, "languages")


def test_it_learns_in_one_bounded_statement_on_clear_columns(app, calais_history):
    sent = []
    with app.app_context():
        calais = site_id("CAL")

        def count(_conn, _cursor, statement, *_args):
            sent.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            codes = frequent_codes([calais])
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert codes.learned and codes.countries[0] == "IQ" and codes.languages[0] == "ku"
    assert len(sent) == 1 and "LIMIT" in sent[0].upper()
    assert "family_name" not in sent[0] and "phone" not in sent[0]


def test_it_keeps_the_folds_closed_on_a_blank_form(app, client, as_user):
    as_user("hugo")
    html = client.get("/people/new").text
    assert not any(fold_open(html, f) for f in ("identity-more", "flags-more", "consent-more"))


def test_it_opens_a_fold_that_holds_a_value_or_an_error(app, client, as_user):
    as_user("hugo")
    response = post_intake(client, app, family_name="", given_names="",
                           decided_by="minor_with_adult", interpreter_needed="")
    html = response.text
    assert response.status_code == 200
    assert fold_open(html, "identity-more")  # the other names typed are shown
    assert fold_open(html, "consent-more")  # who decided, not the default
    assert not fold_open(html, "flags-more")


def test_it_fills_in_the_language_interpreted_when_it_can_only_be_one(app, client, as_user):
    as_user("hugo")
    response = post_intake(client, app, languages=["fr", "ku"], interpreter_language="")
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person))
        consents = db.session.scalars(select(Consent).where(Consent.person_id == person.id))
        assert {c.interpreter_language for c in consents} == {"ku"}


def test_it_offers_the_languages_spoken_first_when_it_cannot_choose(app, client, as_user):
    as_user("hugo")
    html = post_intake(client, app, languages=["ti", "ar"], interpreter_language="").text
    assert "Indiquez la langue interprétée." in html
    group = re.search(r'<optgroup label="Langues parlées">(.*?)</optgroup>', html, re.S)
    assert re.findall(r'value="([^"]+)"', group.group(1)) == ["ar", "ti"]


def test_it_folds_the_same_fields_when_correcting_an_identity(app, client, as_user, register):
    plain = register("hugo", "CAL", "Diallo", "Mamadou")
    known = register("hugo", "CAL", "Haile", "Yonas", aliases=["Jonas"])
    as_user("hugo")
    assert not fold_open(client.get(f"/people/{plain}/edit").text, "identity-more")
    assert fold_open(client.get(f"/people/{known}/edit").text, "identity-more")
