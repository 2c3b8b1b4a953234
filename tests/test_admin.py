"""Administration pages: administrators only; accounts and sites changed with audit and care."""

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.site import Site
from caseflow.models.user import User
from tests.support.web import PERSONA_LOGINS, csrf_token_from

ADMIN_GET_URLS = [
    "/admin/users",
    "/admin/users/new",
    "/admin/users/{user_id}",
    "/admin/sites",
    "/admin/sites/new",
    "/admin/sites/{site_id}",
]
ADMIN_POST_URLS = [
    "/admin/users/new",
    "/admin/users/{user_id}",
    "/admin/users/{user_id}/deactivate",
    "/admin/users/{user_id}/reactivate",
    "/admin/users/{user_id}/unlock",
    "/admin/users/{user_id}/reset-password",
    "/admin/sites/new",
    "/admin/sites/{site_id}",
]


@pytest.fixture
def ids(app):
    with app.app_context():
        return {
            "user_id": db.session.scalar(select(User.id).where(User.login == "hugo")),
            "site_id": db.session.scalar(select(Site.id).where(Site.code == "CAL")),
        }


def _expected(login):
    return 200 if login == "admin" else 403


@pytest.mark.parametrize("url", ADMIN_GET_URLS)
@pytest.mark.parametrize("login", PERSONA_LOGINS)
def test_it_opens_admin_pages_to_administrators_only(client, as_user, ids, login, url):
    as_user(login)
    assert client.get(url.format(**ids)).status_code == _expected(login)


@pytest.mark.parametrize("url", ADMIN_POST_URLS)
@pytest.mark.parametrize("login", [p for p in PERSONA_LOGINS if p != "admin"])
def test_it_refuses_admin_actions_to_everyone_else(app, client, as_user, form_token, ids,
                                                    login, url):
    as_user(login)
    before = _snapshot(app)
    response = client.post(url.format(**ids), data={"csrf_token": form_token()})
    assert response.status_code == 403
    assert _snapshot(app) == before


@pytest.mark.parametrize("url", ADMIN_GET_URLS)
def test_it_sends_anonymous_visitors_to_sign_in(client, ids, url):
    response = client.get(url.format(**ids))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def _snapshot(app):
    with app.app_context():
        users = db.session.execute(
            select(User.login, User.role, User.active, User.password_hash, User.version)
        ).all()
        sites = db.session.execute(select(Site.code, Site.name, Site.version)).all()
        return sorted(map(tuple, users)), sorted(map(tuple, sites))


def _user(app, login):
    with app.app_context():
        return db.session.scalar(select(User).where(User.login == login))


def _site_id(app, code):
    with app.app_context():
        return db.session.scalar(select(Site.id).where(Site.code == code))


def _new_user_form(**overrides):
    data = {"login": "ines", "display_name": "Inès Kaci", "role": "nurse", "discipline": "",
            "profession": "Infirmière", "rpps": "", "adeli": "", "language": "fr"}
    data.update(overrides)
    return data


def _approve_pending(app, login):
    """Claire approves the account's pending role grant (issue 14), through the service."""
    from caseflow.models.role_grant import RoleGrant
    from caseflow.services.staff import role_grants

    with app.app_context():
        account = db.session.scalar(select(User).where(User.login == login))
        grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == account.id,
                                                          RoleGrant.decision == "pending"))
        claire = db.session.scalar(select(User).where(User.login == "claire"))
        role_grants.approve(claire, grant)


