"""Who reads and who records scales, as sentences:

- Yasmine (psychologist) and Amina (doctor) at Pantin record them; Claire (medical
  coordinator) reads them for supervision and records at her sites;
- Sara (social worker), Léa (legal worker), Nadia (protection) see Awa's record but not
  her scales; Hugo (nurse, Calais) and Charlie (Tripoli) do not reach her; Omar (data
  manager) and the administrator read no person;
- a result recorded by the psychologist is read by the medical discipline only while Awa
  agrees to share with the care team: withdrawing that consent hides it at once from
  Amina and Claire, not from Yasmine.
"""

from __future__ import annotations

import pytest

from caseflow.extensions import db
from tests.scales.conftest import NOW, answers
from tests.support.records import withdraw_team_sharing

pytestmark = pytest.mark.time_machine(NOW)

READS = {"yasmine": 200, "amina": 200, "claire": 200, "sara": 404, "lea": 404, "nadia": 404,
         "hugo": 404, "charlie": 404, "omar": 403, "admin": 403}
RECORDS = {"yasmine": 200, "amina": 200, "claire": 200, "sara": 403, "lea": 403,
           "nadia": 403, "hugo": 404, "charlie": 404, "omar": 403, "admin": 403}


@pytest.fixture
def psych_result(make_result, awa):
    return make_result("yasmine", awa, "phqa", answers(9, 1))


@pytest.mark.parametrize(("login", "status"), sorted(READS.items()))
def test_it_lets_only_the_clinicians_read_a_result(as_user, psych_result, awa, login, status):
    client = as_user(login)
    assert client.get(f"/scales/results/{psych_result}").status_code == status
    page = client.get(f"/people/{awa}")
    if page.status_code == 200:
        assert ('data-scale-panel="phqa"' in page.text) == (status == 200)


@pytest.mark.parametrize(("login", "status"), sorted(RECORDS.items()))
@pytest.mark.parametrize("path", ["/scales/people/{pid}/new", "/scales/people/{pid}/new/gad7"])
def test_it_lets_only_psychologists_doctors_and_the_coordinator_record(as_user, awa, login,
                                                                       status, path):
    assert as_user(login).get(path.format(pid=awa)).status_code == status


@pytest.mark.parametrize("login", ["amina", "claire"])
def test_it_hides_the_psychologist_s_results_when_sharing_is_withdrawn(app, as_user,
                                                                       psych_result, awa,
                                                                       login):
    with app.app_context():
        withdraw_team_sharing(awa)
    client = as_user(login)
    assert client.get(f"/scales/results/{psych_result}").status_code == 404
    assert 'data-scale-panel="phqa"' not in client.get(f"/people/{awa}").text
    assert as_user("yasmine").get(f"/scales/results/{psych_result}").status_code == 200


def test_it_keeps_each_discipline_s_own_results_without_sharing(app, as_user, make_result,
                                                                awa):
    mine = make_result("amina", awa, "gad7", answers(7, 1))
    with app.app_context():
        withdraw_team_sharing(awa)
    assert as_user("amina").get(f"/scales/results/{mine}").status_code == 200
    assert as_user("claire").get(f"/scales/results/{mine}").status_code == 200
    # The psychologist reads the doctor's result only under the same consent.
    assert as_user("yasmine").get(f"/scales/results/{mine}").status_code == 404


def test_it_lets_only_the_author_correct_or_mark_in_error(as_user, psych_result):
    for login in ("amina", "claire"):
        client = as_user(login)
        assert client.get(f"/scales/results/{psych_result}/correct").status_code == 403
        assert "Mark as entered in error" not in client.get(
            f"/scales/results/{psych_result}").text
    assert as_user("yasmine").get(f"/scales/results/{psych_result}/correct").status_code == 200


def test_it_answers_404_for_a_malformed_or_unknown_result(as_user):
    client = as_user("amina")
    assert client.get("/scales/results/not-a-uuid").status_code == 404
    assert client.get("/scales/results/2f0c7c1e-8d7a-4c55-9d37-8f1d7d0c0a11").status_code == 404


def test_it_shows_a_break_glass_reader_their_own_discipline_only(app, as_user, make_result,
                                                                 psych_result, awa):
    """Charlie (doctor, Tripoli) opens Awa's record in an emergency: he reads the doctor's
    result, not the psychologist's (he is not in the team she shares with), records none."""
    from caseflow.services.safeguards.break_glass import open_access
    from tests.support.records import person, site_id, user

    medical = make_result("amina", awa, "gad7", answers(7, 1))
    with app.app_context():
        open_access(user("charlie"), person(awa).code, "Brought unconscious to the shelter",
                    site_id("TRI"))
        db.session.remove()
    client = as_user("charlie")
    assert client.get(f"/scales/results/{medical}").status_code == 200
    assert client.get(f"/scales/results/{psych_result}").status_code == 404
    assert client.get(f"/scales/people/{awa}/new").status_code == 403
