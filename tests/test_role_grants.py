"""Access an administrator could grant themself (issue 14): role and site grants.

Read each test as a sentence about the personas: "Admin cannot make herself a
coordinator", "a coordinator account Admin creates cannot sign in until Claire
approves it", "Hugo gets Pantin only when Claire approves it".
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.role_grant import RoleGrant
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.sessions import AUTH_AT
from tests.clock import FIXED_NOW
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _user(app, login) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.login == login))


def _site_ids(app, *codes) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Site.id).where(Site.code.in_(codes))))


def _all_site_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Site.id)))


def _grants(app) -> list[RoleGrant]:
    with app.app_context():
        return list(db.session.scalars(select(RoleGrant).order_by(RoleGrant.requested_at)))


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _age_sign_in(client, minutes: int) -> None:
    with client.session_transaction() as session:
        session[AUTH_AT] = int(FIXED_NOW.timestamp()) - minutes * 60


def _account_form(user: User | None, **changes) -> dict:
    data = {"login": user.login if user else "victor",
            "display_name": user.display_name if user else "Victor Lenoir",
            "role": str(user.role) if user else "coordinator",
            "discipline": str(user.discipline) if user and user.discipline else "",
            "profession": "", "rpps": "", "adeli": "", "language": "en",
            "site_ids": sorted(user.site_ids) if user else []}
    if user is not None:
        data["version"] = user.version
    data.update(changes)
    return data


def _edit(client, user: User, **changes):
    page = client.get(f"/admin/users/{user.id}")
    return client.post(f"/admin/users/{user.id}", data=_account_form(
        user, csrf_token=csrf_token_from(page.text), **changes))


def _create(client, **changes):
    page = client.get("/admin/users/new")
    return client.post("/admin/users/new", data=_account_form(
        None, csrf_token=csrf_token_from(page.text), **changes))


# --- An administrator and her own account --------------------------------------------------


def test_it_refuses_an_administrator_making_herself_a_coordinator(app, client, as_user):
    admin = _user(app, "admin")
    as_user("admin")

    page = _edit(client, admin, role="coordinator", discipline="medical",
                 site_ids=_all_site_ids(app))

    assert page.status_code == 200
    assert "You cannot change your own role, discipline or sites" in page.text
    after = _user(app, "admin")
    assert (after.role.value, after.site_ids) == ("admin", set())
    assert _grants(app) == []
    assert client.get("/audit/").status_code == 403  # still no audit trail for her


def test_it_still_lets_an_administrator_correct_her_own_name(app, client, as_user):
    as_user("admin")
    response = _edit(client, _user(app, "admin"), display_name="Admin Programme")
    assert response.status_code == 302
    assert _user(app, "admin").display_name == "Admin Programme"


# --- Creating an account with a clinical, coordinator or data-manager role -------------------


def test_it_does_not_hand_over_a_working_coordinator_account_before_approval(app, client,
                                                                             as_user, sign_in):
    as_user("admin")
    page = _create(client, site_ids=_all_site_ids(app))

    assert page.status_code == 200
    assert "until a medical coordinator approves" in page.text
    password = page.text.split('data-testid="temporary-password">')[1].split("<")[0]
    victor = _user(app, "victor")
    assert victor.active is False and victor.site_ids == set()
    [grant] = _grants(app)
    assert (grant.role.value, grant.decision, grant.user_id) == ("coordinator", "pending",
                                                                 victor.id)
    client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})
    assert sign_in("victor", password).status_code == 401  # the password opens nothing yet

    # Reactivating the account by hand does not go around the approval either.
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{victor.id}").text)
    client.post(f"/admin/users/{victor.id}/reactivate", data={"csrf_token": token})
    assert _user(app, "victor").active is False


def test_it_activates_a_new_coordinator_account_when_claire_approves_it(app, client, as_user,
                                                                         sign_in):
    as_user("admin")
    page = _create(client, site_ids=_site_ids(app, "PAN"))
    password = page.text.split('data-testid="temporary-password">')[1].split("<")[0]
    [grant] = _grants(app)

    as_user("claire")
    review = client.get("/audit/grants")
    assert review.status_code == 200 and "Victor Lenoir" in review.text
    response = client.post(f"/audit/grants/{grant.id}/approve",
                           data={"csrf_token": csrf_token_from(review.text)})
    assert response.status_code == 302

    victor = _user(app, "victor")
    assert victor.active and victor.role.value == "coordinator"
    assert victor.site_ids == set(_site_ids(app, "PAN"))
    assert _grants(app)[0].decision == "approved"
    assert _grants(app)[0].decided_by_id == _user(app, "claire").id
    assert "role_grant_approved" in _actions(app)
    client.post("/logout", data={"csrf_token": csrf_token_from(review.text)})
    assert sign_in("victor", password).headers["Location"] == "/account/password"


def test_it_asks_the_administrator_to_confirm_her_identity_before_creating_an_account(
        app, client, as_user):
    as_user("admin")
    _age_sign_in(client, 10)
    response = client.get("/admin/users/new")
    assert response.status_code == 303
    assert response.headers["Location"] == "/reauth?next=/admin/users/new"
    assert _user(app, "victor") is None


# --- Changing an account: widening waits for a coordinator, narrowing is immediate ---------


def test_it_gives_hugo_pantin_only_when_a_coordinator_approves(app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    response = _edit(client, hugo, site_ids=_site_ids(app, "CAL", "PAN"))
    assert response.status_code == 302
    assert _user(app, "hugo").site_ids == set(_site_ids(app, "CAL"))  # not yet
    assert "awaits the approval of a medical coordinator" in client.get(
        response.headers["Location"]).text

    [grant] = _grants(app)
    as_user("claire")
    token = csrf_token_from(client.get("/audit/grants").text)
    client.post(f"/audit/grants/{grant.id}/approve", data={"csrf_token": token})
    assert _user(app, "hugo").site_ids == set(_site_ids(app, "CAL", "PAN"))


def test_it_keeps_the_previous_role_when_a_coordinator_refuses(app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    _edit(client, hugo, role="coordinator")
    [grant] = _grants(app)
    as_user("claire")
    token = csrf_token_from(client.get("/audit/grants").text)
    response = client.post(f"/audit/grants/{grant.id}/refuse", data={"csrf_token": token})
    assert response.status_code == 302
    assert _user(app, "hugo").role.value == "nurse"
    assert _grants(app)[0].decision == "refused"
    assert "role_grant_refused" in _actions(app)


def test_it_asks_the_administrator_to_confirm_her_identity_before_widening_an_account(
        app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    _age_sign_in(client, 10)
    response = _edit(client, hugo, role="coordinator")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reauth?next=/admin/users/{hugo.id}"
    assert _grants(app) == []


def test_it_removes_a_site_at_once(app, client, as_user):
    sara = _user(app, "sara")
    as_user("admin")
    _age_sign_in(client, 10)  # narrowing needs no confirmation of identity
    response = _edit(client, sara, site_ids=_site_ids(app, "CAL"))
    assert response.status_code == 302
    assert _user(app, "sara").site_ids == set(_site_ids(app, "CAL"))
    assert _grants(app) == []


def test_it_asks_claire_to_confirm_her_identity_before_approving(app, client, as_user):
    as_user("admin")
    _edit(client, _user(app, "hugo"), role="coordinator")
    [grant] = _grants(app)
    as_user("claire")
    token = csrf_token_from(client.get("/audit/grants").text)
    _age_sign_in(client, 10)
    response = client.post(f"/audit/grants/{grant.id}/approve", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/reauth?next=/audit/grants"
    assert _grants(app)[0].decision == "pending"
    assert _user(app, "hugo").role.value == "nurse"


def test_it_does_not_let_a_coordinator_approve_a_change_of_her_own_account(app, client,
                                                                           as_user):
    as_user("admin")
    _edit(client, _user(app, "claire"), discipline="mental_health")
    [grant] = _grants(app)
    as_user("claire")
    page = client.get("/audit/grants")
    response = client.post(f"/audit/grants/{grant.id}/approve",
                           data={"csrf_token": csrf_token_from(page.text)}, follow_redirects=True)
    assert "approved by another coordinator" in response.text
    assert _grants(app)[0].decision == "pending"
    assert _user(app, "claire").discipline.value == "medical"


def test_it_shows_the_grants_to_coordinators_only(client, as_user):
    for login in ("admin", "amina", "omar"):
        as_user(login)
        assert client.get("/audit/grants").status_code == 403


def test_it_lets_the_operator_create_a_coordinator_from_the_server(app, runner):
    """`flask create-user` runs on the server, by whoever already holds its keys and database:
    no approval to wait for (the first coordinator could not be approved by anyone)."""
    result = runner.invoke(args=["create-user", "--login", "zoe", "--name", "Zoé Roux",
                                 "--role", "coordinator", "--site", "PAN"], input="\n\n")
    assert result.exit_code == 0, result.output
    zoe = _user(app, "zoe")
    assert zoe.active and zoe.role.value == "coordinator"
    assert _grants(app) == []
