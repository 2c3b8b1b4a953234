"""Signing in with two-factor: the code after the password, no session in between, wrong and
reused codes refused and counted toward the lock, recovery codes that work once."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.recovery_code import RecoveryCode
from tests.support.records import user
from tests.support.web import csrf_token_from
from tests.two_factor.conftest import actions, code_now, events


def test_it_asks_for_the_code_after_the_password_and_signs_in_only_then(
    app, client, sign_in, enrol, enter_code, clock
):
    seed, _ = enrol("amina")

    first = sign_in("amina")
    assert first.status_code == 302
    assert first.headers["Location"] == "/login/two-factor"
    # Between the two steps, nothing is open.
    assert client.get("/people/").headers["Location"].startswith("/login")
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert "login" not in actions(app)

    done = enter_code(code_now(seed, clock))
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Dr Amina Diallo" in client.get("/").text
    login = events(app, "login")
    assert len(login) == 1 and login[0].details == {"second_factor": "totp"}
    assert code_now(seed, clock) not in str([e.details for e in events(app, "login")])


def test_it_keeps_the_page_asked_for_across_both_steps(client, enrol, enter_code, clock):
    seed, _ = enrol("amina")
    page = client.get("/login?next=/certificates/")
    client.post("/login", data={"login": "amina", "password": "correct horse battery staple",
                                "next": "/certificates/",
                                "csrf_token": csrf_token_from(page.text)})
    assert enter_code(code_now(seed, clock)).headers["Location"] == "/certificates/"


def test_it_refuses_a_wrong_code_and_locks_after_five(app, client, sign_in, enrol, enter_code,
                                                     clock):
    seed, _ = enrol("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    right = code_now(seed, clock)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)

    sign_in("amina")
    answers = [enter_code(wrong) for _ in range(4)]
    assert all(a.status_code == 401 for a in answers)
    assert "This code is not right, or was already used." in answers[0].text
    fifth = enter_code(wrong)
    assert fifth.status_code == 401 and "locked for 15 minutes" in fifth.text
    # Locked: the password is refused now, and so would be the right code.
    assert sign_in("amina").status_code == 401
    with app.app_context():
        assert user("amina").locked_until is not None
    reasons = [e.details["reason"] for e in events(app, "login_failed")]
    assert reasons.count("wrong code") == 5
    assert "account_locked" in actions(app)


def test_it_does_not_reset_the_count_of_wrong_codes_when_the_password_is_typed_again(
    app, client, sign_in, enrol, enter_code, clock
):
    seed, _ = enrol("amina")
    wrong = str((int(code_now(seed, clock)) + 1) % 1_000_000).zfill(6)
    for _ in range(2):
        sign_in("amina")
        enter_code(wrong)
        enter_code(wrong)
    sign_in("amina")
    assert enter_code(wrong).status_code == 401
    with app.app_context():
        assert user("amina").locked_until is not None


def test_it_refuses_a_code_used_once_already(app, client, sign_in, enrol, enter_code, clock,
                                            form_token):
    seed, _ = enrol("amina")
    code = code_now(seed, clock)
    sign_in("amina")
    assert enter_code(code).headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": form_token()})

    sign_in("amina")
    assert enter_code(code).status_code == 401  # seen over a shoulder: useless now
    clock["step"] += 1
    assert enter_code(code_now(seed, clock)).status_code == 302


def test_it_refuses_the_previous_step_after_a_later_one_was_used(client, sign_in, enrol,
                                                                enter_code, clock, form_token):
    seed, _ = enrol("amina")
    earlier = code_now(seed, clock)
    clock["step"] += 1
    sign_in("amina")
    assert enter_code(code_now(seed, clock)).status_code == 302
    client.post("/logout", data={"csrf_token": form_token()})
    sign_in("amina")
    assert enter_code(earlier).status_code == 401  # still within ±30 s, but older


def test_it_accepts_a_recovery_code_once(app, client, sign_in, enrol, enter_code, form_token):
    _, codes = enrol("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in("amina")
    done = enter_code(codes[3].upper().replace("-", " "), follow_redirects=True)
    assert done.status_code == 200
    assert "You signed in with a recovery code" in done.text and "9 left" in done.text
    used = events(app, "recovery_code_used")
    assert len(used) == 1 and used[0].details == {"remaining": 9}
    assert events(app, "login")[-1].details == {"second_factor": "recovery_code"}
    client.post("/logout", data={"csrf_token": form_token()})

    sign_in("amina")
    assert enter_code(codes[3]).status_code == 401  # burnt
    with app.app_context():
        amina = user("amina")
        burnt = db.session.scalars(select(RecoveryCode).where(
            RecoveryCode.user_id == amina.id, RecoveryCode.used_at.is_not(None))).all()
        assert len(burnt) == 1
    assert enter_code(codes[4]).status_code == 302


def test_it_sends_back_to_the_password_when_the_step_has_expired(client, sign_in, enrol, clock):
    seed, _ = enrol("amina")
    sign_in("amina")
    token = csrf_token_from(client.get("/login/two-factor").text)
    with client.session_transaction() as session:
        pending = dict(session["_second_factor"])
        pending["at"] -= 6 * 60
        session["_second_factor"] = pending
    answer = client.post("/login/two-factor",
                         data={"code": code_now(seed, clock), "csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert client.get("/").headers["Location"].startswith("/login")


def test_it_voids_the_second_step_when_the_account_was_reset_meanwhile(
    app, client, sign_in, enrol, enter_code, clock
):
    seed, _ = enrol("amina")
    sign_in("amina")
    with app.app_context():
        from caseflow.services.staff.accounts import reset_password

        reset_password(user("admin"), user("amina"))
    answer = enter_code(code_now(seed, clock))
    assert answer.headers["Location"] == "/login"


def test_it_keeps_password_only_sign_in_for_accounts_without_two_factor(sign_in):
    assert sign_in("hugo").headers["Location"] == "/"