def test_it_creates_an_account_with_a_password_shown_once(app, client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get("/admin/users/new")
    data = _new_user_form(csrf_token=csrf_token_from(form.text), site_ids=[_site_id(app, "CAL")])
    page = client.post("/admin/users/new", data=data)
    assert page.status_code == 200
    assert "shown only once" in page.text
    ines = _user(app, "ines")
    assert ines.must_change_password
    # A nurse's role waits for a coordinator (issue 14): no site, no sign-in until then.
    assert (ines.active, ines.sites) == (False, [])
    _approve_pending(app, "ines")
    ines = _user(app, "ines")
    assert ines.active and [s.code for s in ines.sites] == ["CAL"]
    assert ines.discipline.value == "medical"  # the role's default
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created"))
        assert event.object_id == str(ines.id)


def test_it_makes_a_new_user_choose_a_password_before_anything_else(app, client, as_user,
                                                                    sign_in):
    as_user("admin")
    form = client.get("/admin/users/new")
    page = client.post("/admin/users/new", data=_new_user_form(
        csrf_token=csrf_token_from(form.text), site_ids=[_site_id(app, "CAL")]))
    password = page.text.split('data-testid="temporary-password">')[1].split("<")[0]
    _approve_pending(app, "ines")
    client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})
    assert sign_in("ines", password).headers["Location"] == "/account/password"
    assert client.get("/").headers["Location"] == "/account/password"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("login", "amina", "This login is already taken."),
        ("rpps", "123", "An RPPS number has 11 digits."),
        ("login", "with space", "A login has letters"),
    ],
)
def test_it_explains_a_refused_account_and_keeps_what_was_typed(client, as_user, field, value,
                                                                message):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get("/admin/users/new")
    data = _new_user_form(csrf_token=csrf_token_from(form.text), **{field: value})
    page = client.post("/admin/users/new", data=data)
    assert page.status_code == 200
    assert message in page.text
    assert 'value="Inès Kaci"' in page.text


def test_it_changes_a_role_and_audits_which_fields_changed(app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    form = client.get(f"/admin/users/{hugo.id}")
    data = _new_user_form(login="hugo", display_name="Hugo Martin", role="midwife",
                          csrf_token=csrf_token_from(form.text), version=hugo.version,
                          site_ids=[_site_id(app, "CAL"), _site_id(app, "PAN")])
    response = client.post(f"/admin/users/{hugo.id}", data=data)
    assert response.status_code == 302
    assert _user(app, "hugo").role.value == "nurse"  # until a coordinator approves (issue 14)
    _approve_pending(app, "hugo")
    hugo_after = _user(app, "hugo")
    assert hugo_after.role.value == "midwife"
    assert sorted(s.code for s in hugo_after.sites) == ["CAL", "PAN"]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "role_grant_requested"))
        assert set(event.details["asked"]) >= {"role", "sites"}
        assert "midwife" not in str(event.details)


def test_it_refuses_a_stale_edit_and_keeps_the_typed_values_on_screen(app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get(f"/admin/users/{hugo.id}")
    token = csrf_token_from(form.text)
    first = _new_user_form(login="hugo", display_name="Hugo Martin-First", csrf_token=token,
                           version=hugo.version, site_ids=[_site_id(app, "CAL")])
    second = dict(first, display_name="Hugo Martin-Second")
    assert client.post(f"/admin/users/{hugo.id}", data=first).status_code == 302
    page = client.post(f"/admin/users/{hugo.id}", data=second)
    assert page.status_code == 200
    assert "Someone else changed this account" in page.text
    assert 'value="Hugo Martin-Second"' in page.text
    assert _user(app, "hugo").display_name == "Hugo Martin-First"


def test_it_does_not_call_a_sign_in_a_conflicting_edit(app, client, as_user, sign_in):
    hugo = _user(app, "hugo")
    other = app.test_client()
    page = other.get("/login")
    other.post("/login", data={"login": "hugo", "password": "correct horse battery staple",
                               "csrf_token": csrf_token_from(page.text)})
    as_user("admin")
    form = client.get(f"/admin/users/{hugo.id}")
    data = _new_user_form(login="hugo", display_name="Hugo M.", version=hugo.version,
                          csrf_token=csrf_token_from(form.text), site_ids=[_site_id(app, "CAL")])
    assert client.post(f"/admin/users/{hugo.id}", data=data).status_code == 302


def test_it_deactivates_an_account_and_ends_its_sessions(app, client, as_user):
    hugo = _user(app, "hugo")
    hugo_client = app.test_client()
    page = hugo_client.get("/login")
    hugo_client.post("/login", data={"login": "hugo", "password": "correct horse battery staple",
                                     "csrf_token": csrf_token_from(page.text)})
    assert hugo_client.get("/").status_code == 200
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{hugo.id}").text)
    client.post(f"/admin/users/{hugo.id}/deactivate", data={"csrf_token": token})
    assert _user(app, "hugo").active is False
    assert hugo_client.get("/").status_code == 302


def test_it_does_not_let_an_administrator_deactivate_themself(app, client, as_user):
    admin = _user(app, "admin")
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{admin.id}").text)
    client.post(f"/admin/users/{admin.id}/deactivate", data={"csrf_token": token})
    assert _user(app, "admin").active is True


def test_it_resets_a_password_and_the_old_one_stops_working(app, client, as_user, sign_in):
    """Hugo is a nurse: the new password works once a coordinator approves the reset
    (tests/test_reset_approval.py)."""
    hugo = _user(app, "hugo")
    as_user("admin")
    token = csrf_token_from(client.get(f"/admin/users/{hugo.id}").text)
    page = client.post(f"/admin/users/{hugo.id}/reset-password", data={"csrf_token": token})
    temporary = page.text.split('data-testid="temporary-password">')[1].split("<")[0]
    client.post("/logout", data={"csrf_token": token})
    assert sign_in("hugo").status_code == 401
    assert sign_in("hugo", temporary).status_code == 401  # until a coordinator approves
    as_user("claire")
    review = client.get("/audit/grants")
    grant_id = review.text.split('data-role-grant="')[1].split('"')[0]
    client.post(f"/audit/grants/{grant_id}/approve",
                data={"csrf_token": csrf_token_from(review.text)})
    client.post("/logout", data={"csrf_token": csrf_token_from(review.text)})
    assert sign_in("hugo", temporary).headers["Location"] == "/account/password"


def test_it_creates_and_edits_a_site(app, client, as_user):
    as_user("admin")
    form = client.get("/admin/sites/new")
    data = {"code": "lyo", "name": "Lyon", "country": "fr", "kind": "shelter",
            "timezone": "Europe/Paris", "organisation": "Programme", "address": "Lyon",
            "phone": "", "email": "", "active": "y", "csrf_token": csrf_token_from(form.text)}
    assert client.post("/admin/sites/new", data=data).status_code == 302
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.code == "LYO"))
        assert (site.name, site.country) == ("Lyon", "FR")
    form = client.get(f"/admin/sites/{site.id}")
    data.update(name="Lyon Centre", version=site.version, csrf_token=csrf_token_from(form.text))
    assert client.post(f"/admin/sites/{site.id}", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Site, site.id).name == "Lyon Centre"
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert {"site_created", "site_updated"} <= set(actions)


