"""caseflow: one person's pathway across medical, psychological, social and legal care."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from caseflow.config import ConfigError, Defaults, finalise, from_environment


def create_app(
    test_config: dict[str, Any] | None = None, instance_path: str | None = None
) -> Flask:
    """Application factory (flaskr): defaults, instance/config.py, environment, test overrides."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(from_environment())
    else:
        app.config.update(test_config)
    try:
        finalise(app.config, app.instance_path)
    except ConfigError:
        # The flask command line must still reach 'init', the command that fixes this.
        if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
            raise
        app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or os.urandom(32).hex()
        _refuse_requests_until_configured(app)

    from caseflow import (
        access,
        commands,
        crypto,
        database,
        errors,
        http_security,
        i18n,
        sessions,
        sync,
    )
    from caseflow.extensions import babel, csrf, db, limiter, login_manager, migrate
    from caseflow.reports import late_writes

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=database.MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login_manager.init_app(app)
    crypto.init_app(app)
    access.init_app(app)
    sessions.init_app(app)
    http_security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    commands.init_app(app)
    sync.init_app(app)
    late_writes.install()

    from caseflow.blueprints import register_blueprints

    register_blueprints(app)
    return app


def _refuse_requests_until_configured(app: Flask) -> None:
    def refuse():  # pragma: no cover - exercised by the check-deploy tests of issue 9
        return ("caseflow is not configured: run 'flask --app caseflow init'.", 503)

    app.before_request(refuse)
