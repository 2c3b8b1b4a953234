"""Sessions end on the server: sign-out ends that session for whoever holds a copy of its
cookie, other devices keep theirs, and an administrator can end every session of an account."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.user import User
from caseflow.sessions import AUTH_AT
from tests.clock import FIXED_NOW
from tests.support.web import PERSONA_PASSWORD, csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)

COOKIE = "caseflow_session"


def _user_id(app, login: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.login == login))


def _signed_in_device(app, login: str):
    """Another browser (its own cookie jar) signed in through the login page."""
    device = app.test_client()
    page = device.get("/login")
    answer = device.post("/login", data={"login": login, "password": PERSONA_PASSWORD,
                                         "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302 and not answer.headers["Location"].startswith("/login")
    assert device.get("/").status_code == 200
    return device


def _copy_of(app, device):
    """A third client holding a copy of `device`'s cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, device.get_cookie(COOKIE).value)
    return thief


def _signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def _log_out(device) -> None:
    token = csrf_token_from(device.get("/").text)
    assert device.post("/logout", data={"csrf_token": token}).status_code == 302


def test_it_refuses_a_cookie_copied_before_sign_out(app):
    laptop = _signed_in_device(app, "amina")
    thief = _copy_of(app, laptop)
    assert thief.get("/").status_code == 200  # the copy works while the session is open
    _log_out(laptop)
    assert _signed_out(thief.get("/"))
    assert _signed_out(thief.get("/people/"))


def test_it_keeps_the_other_devices_session_after_sign_out(app):
    laptop = _signed_in_device(app, "amina")
    phone = _signed_in_device(app, "amina")
    _log_out(laptop)
    assert _signed_out(laptop.get("/"))
    page = phone.get("/")
    assert page.status_code == 200 and "Dr Amina Diallo" in page.text


def test_it_ends_the_session_on_the_server_when_it_expires(app):
    laptop = _signed_in_device(app, "amina")
    thief = _copy_of(app, laptop)
    with laptop.session_transaction() as session:
        session["_seen_at"] = int(time.time()) - 31 * 60
    assert _signed_out(laptop.get("/"))  # idle: ended
    assert _signed_out(thief.get("/"))  # the copy made before is refused too


def _end_sessions(client, user_id: int):
    token = csrf_token_from(client.get(f"/admin/users/{user_id}").text)
    return client.post(f"/admin/users/{user_id}/end-sessions", data={"csrf_token": token})


def test_it_lets_an_administrator_end_every_session_of_an_account(app, client, as_user):
    laptop = _signed_in_device(app, "amina")
    phone = _signed_in_device(app, "amina")
    sara = _signed_in_device(app, "sara")
    amina_id = _user_id(app, "amina")
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the message is translated when sent
    answer = _end_sessions(client, amina_id)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/admin/users/{amina_id}"
    assert "All sessions of this account are closed." in client.get(answer.headers["Location"]).text
    assert _signed_out(laptop.get("/"))
    assert _signed_out(phone.get("/"))
    assert sara.get("/").status_code == 200  # nobody else's
    assert client.get("/admin/users").status_code == 200  # nor the administrator's
    admin_id = _user_id(app, "admin")
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "sessions_ended"))
        assert event.actor_id == admin_id
        assert (event.object_type, event.object_id) == ("user", str(amina_id))
    # She signs in again as usual.
    assert _signed_in_device(app, "amina").get("/").status_code == 200


def test_it_asks_the_administrator_to_confirm_their_identity_first(app, client, as_user):
    laptop = _signed_in_device(app, "amina")
    as_user("admin")
    with client.session_transaction() as session:
        session[AUTH_AT] = int(time.time()) - 10 * 60
    answer = _end_sessions(client, _user_id(app, "amina"))
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/reauth")
    assert laptop.get("/").status_code == 200
    with app.app_context():
        assert not db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "sessions_ended")).all()


@pytest.mark.parametrize("login", ["claire", "amina"])
def test_it_lets_no_one_else_end_sessions(app, client, as_user, login):
    laptop = _signed_in_device(app, "sara")
    as_user(login)
    token = csrf_token_from(client.get("/account/password").text)
    answer = client.post(f"/admin/users/{_user_id(app, 'sara')}/end-sessions",
                         data={"csrf_token": token})
    assert answer.status_code == 403
    assert laptop.get("/").status_code == 200


def test_it_answers_404_for_an_unknown_account(client, as_user):
    as_user("admin")
    token = csrf_token_from(client.get("/admin/users/new").text)
    assert client.post("/admin/users/999999/end-sessions",
                       data={"csrf_token": token}).status_code == 404
