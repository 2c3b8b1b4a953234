"""Helpers of the care-team tests: the clock at FIXED_NOW (a Wednesday noon at every site)."""

from __future__ import annotations

import pytest

from tests.support.web import csrf_token_from


@pytest.fixture
def post_form(client):
    """post_form(page_path, action_path, data) → the response, with the page's CSRF token."""

    def _post(page: str, action: str, data: dict, **options):
        token = csrf_token_from(client.get(page).text)
        return client.post(action, data={"csrf_token": token, **data}, **options)

    return _post


@pytest.fixture
def ids(app):
    """ids.user('amina'), ids.site('PAN'): the personas' and sites' ids, read once."""
    from types import SimpleNamespace

    from sqlalchemy import select

    from caseflow.extensions import db
    from caseflow.models.site import Site
    from caseflow.models.user import User

    with app.app_context():
        users = {u.login: u.id for u in db.session.scalars(select(User))}
        sites = {s.code: s.id for s in db.session.scalars(select(Site))}
    return SimpleNamespace(user=users.__getitem__, site=sites.__getitem__)
