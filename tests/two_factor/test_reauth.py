"""Re-authentication before actions that cannot be taken back: issuing a certificate, merging
two records, resetting someone's two-factor, attaching a new phone."""

from __future__ import annotations

from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.models.person import Person
from caseflow.services.documents import certificates
from tests.support.certificates import asked, draft_input
from tests.support.records import person, user
from tests.support.web import PERSONA_PASSWORD, csrf_token_from
from tests.two_factor.conftest import age_sign_in, code_now, events


def _draft(app, person_id) -> str:
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(person_id),
                                          draft_input("minority_recourse"), asked())
        return str(draft.id)


def _serial(app, certificate_id):
    import uuid

    with app.app_context():
        return db.session.get(Certificate, uuid.UUID(certificate_id)).serial


def _issue(client, certificate_id):
    page = client.get(f"/certificates/{certificate_id}")
    return client.post(f"/certificates/{certificate_id}/issue", data={
        "csrf_token": csrf_token_from(page.text), "version": "1", "confirm": "y",
        # The sample text mentions a BMI and teeth: the author keeps them (issue 16's warning).
        "keep_age_proxies": "y"})


def _reauth(client, target, **data):
    page = client.get(f"/reauth?next={target}")
    assert page.status_code == 200
    return client.post(f"/reauth?next={target}",
                       data={"csrf_token": csrf_token_from(page.text), **data})


def test_it_asks_to_reauthenticate_before_issuing_a_certificate(app, client, as_user, awa):
    cid = _draft(app, awa)
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    age_sign_in(client, 10)

    refused = _issue(client, cid)

    assert refused.status_code == 303
    assert refused.headers["Location"] == f"/reauth?next=/certificates/{cid}"
    assert _serial(app, cid) is None  # nothing issued

    wrong = _reauth(client, f"/certificates/{cid}", password="not her password")
    assert wrong.status_code == 401 and "The password is not correct." in wrong.text
    assert _serial(app, cid) is None
    confirmed = _reauth(client, f"/certificates/{cid}", password=PERSONA_PASSWORD)
    assert confirmed.status_code == 303
    assert confirmed.headers["Location"] == f"/certificates/{cid}"  # the form's page
    page = client.get(f"/certificates/{cid}")
    # The confirmation given before the check is kept; one button resumes the issue.
    assert "Identity confirmed." in page.text and 'id="issue-resume"' in page.text
    assert _serial(app, cid) is None  # a POST is never replayed on its own

    issued = _issue(client, cid)
    assert issued.status_code == 303 and _serial(app, cid) is not None
    assert [e.details for e in events(app, "reauth_failed")] == [{"reason": "wrong password"}]
    assert len(events(app, "reauthenticated")) == 1


def test_it_issues_without_asking_again_just_after_sign_in(app, client, sign_in, awa):
    cid = _draft(app, awa)
    sign_in("amina")
    assert _issue(client, cid).headers["Location"] == f"/certificates/{cid}"
    assert _serial(app, cid) is not None


def test_it_asks_for_the_code_too_when_two_factor_is_on(app, client, as_user, awa, enrol,
                                                       clock):
    seed, _ = enrol("amina")
    cid = _draft(app, awa)
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    age_sign_in(client, 6)
    assert _issue(client, cid).status_code == 303

    without_code = _reauth(client, f"/certificates/{cid}", password=PERSONA_PASSWORD)
    assert without_code.status_code == 200  # the code field is required: asked again
    assert 'name="code"' in without_code.text
    wrong = _reauth(client, f"/certificates/{cid}", password=PERSONA_PASSWORD, code="000000"
                    if code_now(seed, clock) != "000000" else "111111")
    assert wrong.status_code == 401
    assert "The password or the code is not correct." in wrong.text
    done = _reauth(client, f"/certificates/{cid}", password=PERSONA_PASSWORD,
                   code=code_now(seed, clock))
    assert done.status_code == 303
    assert _issue(client, cid).status_code == 303 and _serial(app, cid) is not None
    assert events(app, "reauthenticated")[-1].details == {"second_factor": "totp"}


def test_it_counts_failed_reauthentications_toward_the_lock(app, client, as_user):
    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    answers = [_reauth(client, "/", password=f"guess {i}") for i in range(5)]
    assert "locked for 15 minutes" in answers[-1].text
    with app.app_context():
        assert user("hugo").locked_until is not None
    assert _reauth(client, "/", password=PERSONA_PASSWORD).status_code == 401


def test_it_asks_to_reauthenticate_before_a_merge(app, client, as_user, register, enrol):
    enrol("claire")
    first = register("hugo", "CAL", "Tesfaye", "Selam", born=2009)
    second = register("amina", "PAN", "Tesfay", "Salam", born=2009)
    as_user("claire")
    age_sign_in(client, 10)
    url = f"/people/{first}/merge/{second}"

    opened = client.get(url)
    assert opened.status_code == 303 and opened.headers["Location"] == f"/reauth?next={url}"
    token = csrf_token_from(client.get("/reauth").text)
    posted = client.post(url, data={"reason": "same girl", "csrf_token": token})
    assert posted.status_code == 303 and posted.headers["Location"] == f"/reauth?next={url}"
    with app.app_context():
        assert db.session.get(Person, person(second).id) is not None  # not merged


def test_it_asks_to_reauthenticate_before_resetting_someones_two_factor(app, client, as_user,
                                                                       enrol):
    enrol("amina")
    enrol("admin")
    with app.app_context():
        amina_id = user("amina").id
    as_user("admin")
    page = client.get(f"/admin/users/{amina_id}")
    age_sign_in(client, 10)
    answer = client.post(f"/admin/users/{amina_id}/reset-two-factor",
                         data={"csrf_token": csrf_token_from(page.text)})
    assert answer.headers["Location"] == f"/reauth?next=/admin/users/{amina_id}"
    with app.app_context():
        assert user("amina").two_factor_enabled


def test_it_asks_to_reauthenticate_before_attaching_a_phone_to_an_old_session(client, as_user):
    as_user("hugo")
    age_sign_in(client, 30)
    answer = client.get("/account/two-factor")
    assert answer.headers["Location"] == "/reauth?next=/account/two-factor"
    assert 'data-testid="two-factor-key"' not in client.get("/account/two-factor").text


def test_it_only_goes_back_to_a_local_page(client, as_user):
    as_user("hugo")
    answer = _reauth(client, "https://evil.example/", password=PERSONA_PASSWORD)
    assert answer.headers["Location"] == "/"


def test_it_does_not_count_a_password_change_as_a_re_authentication(app, client, as_user,
                                                                    awa):
    """A password change asks no second factor: it must not open five minutes of
    sensitive actions either."""
    cid = _draft(app, awa)
    as_user("amina")
    age_sign_in(client, 10)
    page = client.get("/account/password")
    changed = client.post("/account/password", data={
        "csrf_token": csrf_token_from(page.text), "current_password": PERSONA_PASSWORD,
        "new_password": "a brand new long passphrase 2026",
        "confirm": "a brand new long passphrase 2026"})
    assert changed.status_code == 302
    refused = _issue(client, cid)
    assert refused.status_code == 303 and refused.headers["Location"].startswith("/reauth")
    assert _serial(app, cid) is None
