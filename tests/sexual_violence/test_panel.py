"""The person page's panel in Arabic (right to left): Dr Amina Diallo reads Mariam's
consultation with its delay band, the care given and the next follow-up visit; the page
is RTL and the panel's cells isolate their values."""

from __future__ import annotations

import pytest

from caseflow.extensions import db
from caseflow.models.sexual_violence import FollowUpStep
from caseflow.services.sexual_violence import consultations, follow_up
from tests.sexual_violence.conftest import CONSULTED, NOW, consultation_input
from tests.support.records import person, user


@pytest.mark.time_machine(NOW)
def test_it_shows_the_panel_in_arabic_right_to_left(app, as_user, mariam):
    with app.app_context():
        amina = user("amina")
        c = consultations.create(amina, person(mariam), consultation_input(
            assault_on=CONSULTED.date(), assault_time=CONSULTED.time().replace(hour=2),
            pep=True, ec=True))
        follow_up.create(amina, person(mariam), c, frozenset(FollowUpStep))
        cid = str(c.id)
        amina.language = "ar"
        db.session.commit()
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    page = client.get(f"/people/{mariam}").text
    assert '<html lang="ar" dir="rtl">' in page
    panel = page.split('id="sexual-violence"')[1].split("</section>")[0]
    assert 'data-sv-delay="within_72h"' in panel
    assert 'data-sv-next="2026-03-23"' in panel
    assert "<bdi>" in panel  # the consultation's time isolated in the RTL line
    shown = client.get(f"/svc/{cid}").text
    assert '<html lang="ar" dir="rtl">' in shown and 'data-sv-delay="within_72h"' in shown
    assert 'dir="ltr">8' in shown  # "8 h": hours in an isolated left-to-right run
