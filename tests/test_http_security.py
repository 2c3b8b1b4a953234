"""Response headers, cookies and CSRF: the browser-facing protections of every page."""

import pytest

from tests.support.web import PERSONA_PASSWORD, csrf_token_from


@pytest.mark.parametrize("path", ["/login", "/", "/admin/users", "/healthz", "/nowhere"])
def test_it_sends_protective_headers_on_every_response(client, as_user, path):
    as_user("admin")
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"


def test_it_has_no_inline_script_on_its_pages(client, as_user):
    as_user("admin")
    for path in ("/", "/admin/users", "/admin/users/new", "/admin/sites/new"):
        html = client.get(path).text
        assert "<script>" not in html and " onclick=" not in html


def test_it_marks_the_session_cookie_httponly_and_samesite(client):
    page = client.get("/login")
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on a LAN or in development


def test_it_marks_cookies_secure_and_sets_hsts_over_https(app):
    client = app.test_client()
    page = client.get("/login", base_url="https://caseflow.example")
    assert "Secure" in page.headers["Set-Cookie"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def test_it_rejects_a_sign_in_without_csrf_token_with_a_clear_page(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.get("/login")
    response = client.post("/login", data={"login": "amina", "password": PERSONA_PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.text
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_it_rejects_an_admin_change_with_a_forged_token(app, client, as_user):
    as_user("admin")
    response = client.post("/admin/sites/new", data={
        "code": "EVIL", "name": "Evil", "country": "FR", "kind": "shelter",
        "timezone": "Europe/Paris", "csrf_token": "forged",
    })
    assert response.status_code == 400
    assert "Evil" not in client.get("/admin/sites").text


def test_it_rejects_a_token_from_another_session(app, client, as_user):
    stranger = app.test_client()
    foreign_token = csrf_token_from(stranger.get("/login").text)
    as_user("admin")
    response = client.post("/admin/sites/new", data={
        "code": "EVIL", "name": "Evil", "country": "FR", "kind": "shelter",
        "timezone": "Europe/Paris", "csrf_token": foreign_token,
    })
    assert response.status_code == 400
