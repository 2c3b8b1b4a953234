"""The Tripoli TB demo: Hiwot cured, Filmon on treatment, Idriss interrupted, and a
non-empty cohort for the quarter that is due."""

import pytest
from sqlalchemy import select

from caseflow.demo.libya_tb import seed_libya_tb
from caseflow.demo.people import seed_demo_people
from caseflow.extensions import db
from caseflow.models.tb import TbEpisode, TbOutcome
from tests.clock import FIXED_NOW


@pytest.mark.time_machine(FIXED_NOW)
def test_it_seeds_the_tripoli_episodes_once(app, as_user):
    with app.app_context():
        seed_demo_people()
        assert seed_libya_tb() == 5
        assert seed_libya_tb() == 0
        rows = db.session.scalars(select(TbEpisode).order_by(TbEpisode.presumptive_on)).all()
        outcomes = sorted(str(r.outcome) for r in rows)
        assert outcomes.count(str(TbOutcome.CURED)) == 2
        interrupted = next(r.id for r in rows if r.basis.value == "clinical")
        cured = next(r.id for r in rows if r.register_number == "TRI-TB-0117")
    charlie = as_user("charlie")
    assert "data-tb-interrupted" in charlie.get(f"/tb/episodes/{interrupted}").text
    page = charlie.get(f"/tb/episodes/{cured}")
    assert page.status_code == 200 and "data-tb-interrupted" not in page.text
    cohort = as_user("claire").get("/tb/cohort?site=TRI")
    assert cohort.status_code == 200
    assert '<bdi dir="ltr">1</bdi>' in cohort.text  # one registered, one not started
