"""Ids beyond the database's integers are unknown ids: 404, never a server error.

PostgreSQL's BIGINT stops at 2^63 - 1 and the driver refuses a larger bind; SQLite stops
at the same bound. An account id typed or pasted into the address bar must not reach it.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("user_id", ["99999999999999999999", str(2**63), str(2**31)])
def test_it_answers_404_for_an_account_id_beyond_the_databases_integers(client, as_user,
                                                                         user_id):
    as_user("claire")
    assert client.get(f"/audit/users/{user_id}").status_code == 404


@pytest.mark.parametrize("url", ["/admin/users/{id}", "/admin/sites/{id}"])
def test_it_answers_404_for_administration_ids_beyond_the_databases_integers(client, as_user,
                                                                              url):
    as_user("admin")
    for big in ("99999999999999999999", str(2**63), str(2**31)):
        assert client.get(url.format(id=big)).status_code == 404
        assert client.post(url.format(id=big) + "/unlock").status_code in (400, 404)
