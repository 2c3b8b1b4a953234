"""`flask --app caseflow check-deploy`: the deployment checks of caseflow/deploy_check.py."""

from __future__ import annotations

import textwrap

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from caseflow.deploy_check import CHECKS, ERROR, deployment_of, run_checks


def register(app: Flask) -> None:
    app.cli.add_command(check_deploy_command)


@click.command("check-deploy")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="gunicorn workers you will run (else WEB_CONCURRENCY / GUNICORN_CMD_ARGS).")
@with_appcontext
def check_deploy_command(workers: int | None) -> None:
    """Check the configuration for unsafe settings; exit 1 if any is an error."""
    deployment = deployment_of(current_app._get_current_object(), workers=workers)
    findings = run_checks(deployment)
    where = deployment.sqlite_file or deployment.backend
    click.echo(f"Checking caseflow: instance {deployment.instance_path}, database {where}.")
    for finding in findings:
        click.echo(f"{finding.severity.upper():7} {finding.code}: {finding.summary}")
        why, _, fix = finding.explanation.partition(" Fix: ")
        for text in (why, f"Fix: {fix}" if fix else ""):
            if text:
                click.echo(textwrap.fill(text, width=96, initial_indent=" " * 8,
                                         subsequent_indent=" " * 8, break_long_words=False,
                                         break_on_hyphens=False))
    errors = sum(f.severity == ERROR for f in findings)
    if not findings:
        click.echo(f"No unsafe setting found ({len(CHECKS)} checks).")
        return
    counts = f"{errors} error(s), {len(findings) - errors} warning(s)"
    click.echo(f"{counts}: fix the errors before opening caseflow." if errors
               else f"{counts}: nothing blocks opening caseflow; read the warnings.")
    if errors:
        click.get_current_context().exit(1)
