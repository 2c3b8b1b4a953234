"""flask --app caseflow audit-checkpoint / purge-audit: the audit trail's scheduled jobs.

Both are meant for cron (docs/DEPLOY.md, Scheduled jobs): they print one line on
success and exit 1 with the reason otherwise, so that cron's mail reaches the
operator. verify-audit lives in caseflow/commands/operator.py (a stable command name).
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from caseflow.audit_checkpoints import CheckpointError, write_checkpoint
from caseflow.services import ServiceError
from caseflow.services.safeguards.audit_retention import purge_audit


def register(app: Flask) -> None:
    for command in (audit_checkpoint_command, purge_audit_command):
        app.cli.add_command(command)


@click.command("audit-checkpoint")
@click.option("--new-file", is_flag=True,
              help="Start a new checkpoint file although checkpoints were written before "
                   "(only after a database restore, the old file kept as evidence).")
@with_appcontext
def audit_checkpoint_command(new_file: bool) -> None:
    """Sign the audit chain's head and append it to the checkpoint file (run hourly)."""
    try:
        checkpoint = write_checkpoint(new_file=new_file)
    except CheckpointError as error:
        raise click.ClickException(f"No checkpoint written: {error}") from None
    # The line is the only output (cron stays quiet): pipe it to a remote log, so that a
    # copy lives where nobody with access to this server can truncate it.
    click.echo(checkpoint.line())


@click.command("purge-audit")
@click.option("--dry-run", is_flag=True, help="Say what would be deleted, delete nothing.")
@with_appcontext
def purge_audit_command(dry_run: bool) -> None:
    """Delete audit events past AUDIT_RETENTION_DAYS, up to the last checkpoint before the cut."""
    try:
        plan = purge_audit(dry_run=dry_run)
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    cut = f"{plan.cut:%Y-%m-%d %H:%M} UTC"
    if plan.deletable == 0:
        click.echo(f"Nothing to purge: no audit event is older than {cut} "
                   f"({plan.retention_days} days).")
        return
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} {plan.deletable} audit events (up to event {plan.through_seq}, the "
               f"checkpoint of {plan.checkpoint_time:%Y-%m-%d %H:%M} UTC); retention "
               f"{plan.retention_days} days, cut {cut}.")
    if plan.kept_old:
        click.echo(f"{plan.kept_old} events older than the cut follow that checkpoint and are "
                   "kept until a later purge.")
