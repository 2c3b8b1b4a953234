"""`flask export-indicators`: the month's suppressed figures as a file, for scheduled sends.

The same exports as the dashboard's downloads (suppressed, stated, audited
with no actor: a scheduled job acts for the organisation, not a person).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from caseflow import languages
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.reports import exports
from caseflow.reports.period import Month


@click.command("export-indicators")
@click.option("--month", "month_text", required=True, help="The month, YYYY-MM.")
@click.option("--site", "site_code", default=None, help="A site code (PAN, CAL...); all if absent.")
@click.option("--format", "fmt", type=click.Choice(["csv", "pdf"]), default="csv")
@click.option("--lang", default=languages.DEFAULT,
              help="An interface language (fr, en...): the file's headers and labels.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the file; standard output if absent.")
@with_appcontext
def export_indicators_command(month_text: str, site_code: str | None, fmt: str, lang: str,
                              output: Path | None) -> None:
    """Export one month's indicators (counts 1-4 shown as "<5", their complements as "x")."""
    if not languages.is_supported(lang):
        raise click.BadParameter(f"one of {', '.join(languages.codes())}", param_hint="--lang")
    month = Month.parse(month_text)
    if month is None:
        raise click.BadParameter("use YYYY-MM", param_hint="--month")
    site_ids = None
    if site_code:
        site_id = db.session.scalar(select(Site.id).where(Site.code == site_code.upper()))
        if site_id is None:
            raise click.BadParameter(f"unknown site {site_code}", param_hint="--site")
        site_ids = [site_id]
    build = exports.csv_bytes if fmt == "csv" else exports.pdf_bytes
    body = build(month, site_ids, lang, actor_id=None)
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(body)
        click.echo(f"Wrote {output}", err=True)


def register(app: Flask) -> None:
    app.cli.add_command(export_indicators_command)
