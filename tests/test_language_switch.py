"""Changing the language keeps the page as it was, query string included.

A reader on the verification page (`?c=` from the QR code) or a nurse on another day's
list (`?day=`) who switches to English must land on the same page, not on an empty form.
"""

from __future__ import annotations

from tests.support.web import csrf_token_from


def test_it_keeps_the_query_string_when_the_language_changes(as_user, client):
    as_user("hugo")
    page = client.get("/appointments/?day=2026-06-17")
    assert page.status_code == 200
    assert 'name="next" value="/appointments/?day=2026-06-17"' in page.text
    answer = client.post("/language", data={
        "language": "en", "next": "/appointments/?day=2026-06-17",
        "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302
    assert answer.location.endswith("/appointments/?day=2026-06-17")


def test_it_keeps_the_verification_code_on_the_public_page(client):
    page = client.get("/verify/PAN-2026-00001?c=ABCD-EFGH")
    assert 'name="next" value="/verify/PAN-2026-00001?c=ABCD-EFGH"' in page.text