def test_it_refuses_a_duplicate_site_code(client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get("/admin/sites/new")
    data = {"code": "PAN", "name": "Pantin bis", "country": "FR", "kind": "shelter",
            "timezone": "Europe/Paris", "csrf_token": csrf_token_from(form.text)}
    page = client.post("/admin/sites/new", data=data)
    assert page.status_code == 200
    assert "Another site already has this code or name." in page.text


# --- Form of address on documents (issue 16) ---------------------------------------------------


def test_it_offers_the_form_of_address_on_documents_as_recorded(app, client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for login, recorded in (("amina", "feminine"), ("charlie", "masculine"),
                            ("admin", "inclusive")):
        page = client.get(f"/admin/users/{_user(app, login).id}").text
        select_ = page[page.index('name="form_of_address"'):]
        select_ = select_[:select_.index("</select>")]
        assert f'<option selected value="{recorded}">' in select_, login
        for offered in ("Feminine (« Je soussignée »)", "Masculine (« Je soussigné »)",
                        "Not stated (inclusive: « Je soussigné(e) »)"):
            assert offered in select_
    assert "Form of address on documents" in page


def test_it_saves_the_form_of_address_and_audits_the_field_not_its_value(app):
    import dataclasses

    from caseflow.services.staff.accounts import AccountFields, update_user

    with app.app_context():
        admin = db.session.scalar(select(User).where(User.login == "admin"))
        hugo = db.session.scalar(select(User).where(User.login == "hugo"))
        fields = AccountFields(
            login=hugo.login, display_name=hugo.display_name, role=hugo.role,
            discipline=hugo.discipline, profession=hugo.profession, rpps=hugo.rpps,
            adeli=hugo.adeli, language=hugo.language, site_ids=set(hugo.site_ids),
            form_of_address="feminine")
        update_user(admin, hugo, hugo.version, fields)
        assert db.session.get(User, hugo.id).form_of_address == "feminine"
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "user_updated").order_by(AuditEvent.seq)).all()[-1]
        assert event.details == {"changed": ["form_of_address"]}
        # Left out (None), the account keeps what it has.
        update_user(admin, hugo, hugo.version,
                    dataclasses.replace(fields, form_of_address=None))
        assert db.session.get(User, hugo.id).form_of_address == "feminine"


