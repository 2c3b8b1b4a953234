"""A reset is a way into someone's account (issue 14): it waits for a medical coordinator.

Admin resets Dr Amina Diallo's password and the page shows her the temporary
password; without a second person she could sign in as Amina and read her
notes. So resetting the password or the two-factor sign-in of an account whose
role reads people leaves it switched off until a coordinator other than the
one who asked (and not the account itself) approves on /audit/grants. An
administrator's account is reset at once.
"""

from __future__ import annotations

from sqlalchemy import select

from caseflow import totp
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.role_grant import RoleGrant
from caseflow.models.user import User
from caseflow.services.staff import two_factor
from tests.support.web import csrf_token_from

ZOE_PASSWORD = "saffron kettle under the bridge"


def _user(app, login) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.login == login))


def _grants(app) -> list[RoleGrant]:
    with app.app_context():
        return list(db.session.scalars(select(RoleGrant).order_by(RoleGrant.requested_at)))


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                       .order_by(AuditEvent.seq)))


def _reset_password(client, account: User):
    token = csrf_token_from(client.get(f"/admin/users/{account.id}").text)
    return client.post(f"/admin/users/{account.id}/reset-password", data={"csrf_token": token})


def _temporary(page) -> str:
    return page.text.split('data-testid="temporary-password">')[1].split("<")[0]


def _decide(client, grant: RoleGrant, decision: str = "approve", follow_redirects=False):
    token = csrf_token_from(client.get("/audit/grants").text)
    return client.post(f"/audit/grants/{grant.id}/{decision}", data={"csrf_token": token},
                       follow_redirects=follow_redirects)


def _log_out(client):
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").text)})


def _enrol(app, login: str) -> None:
    with app.app_context():
        account = db.session.scalar(select(User).where(User.login == login))
        seed = two_factor.begin_enrolment(account)
        two_factor.confirm_enrolment(account, totp.code_for_step(seed, totp.current_step()))


def _second_coordinator(runner) -> None:
    """The operator's way in when the only coordinator is the one waiting: `flask create-user`."""
    result = runner.invoke(args=["create-user", "--login", "zoe", "--name", "Zoé Roux",
                                 "--role", "coordinator", "--discipline", "medical"],
                           input=f"{ZOE_PASSWORD}\n{ZOE_PASSWORD}\n")
    assert result.exit_code == 0, result.output


