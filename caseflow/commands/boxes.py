"""Clinic boxes on the central server: ``enrol-box``, ``revoke-box``, ``boxes``
(docs/OFFLINE.md, Boxes)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.clinic_box import REVOCATION_REASONS, ClinicBox
from caseflow.models.site import Site
from caseflow.services import ServiceError, boxes


def register(app: Flask) -> None:
    for command in (enrol_box_command, revoke_box_command, list_boxes_command):
        app.cli.add_command(command)


@click.command("enrol-box")
@click.argument("code")
@click.option("--site", "sites", multiple=True, required=True,
              help="Code of a site the box serves (repeatable), e.g. CAL.")
@click.option("--label", default="", help="What the box is, e.g. 'Calais mobile clinic'.")
@with_appcontext
def enrol_box_command(code: str, sites: tuple[str, ...], label: str) -> None:
    """Register a clinic box and print its credential, once: configure it on the box."""
    try:
        token = boxes.enrol_box(code, list(sites), label)
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Box {code.upper()} enrolled. Its credential (shown once; configure it on "
               "the box, docs/OFFLINE.md, Boxes; then forget it):")
    click.echo(token)


@click.command("revoke-box")
@click.argument("code")
@click.option("--reason", type=click.Choice(REVOCATION_REASONS), required=True)
@with_appcontext
def revoke_box_command(code: str, reason: str) -> None:
    """Stop a lost, stolen, seized or retired box now: its credential is refused and
    nothing more is sealed to it."""
    try:
        box = boxes.revoke_box(code, reason)
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Box {box.id} revoked ({box.revoked_reason}) at "
               f"{box.revoked_at:%Y-%m-%d %H:%M} UTC.")


@click.command("boxes")
@with_appcontext
def list_boxes_command() -> None:
    """The register of clinic boxes: sites, last contact, revocation."""
    codes = dict(db.session.execute(select(Site.id, Site.code)).all())
    for box in db.session.scalars(select(ClinicBox).order_by(ClinicBox.id)):
        sites = ",".join(codes.get(i, "?") for i in box.site_ids)
        seen = f"{box.last_contact_at:%Y-%m-%d %H:%M}" if box.last_contact_at else "never"
        state = f"revoked ({box.revoked_reason})" if box.revoked else "active"
        click.echo(f"{box.id:<10} {sites:<12} last contact {seen:<16} {state}  {box.label}")