def test_it_gives_the_demo_personas_their_form_of_address(app):
    with app.app_context():
        recorded = {u.login: u.form_of_address.value for u in db.session.scalars(select(User))}
    assert {login for login, form in recorded.items() if form == "feminine"} >= {
        "amina", "yasmine", "sara", "lea", "claire", "nadia"}
    assert {login for login, form in recorded.items() if form == "masculine"} >= {
        "hugo", "charlie", "omar"}
    assert recorded["admin"] == "inclusive"


def test_it_saves_the_form_of_address_chosen_on_the_account_page(app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    form = client.get(f"/admin/users/{hugo.id}")
    data = _new_user_form(login="hugo", display_name="Hugo Martin", role="nurse",
                          csrf_token=csrf_token_from(form.text), version=hugo.version,
                          site_ids=[_site_id(app, "CAL")], form_of_address="feminine")
    assert client.post(f"/admin/users/{hugo.id}", data=data).status_code == 302
    assert _user(app, "hugo").form_of_address.value == "feminine"


# --- Profession on certificates and national licence number (issue 16) ------------------------


def test_it_offers_the_profession_and_the_licence_number_as_recorded(app, client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/admin/users/{_user(app, 'charlie').id}").text
    select_ = page[page.index('name="profession_code"'):]
    select_ = select_[:select_.index("</select>")]
    assert '<option selected value="doctor">' in select_
    for offered in ("General practitioner", "Clinical psychologist", "Nurse", "Midwife",
                    "Other: the text below, as typed"):
        assert offered in select_
    assert "National licence number (outside France)" in page
    assert 'value="LMS-2019-04417"' in page


def test_it_saves_the_profession_and_licence_and_audits_the_fields_not_their_values(
        app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    form = client.get(f"/admin/users/{hugo.id}")
    data = _new_user_form(login="hugo", display_name="Hugo Martin", role="nurse",
                          profession=hugo.profession, csrf_token=csrf_token_from(form.text),
                          version=hugo.version, site_ids=[_site_id(app, "CAL")],
                          form_of_address="masculine", language="",
                          profession_code="midwife", licence_number="LMS-2021-00731")
    assert client.post(f"/admin/users/{hugo.id}", data=data).status_code == 302
    saved = _user(app, "hugo")
    assert (saved.profession_code, saved.licence_number) == ("midwife", "LMS-2021-00731")
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "user_updated").order_by(AuditEvent.seq)).all()[-1]
    assert event.details == {"changed": ["profession_code", "licence_number"]}
    # Chosen "not chosen" and emptied, both are cleared.
    form = client.get(f"/admin/users/{hugo.id}")
    data.update(csrf_token=csrf_token_from(form.text), version=saved.version,
                profession_code="", licence_number="")
    assert client.post(f"/admin/users/{hugo.id}", data=data).status_code == 302
    saved = _user(app, "hugo")
    assert (saved.profession_code, saved.licence_number) == (None, None)


def test_it_asks_for_the_typed_profession_when_other_is_chosen(app, client, as_user):
    hugo = _user(app, "hugo")
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get(f"/admin/users/{hugo.id}")
    data = _new_user_form(login="hugo", display_name="Hugo Martin", role="nurse",
                          profession="", csrf_token=csrf_token_from(form.text),
                          version=hugo.version, site_ids=[_site_id(app, "CAL")],
                          form_of_address="masculine", profession_code="other")
    page = client.post(f"/admin/users/{hugo.id}", data=data)
    assert page.status_code == 200
    assert "Type the profession as it must be printed." in page.text
    assert _user(app, "hugo").profession_code == "nurse"


def test_it_gives_the_demo_signers_their_profession_and_the_tripoli_doctor_a_licence(app):
    with app.app_context():
        accounts = {u.login: u for u in db.session.scalars(select(User))}
    assert {login: accounts[login].profession_code for login in (
        "amina", "hugo", "yasmine", "claire", "charlie")} == {
        "amina": "general_practitioner", "hugo": "nurse", "yasmine": "clinical_psychologist",
        "claire": "doctor", "charlie": "doctor"}
    charlie = accounts["charlie"]
    assert (charlie.licence_number, charlie.rpps, charlie.adeli) == ("LMS-2019-04417", None,
                                                                      None)
