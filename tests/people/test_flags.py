"""Vulnerabilities on the person's page: nothing is preselected, so that one tap cannot flag
an adult as an unaccompanied minor; a vulnerability chosen is added."""

from __future__ import annotations

import uuid
from html import unescape

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.flag import VulnerabilityFlag
from tests.support.web import csrf_token_from


def _flags(app, person_id) -> list[str]:
    with app.app_context():
        return [f.flag.value for f in db.session.scalars(select(VulnerabilityFlag).where(
            VulnerabilityFlag.person_id == uuid.UUID(person_id),
            VulnerabilityFlag.cleared_on.is_(None)))]


def test_it_preselects_no_vulnerability_and_says_to_choose_one(app, client, as_user,
                                                               register):
    person_id = register("hugo", "CAL", "Haile", "Tesfay", born=1996)
    as_user("hugo")
    page = client.get(f"/people/{person_id}")
    assert '<select name="flag" id="flag" required><option value="">' in page.text
    token = csrf_token_from(page.text)

    empty = client.post(f"/people/{person_id}/flags",
                        data={"csrf_token": token, "flag": "", "action": "set"},
                        follow_redirects=True)

    assert empty.status_code == 200
    assert "Choisissez la vulnérabilité à ajouter." in unescape(empty.text)
    assert _flags(app, person_id) == []
    chosen = page.text.split('<select name="flag"', 1)[1].split('<option value="')[2]
    value = chosen.split('"', 1)[0]
    client.post(f"/people/{person_id}/flags",
                data={"csrf_token": token, "flag": value, "action": "set"})
    assert _flags(app, person_id) == [value]
