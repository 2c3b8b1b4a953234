"""Who sees what of Awa's allergies and treatments, persona by persona (the decision is in
caseflow/services/safety/__init__.py), and who reaches the forms."""

from __future__ import annotations

import pytest

from tests.support.records import withdraw_team_sharing

# (persona, status of the person page, sees the allergies, sees the treatments, may write)
BOX = [
    ("amina", 200, True, True, True),  # the doctor who follows her
    ("claire", 200, True, True, True),  # the medical coordinator (a member of every site)
    ("yasmine", 200, True, False, False),  # the care team, under the sharing consent
    ("sara", 200, True, False, False),
    ("lea", 200, True, False, False),
    ("nadia", 200, True, False, False),
    ("hugo", 404, False, False, False),  # a nurse in Calais: Awa is not his
    ("charlie", 404, False, False, False),  # a doctor in Tripoli, no emergency access
    ("omar", 403, False, False, False),  # the data manager opens nobody
]


@pytest.mark.parametrize(("login", "status", "allergies", "treatments", "writes"), BOX)
def test_it_shows_the_box_to_each_persona_as_the_policy_says(
        app, as_user, awa, add_allergy, add_treatment, login, status, allergies, treatments,
        writes):
    add_allergy(awa)
    add_treatment(awa)
    page = as_user(login).get(f"/people/{awa}")
    assert page.status_code == status
    if status != 200:
        return
    assert 'id="safety"' in page.text
    assert ("Amoxicilline" in page.text) is allergies
    assert ('data-allergy-severity="moderate"' in page.text) is allergies
    assert ("Urticaire généralisée" in page.text) is treatments  # details: the medical team
    assert ("Salbutamol" in page.text) is treatments
    assert ("Add an allergy" in page.text) is writes


@pytest.mark.parametrize("login", ["yasmine", "sara", "lea", "nadia"])
def test_it_hides_allergies_from_the_team_without_the_sharing_consent(
        app, as_user, awa, add_allergy, login):
    add_allergy(awa)
    with app.app_context():
        withdraw_team_sharing(awa)
    page = as_user(login).get(f"/people/{awa}")
    assert page.status_code == 200
    assert 'data-safety-allergies="hidden"' in page.text
    assert "Amoxicilline" not in page.text and "not asked" not in page.text
    assert as_user(login).get(f"/safety/people/{awa}").status_code == 403


def test_it_keeps_showing_the_medical_team_without_the_sharing_consent(
        app, as_user, awa, add_allergy):
    add_allergy(awa)
    with app.app_context():
        withdraw_team_sharing(awa)
    page = as_user("amina").get(f"/people/{awa}")
    assert "Amoxicilline" in page.text


URLS = ["/safety/people/{p}", "/safety/people/{p}/allergy", "/safety/people/{p}/treatment",
        "/safety/people/{p}/allergy?entry={a}", "/safety/people/{p}/treatment?entry={t}"]
# persona -> expected status of each URL above
EXPECTED = {
    "amina": [200, 200, 200, 200, 200],
    "claire": [200, 200, 200, 200, 200],
    "yasmine": [200, 403, 403, 403, 403],
    "sara": [200, 403, 403, 403, 403],
    "hugo": [404, 404, 404, 404, 404],
    "charlie": [404, 404, 404, 404, 404],
    "omar": [403, 403, 403, 403, 403],
    "admin": [403, 403, 403, 403, 403],
}


@pytest.mark.parametrize("login", sorted(EXPECTED))
def test_it_opens_the_safety_pages_to_whom_the_policy_says(
        app, as_user, awa, add_allergy, add_treatment, login):
    allergy, treatment = add_allergy(awa), add_treatment(awa)
    client = as_user(login)
    got = [client.get(url.format(p=awa, a=allergy, t=treatment)).status_code for url in URLS]
    assert got == EXPECTED[login]


def test_it_answers_404_for_an_entry_of_someone_else(app, as_user, awa, register, add_allergy):
    other = register("amina", "PAN", "Koné", "Issa", born=2006)
    allergy = add_allergy(other)
    client = as_user("amina")
    assert client.get(f"/safety/people/{awa}/allergy?entry={allergy}").status_code == 404
    assert client.get(f"/safety/people/{awa}/allergy?entry=not-a-uuid").status_code == 404
    assert client.get(f"/safety/people/{awa}/treatment?entry={allergy}").status_code == 404
