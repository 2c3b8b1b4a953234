"""A consent that would let its own recorder read more waits for a second professional.

Léa (legal, Pantin) does not read Amina's medical notes about Awa: Awa did not agree
to share them with the team. If Léa records "Awa agrees to share her medical notes",
that consent waits: Amina (a doctor of Pantin) or Claire (coordinator) confirms it,
and only then does Léa read them. A withdrawal takes effect at once.
"""

from __future__ import annotations

import re

import pytest

from caseflow.vocabulary import Confidentiality
from tests.support.web import csrf_token_from


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def awa(register, write_note):
    """Awa, followed at Pantin, who has not agreed to team sharing; Amina's team note."""
    person = register("amina", "PAN", "Traoré", "Awa", born=2008, team_sharing=False)
    note = write_note("amina", person, Confidentiality.TEAM, text="amina medical team note")
    return person, note


def _record(client, person, **changes):
    form = client.get(f"/people/{person}/consents/new")
    data = {"purpose": "team_sharing", "scope": "medical", "decision": "given",
            "decided_by": "person", "method": "oral", "interpreter_kind": "none_needed",
            "csrf_token": csrf_token_from(form.text)}
    data.update(changes)
    return client.post(f"/people/{person}/consents/new", data=data)


def _awaiting_consent_id(html: str) -> str | None:
    match = re.search(r'name="consent" value="([0-9a-f-]+)"', html)
    return match.group(1) if match else None


def _confirm(client, person, consent_id):
    page = client.get(f"/people/{person}")
    return client.post(f"/people/{person}/consents/confirm", data={
        "consent": consent_id, "csrf_token": csrf_token_from(page.text)})


def _reads(client, person, note) -> bool:
    shown = "amina medical team note" in client.get(f"/people/{person}").text
    direct = client.get(f"/notes/{note}").status_code == 200
    assert shown == direct
    return shown


def test_it_does_not_let_lea_read_medical_notes_through_a_consent_she_records(client, as_user,
                                                                             awa):
    person, note = awa
    as_user("lea")
    assert not _reads(client, person, note)

    assert _record(client, person).status_code == 302

    assert not _reads(client, person, note)
    page = client.get(f"/people/{person}").text
    assert 'data-consent-awaiting="team_sharing"' in page
    assert "Awaiting confirmation" in page
    assert _awaiting_consent_id(page) is None  # she may not confirm it herself


def test_it_shares_once_a_doctor_of_the_site_confirms(client, as_user, awa):
    person, note = awa
    as_user("lea")
    _record(client, person)
    as_user("amina")
    consent_id = _awaiting_consent_id(client.get(f"/people/{person}").text)
    assert consent_id is not None
    assert _confirm(client, person, consent_id).status_code == 302

    as_user("lea")
    assert _reads(client, person, note)
    assert 'data-consent-awaiting' not in client.get(f"/people/{person}").text


def test_it_lets_the_coordinator_confirm(client, as_user, awa):
    person, note = awa
    as_user("lea")
    _record(client, person)
    as_user("claire")
    consent_id = _awaiting_consent_id(client.get(f"/people/{person}").text)
    _confirm(client, person, consent_id)
    as_user("lea")
    assert _reads(client, person, note)


@pytest.mark.parametrize("login", ["lea", "sara"])
def test_it_refuses_a_confirmation_by_the_recorder_or_another_discipline(client, as_user, app,
                                                                          awa, login):
    person, note = awa
    as_user("lea")
    _record(client, person)
    as_user("claire")
    consent_id = _awaiting_consent_id(client.get(f"/people/{person}").text)
    as_user(login)
    assert _awaiting_consent_id(client.get(f"/people/{person}").text) is None
    response = _confirm(client, person, consent_id)
    assert "Only another professional" in client.get(response.headers["Location"]).text
    as_user("lea")
    assert not _reads(client, person, note)


def test_it_withdraws_at_once_without_confirmation(client, as_user, awa):
    person, note = awa
    as_user("lea")
    _record(client, person)
    as_user("amina")
    _confirm(client, person, _awaiting_consent_id(client.get(f"/people/{person}").text))
    as_user("lea")
    assert _reads(client, person, note)

    _record(client, person, decision="withdrawn")

    assert not _reads(client, person, note)


def test_it_lets_a_professional_share_her_own_discipline_at_once(client, as_user, awa):
    person, note = awa
    as_user("amina")
    _record(client, person)  # Amina already reads the medical notes: nothing opens to her
    as_user("lea")
    assert _reads(client, person, note)


def test_it_lists_every_consent_change_for_the_coordinator_by_code(app, client, as_user, awa):
    person, _note = awa
    as_user("lea")
    _record(client, person)
    as_user("claire")
    page = client.get("/audit/consents")
    assert page.status_code == 200
    rows = re.findall(r'<tr data-consent-record="[^"]+"[^>]*>.*?</tr>', page.text, re.S)
    awaiting = [r for r in rows if 'data-consent-awaiting="true"' in r]
    assert len(awaiting) == 1
    assert "Léa Fontaine" in awaiting[0] and "Awaiting confirmation" in awaiting[0]
    assert "Traoré" not in page.text and "Awa" not in page.text.replace("Awaiting", "")
    for login in ("lea", "amina", "admin", "omar"):
        as_user(login)
        assert client.get("/audit/consents").status_code == 403
