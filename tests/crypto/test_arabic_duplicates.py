"""The duplicate check across scripts: a second record in Arabic of someone registered in
Latin letters (and back) is flagged, as a second Latin spelling would be."""

from __future__ import annotations

import pytest

from caseflow.services.intake.duplicates import find_candidates
from tests.people.test_intake_duplicates import _identity


@pytest.mark.parametrize(("registered", "again"), [
    (("Ben Ammar", "Abderrahmane"), ("بن عمار", "عبد الرحمن")),
    (("بن عمار", "عبد الرحمن"), ("Ben Ammar", "Abdul Rahman")),
    (("Trabelsi", "Fatma"), ("الطرابلسي", "فاطمة")),
    (("الطرابلسي", "فاطمة"), ("Ettrabelsi", "Fatima")),
    (("الطرابلسي", "فاطمة"), ("Fatima", "Al-Trabelsi")),
])
def test_it_flags_the_same_person_written_in_the_other_script(app, register, registered,
                                                              again):
    existing = register("hugo", "CAL", *registered, born=2006, nationality="GN")
    with app.app_context():
        found = [str(c.person_id) for c in find_candidates(_identity(*again, 2006))]
    assert found == [existing]


def test_it_does_not_flag_someone_who_shares_only_a_given_name_across_scripts(app, register):
    register("hugo", "CAL", "Zintani", "Mohamed", born=2006, nationality="GN")
    with app.app_context():
        assert find_candidates(_identity("المصراتي", "محمد", 2006)) == []
