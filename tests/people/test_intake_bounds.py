"""The person page's timeline filters come from the address bar: any value gets a page or a
clear message, never a server error."""

import pytest


@pytest.mark.parametrize("query", [
    {"since": "0001-01-01", "until": "9999-12-31", "page": "999999999999"},
    {"since": "0001-01-01"},
    {"until": "9999-12-31"},
    {"page": "999999999999"},
    {"page": "-5"},
    {"page": "1e9"},
    {"since": "2026-13-45", "until": "not a date"},
    {"since": "2026-05-01", "until": "2026-01-01"},
])
def test_it_answers_odd_timeline_filters_without_a_server_error(client, as_user, register,
                                                                query):
    person = register("hugo", "CAL", "Haile", "Yonas", born=2008)
    as_user("hugo")
    response = client.get(f"/people/{person}", query_string=query)
    assert response.status_code == 200
    assert "Haile" in response.text


def test_it_says_which_filter_it_could_not_use(client, as_user, register):
    person = register("hugo", "CAL", "Haile", "Yonas", born=2008)
    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/people/{person}", query_string={
        "since": "0001-01-01", "until": "9999-12-31", "page": "999999999999"}).text
    assert "This period is outside the dates the record can hold" in page
    assert "There is no such page" in page
