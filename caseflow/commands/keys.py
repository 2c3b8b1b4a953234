"""Key and index commands: ``rotate-keys``, ``retire-kek``, ``key-status``, ``reindex-names``.

Rotation, usage and retirement cover the DEKs and every sealed secret registered in
caseflow.crypto.sealed (two-factor seeds, outreach session keys): these commands only
print what caseflow.crypto did.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from caseflow.crypto import CryptoError, current_keystore, retire_kek, rotate_keks
from caseflow.crypto.reindex import reindex_arabic_names
from caseflow.crypto.rotation import dek_usage, sealed_usage
from caseflow.extensions import db


def _session():
    return db.session


@click.command("rotate-keys")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1))
@with_appcontext
def rotate_keys_command(batch_size: int) -> None:
    """Create a new KEK version, rewrap every data key and reseal every sealed secret
    (resumes an interrupted run)."""
    def progress(done: int, total: int) -> None:
        click.echo(f"rewrapped {done}/{total} data keys")

    try:
        report = rotate_keks(_session(), batch_size=batch_size, progress=progress)
    except CryptoError as exc:
        raise click.ClickException(str(exc)) from None
    verb = "created" if report.created_version else "resumed rotation to"
    click.echo(f"KEK version {report.version} {verb}; {report.rewrapped} data keys rewrapped.")
    for name, moved in report.resealed.items():
        click.echo(f"{moved} sealed secrets resealed in {name}.")


@click.command("retire-kek")
@click.argument("version", type=click.IntRange(1))
@with_appcontext
def retire_kek_command(version: int) -> None:
    """Delete an old KEK version's key file, if no data key or sealed secret uses it any more."""
    try:
        removed = retire_kek(_session(), version)
    except CryptoError as exc:
        raise click.ClickException(str(exc)) from None
    if removed:
        click.echo(f"KEK version {version} retired: key file deleted.")
    else:
        click.echo(f"KEK version {version} has no key file; remove CASEFLOW_KEK_{version} "
                   "from the environment.")


@click.command("key-status")
@with_appcontext
def key_status_command() -> None:
    """Show KEK versions available, how many data keys each wraps and secrets each seals."""
    keystore = current_keystore()
    usage = dek_usage(_session())
    sealed = sealed_usage(_session())
    try:
        current = keystore.current_kek_version()
    except CryptoError as exc:
        raise click.ClickException(str(exc)) from None
    versions = set(keystore.kek_versions()) | set(usage)
    versions.update(*(counts.keys() for counts in sealed.values()))
    for version in sorted(versions):
        mark = " (current)" if version == current else ""
        secrets = ", ".join(f"{name} {counts.get(version, 0)}" for name, counts in sealed.items())
        click.echo(f"KEK v{version}{mark}: {usage.get(version, 0)} data keys; "
                   f"sealed secrets: {secrets}")


@click.command("reindex-names")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1))
@with_appcontext
def reindex_names_command(batch_size: int) -> None:
    """Rebuild the search tokens of names written in Arabic script (once, after the upgrade
    that reads Arabic for itself; idempotent, resumable, prints counts and no name)."""
    def progress(seen: int, done: int) -> None:
        click.echo(f"read {seen} people, {done} reindexed")

    done = reindex_arabic_names(_session(), batch_size=batch_size, progress=progress)
    click.echo(f"{done} people with a name in Arabic script reindexed.")


def register(app: Flask) -> None:
    for command in (rotate_keys_command, retire_kek_command, key_status_command,
                    reindex_names_command):
        app.cli.add_command(command)
