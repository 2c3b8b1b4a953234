"""Setting up two-factor: QR code and key, a first code from a real TOTP app, recovery codes
shown once, the seed sealed in the database; turning it off with password and code."""

from __future__ import annotations

import pyotp
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.recovery_code import RecoveryCode
from tests.support.records import user
from tests.support.web import PERSONA_PASSWORD, csrf_token_from
from tests.two_factor.conftest import actions, code_now, recovery_codes_on_page, seed_on_page


def test_it_enrols_with_a_real_authenticator_code_and_shows_recovery_codes_once(
    app, client, as_user
):
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="qr"' in page.text  # inline: the CSP allows it
    seed = seed_on_page(page.text)
    assert client.get("/account/two-factor").text.count(seed[:4]) >= 1  # same seed on reload
    assert seed_on_page(client.get("/account/two-factor").text) == seed

    done = client.post("/account/two-factor", data={
        "code": pyotp.TOTP(seed).now(), "csrf_token": csrf_token_from(page.text)})

    assert done.status_code == 200
    codes = recovery_codes_on_page(done.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    with app.app_context():
        amina = user("amina")
        assert amina.two_factor_enabled
        hashes = db.session.scalars(select(RecoveryCode.code_hash)
                                    .where(RecoveryCode.user_id == amina.id)).all()
        assert len(hashes) == 10
        assert all(h.startswith("$argon2id$") for h in hashes)
        assert not any(c.replace("-", "") in h for c in codes for h in hashes)
    assert "two_factor_enabled" in actions(app)
    # Shown once: the page now says two-factor is on, and shows no code.
    again = client.get("/account/two-factor")
    assert 'data-two-factor="on"' in again.text
    assert not any(c in again.text for c in codes)
    assert seed not in again.text
    assert 'data-testid="recovery-codes-left">10<' in again.text


def test_it_refuses_a_wrong_first_code_and_keeps_the_seed_being_set_up(app, client, as_user):
    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/account/two-factor")
    seed = seed_on_page(page.text)
    wrong = str((int(pyotp.TOTP(seed).now()) + 500_000) % 1_000_000).zfill(6)

    refused = client.post("/account/two-factor", data={
        "code": wrong, "csrf_token": csrf_token_from(page.text)})

    assert refused.status_code == 200
    assert "This is not the code your app shows." in refused.text
    assert seed_on_page(refused.text) == seed
    with app.app_context():
        assert not user("hugo").two_factor_enabled
    assert "two_factor_failed" in actions(app)


def test_it_never_stores_the_seed_in_clear(app, enrol):
    seed, codes = enrol("sara")
    with app.app_context():
        sara = user("sara")
        raw = db.session.execute(text("SELECT totp_secret FROM user_account WHERE id = :id"),
                                 {"id": sara.id}).scalar_one()
        dump = " ".join(str(row) for row in db.session.execute(
            text("SELECT * FROM user_account WHERE id = :id"), {"id": sara.id}))
        codes_dump = " ".join(str(row) for row in db.session.execute(
            text("SELECT * FROM recovery_code")))
    raw = bytes(raw)
    assert seed.encode() not in raw and seed not in dump
    assert raw[0] == 1 and len(raw) > len(seed) + 16
    assert not any(c in codes_dump or c.replace("-", "") in codes_dump for c in codes)


def test_it_binds_the_sealed_seed_to_its_account(app, enrol):
    from caseflow.crypto import DecryptionError
    from caseflow.services.staff import two_factor

    enrol("sara")
    with app.app_context():
        sara, lea = user("sara"), user("lea")
        lea.totp_secret = sara.totp_secret  # copied by someone with database access
        lea.totp_enabled_at = sara.totp_enabled_at
        db.session.commit()
        try:
            two_factor._seed(lea)
        except DecryptionError as error:
            assert "sara" not in str(error)
        else:
            raise AssertionError("a seed copied to another account opened")
        assert two_factor.verify_second_factor(lea, "123456") is None


def test_it_turns_two_factor_off_with_the_password_and_a_code(app, client, as_user, enrol,
                                                              clock):
    seed, _ = enrol("amina")
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/account/two-factor")
    token = csrf_token_from(page.text)

    wrong = client.post("/account/two-factor/disable", data={
        "password": "not the password", "code": code_now(seed, clock), "csrf_token": token})
    assert wrong.status_code == 400
    assert "The password or the code is not correct." in wrong.text
    with app.app_context():
        assert user("amina").two_factor_enabled

    done = client.post("/account/two-factor/disable", data={
        "password": PERSONA_PASSWORD, "code": code_now(seed, clock), "csrf_token": token})
    assert done.status_code == 302
    with app.app_context():
        amina = user("amina")
        assert not amina.two_factor_enabled and amina.totp_secret is None
        assert db.session.scalar(select(RecoveryCode.id)
                                 .where(RecoveryCode.user_id == amina.id)) is None
    assert "two_factor_disabled" in actions(app)
    assert 'data-two-factor="setup"' in client.get("/account/two-factor").text
