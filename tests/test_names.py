"""A full name in its script's order: Latin family-first, Arabic given-first (caseflow.names)."""

from __future__ import annotations

import pytest

from caseflow.names import full_name, written_in_arabic


@pytest.mark.parametrize(("family", "given", "shown"), [
    ("Traoré", "Awa", "Traoré Awa"),  # the French administrative order
    ("TRAORÉ", "Awa", "TRAORÉ Awa"),
    ("عثمان", "حواء", "حواء عثمان"),  # Hawa (given) Osman (family), as an Arabic reader reads
    ("الطرابلسي", "فاطمة", "فاطمة الطرابلسي"),
    ("الطرابلسي", "Fatima", "Fatima الطرابلسي"),  # a part in Arabic script decides
    ("ﺍﻟﻄﺮﺍﺑﻠﺴﻲ", "فاطمة", "فاطمة ﺍﻟﻄﺮﺍﺑﻠﺴﻲ"),  # presentation forms, pasted from a PDF
    ("", "حواء", "حواء"),
    ("Diallo", None, "Diallo"),
    (None, None, ""),
])
def test_it_orders_a_name_as_the_reader_of_its_script_expects(family, given, shown):
    assert full_name(family, given) == shown


def test_it_tells_arabic_script_from_latin_and_persian_letters_too():
    assert written_in_arabic("ژیلا") and written_in_arabic(None, "حواء")
    assert not written_in_arabic("Awa", "Traoré", None, "")


def test_it_prints_an_arabic_name_given_name_first_on_a_certificate(app, register):
    from caseflow.services.documents.certificate_content import declared_identity
    from tests.support.records import person

    hawa = register("charlie", "TRI", "عثمان", "حواء", born=1996)
    awa = register("amina", "PAN", "Traoré", "Awa", born=2008)
    with app.app_context():
        assert declared_identity(person(hawa)).names == "حواء عثمان"
        assert declared_identity(person(awa)).names == "TRAORÉ Awa"
