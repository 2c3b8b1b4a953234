"""Between the password and the code, the session cookie (signed, not encrypted: anyone who
holds it can read it) tells nothing that would help open the account."""

from __future__ import annotations

import base64
import json
import zlib

from tests.support.records import user
from tests.two_factor.conftest import code_now

COOKIE = "caseflow_session"


def readable_cookie(client) -> str:
    """What anyone holding the cookie reads in it, without the secret key."""
    value = client.get_cookie(COOKIE).value
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    text = (zlib.decompress(raw) if compressed else raw).decode()
    json.loads(text)  # it is the session, in clear
    return text


def test_it_keeps_the_session_token_out_of_the_pending_step_cookie(app, client, sign_in,
                                                                   enrol, enter_code, clock):
    seed, _ = enrol("amina")
    assert sign_in("amina").headers["Location"] == "/login/two-factor"
    with app.app_context():
        token = user("amina").session_token
    readable = readable_cookie(client)
    assert "_second_factor" in readable  # the pending step is there...
    assert token not in readable  # ...without the account's session token
    # The step still works.
    assert enter_code(code_now(seed, clock)).headers["Location"] == "/"
    assert token not in readable_cookie(client)  # nor once signed in


def test_it_voids_a_pending_step_when_the_password_is_reset_meanwhile(app, client, sign_in,
                                                                     enrol, enter_code, clock):
    from caseflow.services.staff.accounts import reset_password

    seed, _ = enrol("amina")
    sign_in("amina")
    with app.app_context():
        reset_password(user("admin"), user("amina"))
    answer = enter_code(code_now(seed, clock))
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert client.get("/").headers["Location"].startswith("/login")
