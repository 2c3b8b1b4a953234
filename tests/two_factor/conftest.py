"""Two-factor tests run with the production requirement (coordinators and administrators),
a controllable TOTP clock, and helpers that sign in through the real pages."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from caseflow import totp
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.user import User
from caseflow.services.staff import two_factor
from caseflow.sessions import AUTH_AT
from tests.support.web import csrf_token_from


@pytest.fixture
def app_config() -> dict:
    return {"TWO_FACTOR_REQUIRED_ROLES": ("coordinator", "admin")}


@pytest.fixture
def clock(monkeypatch) -> dict:
    """The TOTP time step caseflow sees: tests move it on instead of waiting 30 seconds."""
    state = {"step": totp.current_step()}
    monkeypatch.setattr(totp, "current_step", lambda now=None: state["step"])
    return state


def user(login: str) -> User:
    return db.session.scalar(select(User).where(User.login == login))


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def enrol(app, clock):
    """Turn two-factor on for a persona through the services; returns (seed, recovery codes).

    The clock then moves one step on, as if the person signed in a little later."""

    def _enrol(login: str) -> tuple[str, list[str]]:
        with app.app_context():
            account = user(login)
            seed = two_factor.begin_enrolment(account)
            codes = two_factor.confirm_enrolment(account, totp.code_for_step(seed, clock["step"]))
        clock["step"] += 1
        return seed, codes

    return _enrol


def code_now(seed: str, clock: dict) -> str:
    return totp.code_for_step(seed, clock["step"])


@pytest.fixture
def enter_code(client):
    """Post a code on the second step of sign-in, the way the page does."""

    def _enter(code: str, follow_redirects=False):
        page = client.get("/login/two-factor")
        return client.post("/login/two-factor",
                           data={"code": code, "csrf_token": csrf_token_from(page.text)},
                           follow_redirects=follow_redirects)

    return _enter


def age_sign_in(client, minutes: int) -> None:
    """As if the session had signed in `minutes` ago (and never re-authenticated)."""
    with client.session_transaction() as session:
        session[AUTH_AT] = int(time.time()) - minutes * 60


def seed_on_page(html: str) -> str:
    match = re.search(r'data-testid="two-factor-key">([A-Z2-7 ]+)<', html)
    assert match, "no key on the set-up page"
    return match.group(1).replace(" ", "")


def recovery_codes_on_page(html: str) -> list[str]:
    block = html.split('data-testid="recovery-codes">')[1].split("</ul>")[0]
    return re.findall(r">([a-z2-9]{5}-[a-z2-9]{5})<", block)
