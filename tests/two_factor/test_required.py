"""Who must use two-factor: coordinators and administrators always, every member of a site
that asks for it; those not set up yet reach the set-up page only. Administrators reset it."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.role_grant import RoleGrant
from caseflow.models.site import Site
from caseflow.services.staff import role_grants
from tests.support.records import user
from tests.support.web import csrf_token_from
from tests.two_factor.conftest import actions, code_now, events, seed_on_page


def test_it_sends_a_coordinator_without_two_factor_to_set_it_up_first(app, client, sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    answer = sign_in("claire")
    assert answer.headers["Location"] == "/account/two-factor"
    for path in ("/", "/people/", "/certificates/", "/account/password"):
        response = client.get(path)
        if path == "/account/password":
            assert response.status_code == 200  # a password change stays possible
        else:
            assert response.headers["Location"] == "/account/two-factor", path
    page = client.get("/account/two-factor")
    assert "Your account requires a second proof of identity" in page.text

    done = client.post("/account/two-factor", data={
        "code": pyotp.TOTP(seed_on_page(page.text)).now(),
        "csrf_token": csrf_token_from(page.text)})
    assert done.status_code == 200
    assert client.get("/people/").status_code == 200


def test_it_holds_an_administrator_to_the_same_rule(client, sign_in):
    assert sign_in("admin").headers["Location"] == "/account/two-factor"
    assert client.get("/admin/users").headers["Location"] == "/account/two-factor"


def test_it_lets_a_user_for_whom_it_is_optional_go_anywhere(client, sign_in):
    assert sign_in("yasmine").headers["Location"] == "/"
    assert client.get("/people/").status_code == 200


def test_it_requires_two_factor_of_every_member_of_a_site_that_asks_for_it(
    app, client, as_user, sign_in, form_token, enrol
):
    enrol("admin")
    as_user("admin")
    with app.app_context():
        pantin = db.session.scalar(select(Site).where(Site.code == "PAN"))
        site_id, version = pantin.id, pantin.version
    form = client.get(f"/admin/sites/{site_id}")
    assert "require_two_factor" in form.text
    data = {"code": "PAN", "name": pantin.name, "country": pantin.country,
            "kind": pantin.kind.value, "timezone": pantin.timezone, "active": "y",
            "require_two_factor": "y", "version": version,
            "csrf_token": csrf_token_from(form.text)}
    assert client.post(f"/admin/sites/{site_id}", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Site, site_id).require_two_factor
    updated = events(app, "site_updated")[-1]
    assert "require_two_factor" in updated.details["changed"]
    client.post("/logout", data={"csrf_token": form_token()})

    assert sign_in("amina").headers["Location"] == "/account/two-factor"  # Pantin
    client.post("/logout", data={"csrf_token": form_token("/account/two-factor")})
    assert sign_in("hugo").headers["Location"] == "/"  # Calais only


def test_it_lets_an_administrator_reset_a_users_two_factor(app, client, as_user, sign_in,
                                                          enrol):
    enrol("amina")
    enrol("admin")
    with app.app_context():
        amina = user("amina")
        amina_id, token_before = amina.id, amina.session_token
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/admin/users/{amina_id}")
    assert 'data-testid="two-factor-status">On<' in page.text

    done = client.post(f"/admin/users/{amina_id}/reset-two-factor",
                       data={"csrf_token": csrf_token_from(page.text)}, follow_redirects=True)

    assert "Two-factor sign-in reset" in done.text
    assert 'data-testid="two-factor-status">Off (optional)<' in done.text
    with app.app_context():
        amina = user("amina")
        assert not amina.two_factor_enabled and amina.totp_secret is None
        assert amina.session_token != token_before  # her open sessions end
    reset = events(app, "two_factor_reset")
    assert len(reset) == 1 and reset[0].object_id == str(amina_id)
    client.post("/logout", data={"csrf_token": csrf_token_from(done.text)})
    # Amina is a doctor: her password alone opens her account once Claire approves.
    assert sign_in("amina").status_code == 401
    with app.app_context():
        role_grants.approve(user("claire"), db.session.scalar(select(RoleGrant)))
    assert sign_in("amina").headers["Location"] == "/"


def test_it_says_clearly_when_there_is_nothing_to_reset(app, client, as_user, enrol):
    enrol("admin")
    with app.app_context():
        hugo_id = user("hugo").id
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/admin/users/{hugo_id}")
    assert "reset-two-factor" not in page.text
    done = client.post(f"/admin/users/{hugo_id}/reset-two-factor",
                       data={"csrf_token": csrf_token_from(page.text)}, follow_redirects=True)
    assert done.status_code == 200
    assert "This account has no two-factor sign-in to reset." in done.text
    assert "two_factor_reset" not in actions(app)


def test_it_keeps_the_reset_for_administrators(app, client, as_user):
    with app.app_context():
        hugo_id = user("hugo").id
    as_user("amina")
    token = csrf_token_from(client.get("/").text)
    assert client.post(f"/admin/users/{hugo_id}/reset-two-factor",
                       data={"csrf_token": token}).status_code == 403


def test_it_sends_a_required_user_who_turned_it_off_back_to_set_it_up(
    app, client, as_user, enrol, clock
):
    seed, _ = enrol("claire")
    as_user("claire")
    page = client.get("/account/two-factor")
    client.post("/account/two-factor/disable", data={
        "password": "correct horse battery staple", "code": code_now(seed, clock),
        "csrf_token": csrf_token_from(page.text)})
    assert client.get("/people/").headers["Location"] == "/account/two-factor"
