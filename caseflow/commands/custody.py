"""Memory custody of the keys on the command line (docs/OFFLINE.md, Keys):
``unlock``, ``seal``, ``lock-keys``, ``add-unlock-passphrase``, ``remove-unlock-passphrase``.

Passphrases are asked at a hidden prompt (or read from standard input when piped), never
taken as an argument: a command line is visible to every user of the machine and stays in
the shell's history.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from caseflow import crypto
from caseflow.services import ServiceError, custody


def register(app: Flask) -> None:
    for command in (unlock_command, seal_command, lock_keys_command,
                    add_passphrase_command, remove_passphrase_command):
        app.cli.add_command(command)


def _require_memory_custody() -> None:
    if not crypto.in_memory_custody():
        raise click.ClickException("This server keeps its keys in files (KEY_CUSTODY = "
                                   "'files'): set CASEFLOW_KEY_CUSTODY=memory first.")


def ask_new_passphrase(prompt: str = "New unlock passphrase") -> str:
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


@click.command("unlock")
@with_appcontext
def unlock_command() -> None:
    """Unlock the keys with a coordinator's passphrase (memory custody)."""
    _require_memory_custody()
    passphrase = click.prompt("Unlock passphrase", hide_input=True)
    try:
        custody.unlock(passphrase)
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo("Keys unlocked.")


@click.command("seal")
@with_appcontext
def seal_command() -> None:
    """Wipe the keys from memory now, for every worker of this server (memory custody)."""
    _require_memory_custody()
    was_open = custody.seal(by="command")
    click.echo("Sealed: the keys are wiped from memory." if was_open
               else "Already sealed: the keys were not in memory.")


@click.command("lock-keys")
@click.option("--label", default="coordinator", show_default=True,
              help="Whose passphrase this is (a role, not a person's full name).")
@with_appcontext
def lock_keys_command(label: str) -> None:
    """Move this server's key files into a passphrase-locked keyring and erase the files."""
    _require_memory_custody()
    passphrase = ask_new_passphrase()
    try:
        erased = crypto.lock_key_files(passphrase, label)
    except crypto.CryptoError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Locked {len(erased)} key files into the keyring and erased them: "
               f"{', '.join(erased)}. The keys are unlocked until 'flask seal' or a restart.")


@click.command("add-unlock-passphrase")
@click.option("--label", required=True, help="Whose passphrase this is, e.g. 'coordinator Calais'.")
@with_appcontext
def add_passphrase_command(label: str) -> None:
    """Add another coordinator's passphrase (the keys must be unlocked)."""
    _require_memory_custody()
    try:
        slot = custody.add_passphrase(ask_new_passphrase(), label)
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Passphrase added (slot {slot}).")


@click.command("remove-unlock-passphrase")
@click.argument("slot")
@with_appcontext
def remove_passphrase_command(slot: str) -> None:
    """Remove a passphrase slot (a coordinator who left); the last one cannot be removed."""
    _require_memory_custody()
    try:
        custody.remove_passphrase(slot)
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo("Passphrase removed.")
