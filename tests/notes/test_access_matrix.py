"""Who reads which note: every persona × discipline × confidentiality × consent × scope.

The expected answer is written here from the access rules of docs/SECURITY.md, independently of
caseflow/access.py, and checked against the real person page and note page:
- the author reads their own notes, private ones included;
- `discipline` and `team` notes: the same discipline;
- `team` notes: the whole care team, only while the person agrees to team sharing;
- out of scope (another site): nothing, not even the person (404);
- data managers and administrators: no person, no note (403).
"""

import itertools

import pytest

from caseflow.vocabulary import Confidentiality
from tests.support.web import csrf_token_from

AUTHORS = {"amina": "medical", "yasmine": "mental_health", "sara": "social", "lea": "legal",
           "nadia": "protection"}
DISCIPLINE = {"amina": "medical", "hugo": "medical", "yasmine": "mental_health",
              "sara": "social", "lea": "legal", "nadia": "protection", "claire": "medical",
              "charlie": "medical", "omar": None, "admin": None}
IN_SCOPE_OF_PANTIN = {"amina", "yasmine", "sara", "lea", "nadia", "claire"}
NO_PEOPLE = {"omar", "admin"}


def may_read(viewer, author, confidentiality, consent_given):
    if viewer in NO_PEOPLE or viewer not in IN_SCOPE_OF_PANTIN:
        return False
    if viewer == author:
        return True
    if confidentiality == "private":
        return False
    if DISCIPLINE[viewer] == AUTHORS[author]:
        return True
    return confidentiality == "team" and consent_given


@pytest.fixture(params=["consent given", "consent withdrawn"])
def record(request, app, client, as_user, register, write_note):
    person = register("amina", "PAN", "Mengistu", "Hanna", born=2008, nationality="ET")
    notes = {}
    for author, level in itertools.product(AUTHORS, Confidentiality):
        notes[(author, level.value)] = write_note(author, person, level)
    given = request.param == "consent given"
    if not given:
        as_user("amina")
        form = client.get(f"/people/{person}/consents/new")
        response = client.post(f"/people/{person}/consents/new", data={
            "purpose": "team_sharing", "scope": "all", "decision": "withdrawn",
            "decided_by": "person", "method": "oral", "interpreter_kind": "none_needed",
            "csrf_token": csrf_token_from(form.text)})
        assert response.status_code == 302
    return person, notes, given


@pytest.mark.parametrize("viewer", sorted(DISCIPLINE))
def test_it_shows_each_persona_exactly_the_notes_the_rules_allow(client, as_user, record,
                                                                  viewer):
    person, notes, given = record
    as_user(viewer)
    page = client.get(f"/people/{person}")
    if viewer in NO_PEOPLE:
        assert page.status_code == 403
    elif viewer not in IN_SCOPE_OF_PANTIN:
        assert page.status_code == 404
    else:
        assert page.status_code == 200
    for (author, level), note_id in notes.items():
        expected = may_read(viewer, author, level, given)
        shown = f"{author} {level} note" in page.text
        assert shown == expected, (viewer, author, level, given)
        direct = client.get(f"/notes/{note_id}")
        assert (direct.status_code == 200) == expected, (viewer, author, level, direct.status_code)


def test_it_marks_each_note_with_its_discipline_and_level(client, as_user, record):
    person, _notes, _ = record
    as_user("amina")
    page = client.get(f"/people/{person}")
    assert 'data-note-discipline="medical" data-note-confidentiality="private"' in page.text
    assert 'data-note-discipline="mental_health" data-note-confidentiality="team"' in (
        page.text) or "consent" in page.text


WRITERS = {
    # persona: may write a note about a Pantin person
    "amina": True, "yasmine": True, "sara": True, "lea": True, "claire": True,
    "hugo": False, "charlie": False, "omar": False, "admin": False,
}


@pytest.mark.parametrize("viewer", sorted(WRITERS))
def test_it_lets_only_the_team_of_the_site_write_notes(client, as_user, register, viewer):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user(viewer)
    status = client.get(f"/people/{person}/notes/new").status_code
    if WRITERS[viewer]:
        assert status == 200
    else:
        assert status in (403, 404)
