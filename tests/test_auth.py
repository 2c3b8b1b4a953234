"""Sign-in: generic errors, lock after repeated failures, rate limit, fresh sessions, timeouts."""


import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.user import User
from caseflow.sessions import AUTH_AT, SEEN_AT
from tests.clock import FIXED_NOW
from tests.support.web import PERSONA_LOGINS, PERSONA_PASSWORD, csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)

GENERIC = "Unknown login or wrong password."


def _user(app, login):
    with app.app_context():
        return db.session.scalar(select(User).where(User.login == login))


@pytest.mark.parametrize("login", PERSONA_LOGINS)
def test_it_signs_every_persona_in_with_the_demo_password(sign_in, login):
    response = sign_in(login)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_it_shows_the_home_page_after_sign_in(sign_in):
    page = sign_in("amina", follow_redirects=True)
    assert "Dr Amina Diallo" in page.text
    assert "Pantin" in page.text


def test_it_gives_one_generic_message_for_unknown_login_and_wrong_password(client, sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    unknown = sign_in("nobody-here", "whatever password")
    wrong = sign_in("amina", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert GENERIC in unknown.text and GENERIC in wrong.text
    # The typed password is never sent back.
    assert "whatever password" not in unknown.text


def test_it_locks_the_account_after_five_failures_and_says_so_clearly(app, client, sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    answers = [sign_in("hugo", f"wrong password {i}") for i in range(10)]
    assert all(r.status_code == 401 for r in answers), [r.status_code for r in answers]
    assert GENERIC in answers[0].text
    assert "locked for 15 minutes" in answers[4].text
    assert all("locked for 15 minutes" in r.text for r in answers[5:])
    # Even the right password is refused while locked.
    assert sign_in("hugo").status_code == 401
    assert _user(app, "hugo").locked_until is not None


def test_it_gives_unknown_logins_the_same_lock_message(client, sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    answers = [sign_in("ghost", "wrong password") for _ in range(6)]
    # On the same attempt as a real account (the 5th): the answer tells nothing.
    assert GENERIC in answers[3].text
    assert all("locked for 15 minutes" in r.text for r in answers[4:])


def test_it_lets_an_administrator_unlock_a_locked_account(app, client, sign_in, as_user):
    for i in range(5):
        sign_in("hugo", f"wrong {i}")
    hugo = _user(app, "hugo")
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{hugo.id}").text)
    client.post(f"/admin/users/{hugo.id}/unlock", data={"csrf_token": token})
    assert _user(app, "hugo").locked_until is None
    client.post("/logout", data={"csrf_token": token})
    assert sign_in("hugo").status_code == 302


def test_it_rate_limits_the_login_form_with_a_clear_page(client, sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    statuses = [sign_in(f"someone{i}", "wrong password").status_code for i in range(25)]
    assert 429 in statuses
    limited = sign_in("amina")
    assert limited.status_code == 429
    assert "Too many attempts" in limited.text
    assert "Traceback" not in limited.text


def test_it_never_answers_a_500_to_ten_wrong_passwords(sign_in):
    codes = {sign_in("amina", "x" * n).status_code for n in range(1, 11)}
    assert codes <= {401, 429}


def test_it_rejects_an_oversized_password_without_an_error_page(sign_in):
    response = sign_in("amina", "p" * 100_000)
    assert response.status_code in (200, 401)


def test_it_starts_a_fresh_session_at_sign_in(client, sign_in):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in("amina")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(str(session["_user_id"].split(":")[0]))


def test_it_records_logins_and_failures_in_the_audit_trail(app, sign_in):
    sign_in("sara", "wrong password")
    sign_in("nobody", "wrong password")
    sign_in("sara")
    sara = _user(app, "sara")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        actions = [(e.action, e.actor_id) for e in events]
        assert ("login_failed", sara.id) in actions
        assert ("login", sara.id) in actions
        unknown = [e for e in events if e.action == "login_failed" and e.actor_id is None]
        assert unknown and all("nobody" not in str(e.details) for e in unknown)


def test_it_signs_out_and_the_old_session_no_longer_opens_pages(client, sign_in, form_token):
    sign_in("lea")
    client.post("/logout", data={"csrf_token": form_token()})
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_it_refuses_a_deactivated_account_with_the_generic_message(app, client, sign_in):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == "lea"))
        user.active = False
        db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = sign_in("lea")
    assert response.status_code == 401
    assert GENERIC in response.text


def _age_session(client, key, seconds):
    with client.session_transaction() as session:
        session[key] = int(FIXED_NOW.timestamp()) - seconds


def test_it_ends_a_session_idle_for_more_than_thirty_minutes(client, as_user):
    as_user("amina")
    assert client.get("/").status_code == 200
    _age_session(client, SEEN_AT, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert client.get("/").status_code == 302  # and the session is gone, not just redirected


def test_it_keeps_a_session_used_within_thirty_minutes(client, as_user):
    as_user("amina")
    _age_session(client, SEEN_AT, 29 * 60)
    assert client.get("/").status_code == 200


def test_it_ends_a_session_after_twelve_hours_even_when_active(client, as_user):
    as_user("amina")
    _age_session(client, AUTH_AT, 12 * 3600 + 60)
    assert client.get("/").status_code == 302


SAFE_NEXT = ["/admin/users", "/?tab=1"]
UNSAFE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "/\r\nSet-Cookie: x=1",
]


@pytest.mark.parametrize("target", SAFE_NEXT)
def test_it_follows_a_local_next_after_sign_in(client, target):
    page = client.get("/login", query_string={"next": target})
    response = client.post("/login", data={
        "login": "admin", "password": PERSONA_PASSWORD, "next": target,
        "csrf_token": csrf_token_from(page.text),
    })
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_it_ignores_a_foreign_next_after_sign_in(client, target):
    page = client.get("/login")
    response = client.post("/login", data={
        "login": "admin", "password": PERSONA_PASSWORD, "next": target,
        "csrf_token": csrf_token_from(page.text),
    })
    assert response.headers["Location"] == "/"


def test_it_sends_an_anonymous_visitor_to_sign_in_with_the_page_to_come_back_to(client):
    from urllib.parse import parse_qs, urlsplit

    response = client.get("/admin/users", query_string={"q": "Fatima Benali"})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    # Back to the page afterwards, but never with its query string (it may hold a name).
    assert parse_qs(location.query) == {"next": ["/admin/users"]}


def test_it_lets_users_change_their_own_password_and_closes_other_sessions(app, sign_in, client):
    other = app.test_client()
    page = other.get("/login")
    other.post("/login", data={"login": "yasmine", "password": PERSONA_PASSWORD,
                               "csrf_token": csrf_token_from(page.text)})
    assert other.get("/").status_code == 200

    sign_in("yasmine")
    form = client.get("/account/password")
    new = "a much longer new passphrase"
    response = client.post("/account/password", data={
        "current_password": PERSONA_PASSWORD, "new_password": new, "confirm": new,
        "csrf_token": csrf_token_from(form.text),
    })
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the other one is closed
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").text)})
    assert sign_in("yasmine", new).status_code == 302


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short", "at least 12 characters"),
        ("yasmine-is-my-password", "must not contain the login"),
        (PERSONA_PASSWORD, "must differ from the current one"),
    ],
)
def test_it_explains_why_a_new_password_is_refused(client, sign_in, new, message):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in("yasmine")
    form = client.get("/account/password")
    response = client.post("/account/password", data={
        "current_password": PERSONA_PASSWORD, "new_password": new, "confirm": new,
        "csrf_token": csrf_token_from(form.text),
    })
    assert response.status_code == 200
    assert message in response.text
