"""The settings: how long a grant lasts, how many codes outside one's sites may be tried."""

from datetime import timedelta

import pytest

from caseflow.models.person import new_person_code
from tests.break_glass.conftest import code_of, grants


@pytest.fixture
def app_config():
    return {"BREAK_GLASS_LOOKUP_LIMIT": "3 per hour", "BREAK_GLASS_MINUTES": 30}


def test_it_lasts_the_configured_time(app, open_glass, zwara_person):
    assert open_glass("charlie", zwara_person).status_code == 302
    (grant,) = grants(app)
    assert grant.expires_at - grant.opened_at == timedelta(minutes=30)


def test_it_limits_how_many_codes_outside_ones_sites_are_tried(app, client, as_user,
                                                               zwara_person):
    as_user("charlie")
    for _ in range(3):
        assert client.get(f"/people/code/{new_person_code()}").status_code == 404
    refused = client.get(f"/people/code/{code_of(app, zwara_person)}")
    assert refused.status_code == 429
    assert "data-break-glass-offer" not in refused.text
    as_user("hugo")  # counted per user
    assert client.get(f"/people/code/{new_person_code()}").status_code == 404
