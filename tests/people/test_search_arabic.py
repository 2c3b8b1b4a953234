"""Finding people across scripts: registered in Arabic, found by a Latin spelling, and back.

Through registration and the people search page, as a user works: the names
are encrypted, the search reads only the blind index, and the candidates are
confirmed after decryption (caseflow.crypto.search).
"""

import pytest

from caseflow.vocabulary import Sex
from tests.support.records import load


@pytest.fixture
def fatima(register):
    return register("amina", "PAN", "الطرابلسي", "فاطمة", born=2007, sex=Sex.FEMALE)


@pytest.fixture
def abderrahmane(register):
    return register("amina", "PAN", "Ben Ammar", "Abderrahmane", born=2006)


@pytest.fixture
def others(register):
    return [register("amina", "PAN", "Diallo", "Mariama", born=2008),
            register("amina", "PAN", "المصراتي", "خالد", born=2005)]


def _codes_found(client, query):
    page = client.get("/people/", query_string={"q": query}, follow_redirects=True)
    assert page.status_code == 200
    return page.text


# Registered in Arabic script, searched in Latin letters; registered in Latin, searched
# in Arabic script.
ACROSS = ([("fatima", "abderrahmane", q) for q in (
    "Fatima Trabelsi", "Trabelsi", "fatma el trabelsi", "Ettrabelsi Fatma", "Al-Trabulsi",
    "الطرابلسي فاطمة")]
    + [("abderrahmane", "fatima", q) for q in ("عبد الرحمن بن عمار", "بن عمار", "عبدالرحمن")])


@pytest.mark.parametrize(("wanted", "other", "query"), ACROSS)
def test_it_finds_a_person_across_scripts(app, client, as_user, fatima, abderrahmane, others,
                                          wanted, other, query):
    people = {"fatima": fatima, "abderrahmane": abderrahmane}
    as_user("yasmine")
    text = _codes_found(client, query)
    assert load(app, people[wanted]).code in text, query
    assert load(app, people[other]).code not in text
    assert all(load(app, person).code not in text for person in others)


def test_it_does_not_find_an_arabic_name_by_an_unrelated_latin_one(
        app, client, as_user, fatima, others):
    as_user("yasmine")
    assert load(app, fatima).code not in _codes_found(client, "Kouyaté")


def test_it_shows_an_arabic_name_read_in_latin_letters_beside_it(
        app, client, as_user, fatima, abderrahmane):
    as_user("amina")
    found = _codes_found(client, "Fatima Trabelsi")
    page = client.get(f"/people/{fatima}").text
    latin_page = client.get(f"/people/{abderrahmane}").text

    # Beside the Arabic name, for a colleague who does not read Arabic; computed, not typed.
    assert '<bdi lang="ar-Latn" dir="ltr">(Fatima Al-Trabelsi)</bdi>' in found
    assert "Lu en lettres latines :" in page
    assert '<bdi lang="ar-Latn" dir="ltr">Fatima Al-Trabelsi</bdi>' in page
    # A name already in Latin letters has no reading.
    assert "Lu en lettres latines" not in latin_page
