"""caseflow.crypto.secrets: seeds sealed under a key derived from the KEK, bound to their
place, readable after a KEK rotation and moved to the new version by reencrypt_secret."""

from __future__ import annotations

import pytest

from caseflow.crypto import DecryptionError, current_keystore, generate_keys
from caseflow.crypto.secrets import (
    decrypt_secret,
    encrypt_secret,
    reencrypt_secret,
    secret_kek_version,
)
from tests.support.app import make_app


@pytest.fixture
def own_keys_app(database_url, tmp_path):
    """An app with its own key directory, so that adding a KEK version touches no other test."""
    keys = tmp_path / "keys"
    generate_keys(keys)
    return make_app(database_url, keys)


def test_it_seals_and_opens_a_secret_bound_to_its_place(own_keys_app):
    with own_keys_app.app_context():
        sealed = encrypt_secret(b"JBSWY3DPEHPK3PXP", purpose="totp", context="user|1")
        assert b"JBSWY3DPEHPK3PXP" not in sealed
        assert decrypt_secret(sealed, purpose="totp", context="user|1") == b"JBSWY3DPEHPK3PXP"
        for purpose, context in (("totp", "user|2"), ("other", "user|1")):
            with pytest.raises(DecryptionError) as error:
                decrypt_secret(sealed, purpose=purpose, context=context)
            assert "JBSWY3DPEHPK3PXP" not in str(error.value)
        tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
        with pytest.raises(DecryptionError):
            decrypt_secret(tampered, purpose="totp", context="user|1")


def test_it_opens_old_secrets_after_a_rotation_and_moves_them_to_the_new_key(own_keys_app):
    with own_keys_app.app_context():
        sealed = encrypt_secret(b"seed", purpose="totp", context="user|1")
        assert secret_kek_version(sealed) == 1
        assert current_keystore().add_kek_version() == 2
        assert decrypt_secret(sealed, purpose="totp", context="user|1") == b"seed"
        moved = reencrypt_secret(sealed, purpose="totp", context="user|1")
        assert secret_kek_version(moved) == 2
        assert decrypt_secret(moved, purpose="totp", context="user|1") == b"seed"
        assert reencrypt_secret(moved, purpose="totp", context="user|1") == moved


def test_it_reseals_every_seed_after_a_rotation(app, own_keys_app, clock):
    from caseflow import totp
    from caseflow.extensions import db
    from caseflow.services.staff import two_factor
    from tests.support.records import user

    with own_keys_app.app_context():
        sara = user("sara")
        seed = two_factor.begin_enrolment(sara)
        two_factor.confirm_enrolment(sara, totp.code_for_step(seed, clock["step"]))
        current_keystore().add_kek_version()
        assert two_factor.seeds_by_kek_version() == {1: 1}
        assert two_factor.reseal_seeds() == 1
        assert two_factor.seeds_by_kek_version() == {2: 1}
        db.session.expire_all()
        clock["step"] += 1
        assert two_factor.verify_second_factor(
            user("sara"), totp.code_for_step(seed, clock["step"])) == two_factor.TOTP
