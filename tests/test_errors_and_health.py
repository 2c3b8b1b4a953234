"""Error pages in both languages with nothing internal in them; the health check."""

import logging

import pytest
from sqlalchemy import text

from caseflow.extensions import db
from tests.support.app import make_app


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Page introuvable"), ("en", "Page not found")]
)
def test_it_shows_a_translated_404_page(client, as_user, language, title):
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert title in page.text
    assert f'<html lang="{language}">' in page.text


def test_it_shows_a_403_page_without_detail(client, as_user):
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/admin/users")
    assert page.status_code == 403
    assert "You do not have access to this page." in page.text


def test_it_hides_the_cause_of_a_500_from_the_page_and_the_log(app, client, as_user, caplog):
    secret = "Fatima Zahra Benali born 2008-03-04"

    @app.route("/boom")
    def boom():
        raise RuntimeError(secret)

    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with caplog.at_level(logging.DEBUG):
        page = client.get("/boom")
    assert page.status_code == 500
    assert "Something went wrong" in page.text
    assert secret not in page.text and "Traceback" not in page.text
    assert "RuntimeError" in caplog.text  # the operator still learns where it failed
    assert secret not in caplog.text


def test_it_says_healthy_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_it_says_unavailable_when_the_database_does_not_answer(tmp_path, keys_dir):
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/nothing.sqlite", keys_dir)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_it_reaches_the_database_it_was_given(app, backend):
    with app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        assert db.engine.dialect.name == backend
