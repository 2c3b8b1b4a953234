"""A clinic box's commands: ``join-central`` once, then ``sync`` (docs/OFFLINE.md, Sync).

``flask sync`` fills a new box first (its sites' people, with their records, and the
accounts of its staff: caseflow/sync/fill.py), then pushes what the box recorded, then
pulls what central has for the box's people (``--refill`` fills it again);
``flask sync --every 60`` keeps trying, and syncs each time central answers (the box runs
it as a service: the automatic sync).
"""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from caseflow.crypto import SealedError
from caseflow.extensions import db
from caseflow.sync import attempts, link


def register(app: Flask) -> None:
    for command in (join_central_command, sync_command):
        app.cli.add_command(command)


def _require_box() -> None:
    if current_app.config.get("SYNC_ROLE") != "box" or not current_app.config.get(
            "SYNC_CENTRAL_URL"):
        raise click.ClickException("This server is not a clinic box: set SYNC_ROLE = 'box', "
                                   "SYNC_DEVICE (its code) and SYNC_CENTRAL_URL.")


@click.command("join-central")
@with_appcontext
def join_central_command() -> None:
    """Introduce this box to the central server with the credential given at enrolment."""
    _require_box()
    credential = click.prompt("Credential from 'flask enrol-box' on the central server",
                              hide_input=True).strip()
    try:
        sites = link.join(current_app.config["SYNC_CENTRAL_URL"], credential)
    except link.LinkError as error:
        raise click.ClickException(
            f"The central server refused or did not answer ({error}).") from None
    click.echo(f"Joined: this box serves {', '.join(sites)}.")


def _once(refill: bool = False) -> link.SyncReport:
    # Through caseflow.sync.attempts: the box's status page shows this attempt's outcome.
    report = attempts.run(db.session, refill=refill)
    if report.filled:
        click.echo(f"filled: {report.fill_people} people ({report.fill_rows} records), "
                   f"{report.fill_accounts} staff accounts"
                   + ("" if link.filled(db.session) else " so far: the fill goes on at "
                      "the next sync"))
    click.echo(f"pushed {report.pushed}, pulled {report.pulled} (applied {report.applied}), "
               f"conflicts {report.conflicts}, keys received {report.keys_received}")
    return report


@click.command("sync")
@click.option("--every", type=click.IntRange(5), default=None,
              help="Keep running: try every N seconds, sync whenever central answers.")
@click.option("--refill", is_flag=True, default=False,
              help="Fill the box again from central (what it holds already is recognised).")
@with_appcontext
def sync_command(every: int | None, refill: bool) -> None:
    """Fill this box the first time, push what it recorded, then pull what central has for
    its people."""
    _require_box()
    if every is None:
        try:
            _once(refill)
        except SealedError:
            raise click.ClickException("The keys are sealed: unlock this box first.") from None
        except link.LinkError as error:
            raise click.ClickException(f"Not synced ({error}); nothing recorded here is lost: "
                                       "it is sent at the next sync.") from None
        return
    while True:
        try:
            _once()
        except link.LinkError as error:
            if error.reason in ("revoked", "unknown", "other-key"):
                raise click.ClickException(f"Central refuses this box ({error.reason}): seal "
                                           "it and hand it to the coordinator.") from None
            click.echo(f"central not reachable ({error.reason}); next try in {every} s")
        except SealedError:
            click.echo(f"the keys are sealed: nothing is sent until a coordinator unlocks "
                       f"this box; next try in {every} s")
        finally:
            db.session.remove()
        time.sleep(every)
