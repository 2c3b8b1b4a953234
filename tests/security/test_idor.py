"""IDOR: every URL that carries an id, tried with the ids of another site's records.

Charlie (Tripoli) and Hugo (Calais) try every id of Awa's record at Pantin;
Amina tries Salem's at Tripoli, alone and mixed with her own ids (her own
person with Salem's enrolment). Each gets 404 — the answer for an id that
does not exist — never 403 (which would say "it exists") nor 200.
"""

from __future__ import annotations

import uuid

import pytest

from caseflow.models.person import new_person_code
from tests.security.access_table import ACCESS, IDOR_EXCEPTIONS
from tests.security.conftest import expected, path_values, sign_in_as, url_of
from tests.support.web import csrf_token_from

ID_ARGUMENTS = frozenset({"person_id", "other_id", "code", "note_id", "appointment_id",
                          "referral_id", "certificate_id", "enrolment_id", "pair_id"})


def id_rules(app):
    return [r for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
            if set(r.arguments) & ID_ARGUMENTS and expected(ACCESS, r) is not None]


def unknown_values(values: dict) -> dict:
    """Ids of the same shape that exist nowhere."""
    return {name: (new_person_code() if name == "code" else str(uuid.uuid4()))
            if name in ID_ARGUMENTS else value for name, value in values.items()}


def answer(client, rule, url: str, token: str) -> list[tuple[str, int]]:
    out = []
    if "GET" in rule.methods:
        out.append(("GET", client.get(url).status_code))
    if "POST" in rule.methods:
        out.append(("POST", client.post(url, data={"csrf_token": token}).status_code))
    return out


def probe(app, client, login, foreign, own=None) -> list[str]:
    sign_in_as(app, client, login)
    token = csrf_token_from(client.get("/").text)
    problems = []
    for rule in id_rules(app):
        values = path_values(app, foreign, rule)
        tries = [values]
        if own is not None and len(set(values) & ID_ARGUMENTS) > 1:
            mine = path_values(app, own, rule)
            tries += [{**mine, name: values[name]} for name in values if name in ID_ARGUMENTS]
        for attempt in tries:
            url = url_of(rule, attempt)
            unknown = dict(answer(client, rule, url_of(rule, unknown_values(attempt)), token))
            wanted = IDOR_EXCEPTIONS.get(rule.endpoint, (404, ""))[0]
            for method, status in answer(client, rule, url, token):
                if rule.endpoint not in IDOR_EXCEPTIONS and unknown[method] != 404:
                    problems.append(f"{login} {method} {rule.endpoint}: an unknown id gets "
                                    f"{unknown[method]}, not 404")
                if status != wanted:
                    problems.append(f"{login} {method} {rule.endpoint} {url}: {status}, "
                                    f"expected {wanted}")
    return problems


@pytest.mark.parametrize("login", ["charlie", "hugo"])
def test_it_answers_404_to_ids_of_a_pantin_record_from_another_site(app, client, pantin,
                                                                   tripoli, login):
    own = tripoli if login == "charlie" else None
    problems = probe(app, client, login, pantin, own)
    assert not problems, "\n".join(problems)


def test_it_answers_404_to_amina_for_tripoli_ids_alone_or_mixed_with_her_own(app, client,
                                                                            pantin, tripoli):
    problems = probe(app, client, "amina", tripoli, pantin)
    assert not problems, "\n".join(problems)