def test_it_does_not_let_admin_sign_in_as_amina_with_the_password_she_reset(
        app, client, as_user, sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    as_user("admin")
    page = _reset_password(client, _user(app, "amina"))

    assert page.status_code == 200
    assert "until a medical coordinator approves" in page.text
    temporary = _temporary(page)
    _log_out(client)
    assert sign_in("amina", temporary).status_code == 401
    assert sign_in("amina").status_code == 401  # nor with the old one
    [grant] = _grants(app)
    assert (grant.user_id, grant.decision, grant.activates) == (_user(app, "amina").id,
                                                                "pending", True)
    assert grant.requested_by_id == _user(app, "admin").id

    # "Reactivate" does not go around the coordinator either.
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{grant.user_id}").text)
    refused = client.post(f"/admin/users/{grant.user_id}/reactivate",
                          data={"csrf_token": token}, follow_redirects=True)
    assert "once a medical coordinator approves" in refused.text
    assert _user(app, "amina").active is False


def test_it_lets_amina_in_with_her_new_password_once_claire_approves(app, client, as_user,
                                                                      sign_in):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    as_user("admin")
    temporary = _temporary(_reset_password(client, _user(app, "amina")))
    [grant] = _grants(app)

    as_user("claire")
    review = client.get("/audit/grants")
    assert "Dr Amina Diallo" in review.text and "Password reset" in review.text
    assert _decide(client, grant).status_code == 302

    amina = _user(app, "amina")
    assert amina.active and amina.role.value == "doctor"  # her role and sites unchanged
    [approved] = _events(app, "role_grant_approved")
    assert (approved.actor_id, approved.object_id) == (_user(app, "claire").id, str(amina.id))
    _log_out(client)
    assert sign_in("amina", temporary).headers["Location"] == "/account/password"


def test_it_keeps_amina_switched_off_when_claire_refuses(app, client, as_user, sign_in):
    as_user("admin")
    temporary = _temporary(_reset_password(client, _user(app, "amina")))
    [grant] = _grants(app)
    as_user("claire")
    _decide(client, grant, "refuse")
    _log_out(client)
    assert sign_in("amina", temporary).status_code == 401
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{grant.user_id}").text)
    client.post(f"/admin/users/{grant.user_id}/reactivate", data={"csrf_token": token})
    assert _user(app, "amina").active is False


def test_it_keeps_amina_waiting_when_the_administrator_edits_her_role_meanwhile(
        app, client, as_user, sign_in):
    """Turning Amina into an administrator (a narrowing, applied at once) does not switch
    her account on: only the coordinator does."""
    amina = _user(app, "amina")
    as_user("admin")
    _reset_password(client, amina)
    page = client.get(f"/admin/users/{amina.id}")
    client.post(f"/admin/users/{amina.id}", data={
        "login": "amina", "display_name": amina.display_name, "role": "admin",
        "discipline": "", "profession": "", "rpps": "", "adeli": "", "language": "en",
        "site_ids": [], "version": _user(app, "amina").version,
        "csrf_token": csrf_token_from(page.text)})
    token = csrf_token_from(client.get(f"/admin/users/{amina.id}").text)
    client.post(f"/admin/users/{amina.id}/reactivate", data={"csrf_token": token})

    assert _user(app, "amina").active is False
    assert [g.decision for g in _grants(app)] == ["superseded", "pending"]


def test_it_still_resets_an_administrator_password_at_once(app, client, as_user, sign_in,
                                                           runner):
    result = runner.invoke(args=["create-user", "--login", "bastien", "--name", "Bastien Roy",
                                 "--role", "admin"], input="\n\n")
    assert result.exit_code == 0, result.output
    as_user("admin")
    temporary = _temporary(_reset_password(client, _user(app, "bastien")))
    _log_out(client)
    assert sign_in("bastien", temporary).headers["Location"] == "/account/password"
    assert _grants(app) == []


def test_it_keeps_claire_off_after_a_two_factor_reset_until_another_coordinator_approves(
        app, client, as_user, sign_in, runner):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    _enrol(app, "claire")
    claire = _user(app, "claire")
    as_user("admin")
    page = client.get(f"/admin/users/{claire.id}")
    done = client.post(f"/admin/users/{claire.id}/reset-two-factor",
                       data={"csrf_token": csrf_token_from(page.text)}, follow_redirects=True)

    assert "until a medical coordinator approves" in done.text
    assert not _user(app, "claire").two_factor_enabled
    assert _user(app, "claire").active is False
    _log_out(client)
    assert sign_in("claire").status_code == 401  # the password alone no longer opens it
    [grant] = _grants(app)

    # Claire is the only coordinator: the operator creates a second one on the server.
    _second_coordinator(runner)
    as_user("zoe")
    review = client.get("/audit/grants")
    assert "Two-factor sign-in reset" in review.text
    assert _decide(client, grant).status_code == 302
    assert _user(app, "claire").active
    [approved] = _events(app, "role_grant_approved")
    assert approved.actor_id == _user(app, "zoe").id
    _log_out(client)
    assert sign_in("claire").status_code == 302


def test_it_does_not_let_a_coordinator_approve_the_reset_she_is_concerned_by(
        app, client, as_user, runner):
    """Zoé's reset waits for Claire, not for Zoé herself."""
    _second_coordinator(runner)
    as_user("admin")
    _reset_password(client, _user(app, "zoe"))
    [grant] = _grants(app)
    # Zoé's account is off: even a session she opened before cannot approve.
    as_user("zoe")
    assert client.get("/audit/grants").status_code != 200
    assert _grants(app)[0].decision == "pending"
    as_user("claire")
    _decide(client, grant)
    assert _user(app, "zoe").active
