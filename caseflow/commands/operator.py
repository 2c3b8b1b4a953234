"""The operator's commands: init, create-user, demo, verify-audit, import-persons,
verify-certificate, certificate-public-key (names operators and scripts rely on: keep them)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select

from caseflow import crypto, languages
from caseflow.audit_checkpoints import verify_trail
from caseflow.demo import PERSONAS, seed_personas
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.passwords import generate_password
from caseflow.roles import Role
from caseflow.services import ServiceError
from caseflow.services.staff.accounts import AccountFields, create_user
from caseflow.sync.audit_trail import verify_box_chains


def register(app: Flask) -> None:
    for command in (init_command, create_user_command, demo_command, verify_audit_command,
                    import_persons_command, verify_certificate_command,
                    certificate_public_key_command):
        app.cli.add_command(command)


def _write_private(path: Path, content: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance folder, secret key and keys (never overwritten), then migrate."""
    instance = Path(current_app.instance_path)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    config_file = instance / "config.py"
    if not config_file.exists():
        _write_private(config_file, f"SECRET_KEY = {secrets.token_hex(32)!r}\n")
        click.echo(f"Wrote a new secret key to {config_file}")
    if crypto.in_memory_custody():
        # Memory custody: the keys are born in a passphrase-locked keyring, never in clear.
        if not crypto.keyring_exists():
            passphrase = click.prompt("First unlock passphrase (a coordinator's)",
                                      hide_input=True, confirmation_prompt=True)
            try:
                crypto.initialise_locked_keys(passphrase)
            except crypto.CryptoError as error:
                raise click.ClickException(str(error)) from None
            click.echo("Generated the keys in a passphrase-locked keyring (unlocked now).")
    else:
        created = crypto.generate_keys(Path(current_app.config["KEYS_DIR"]))
        for name in created:
            click.echo(f"Generated key {name}")
    upgrade()
    _restrict_sqlite_file()
    click.echo("Database is at the latest migration.")


def _restrict_sqlite_file() -> None:
    """The SQLite file holds ciphertexts and the audit trail: readable by its owner only."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        for suffix in ("", "-wal", "-shm"):
            path = Path(url.database + suffix)
            if path.exists():
                path.chmod(0o600)


@click.command("create-user")
@with_appcontext
@click.option("--login", required=True)
@click.option("--name", "display_name", required=True, help="Full name as shown and printed.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--discipline", type=click.Choice([d.value for d in Discipline]), default=None)
@click.option("--site", "sites", multiple=True, help="Site code, e.g. PAN (repeatable).")
@click.option("--rpps", default=None)
@click.option("--adeli", default=None)
@click.password_option(prompt="Password (leave empty for a random one)", default="",
                       show_default=False)
def create_user_command(login, display_name, role, discipline, sites, rpps, adeli, password):
    """Create a staff account (the first administrator, typically)."""
    codes = {code.upper() for code in sites}
    site_rows = db.session.scalars(select(Site).where(func.upper(Site.code).in_(codes))).all()
    if len(site_rows) != len(codes):
        raise click.ClickException("Unknown site code among: " + ", ".join(sorted(codes)))
    fields = AccountFields(login=login, display_name=display_name, role=Role(role),
                           discipline=Discipline(discipline) if discipline else None,
                           rpps=rpps, adeli=adeli, site_ids={s.id for s in site_rows})
    try:
        user, password = create_user(None, fields, password or None,
                                     must_change_password=not password)
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Created {user.login} ({user.role.value}).")
    if user.must_change_password:
        click.echo(f"Temporary password, shown once: {password}")


@click.command("demo")
@with_appcontext
@click.option("--password", default=None, help="One password for every demo login.")
@click.option("--persons", type=click.IntRange(min=0), default=0,
              help="Also generate this many synthetic people (benchmarks: 100000).")
@click.option("--notes", type=click.IntRange(min=0), default=None,
              help="Notes for the generated people (default: 10 per person).")
@click.option("--seed", type=int, default=1, help="Seed of the generated data.")
def demo_command(password: str | None, persons: int, notes: int | None, seed: int) -> None:
    """Create demo sites, personas (amina, hugo, ... admin, charlie) and people, if absent;
    with --persons, add programme-size synthetic data (caseflow/demo/scale.py)."""
    from caseflow.demo.history import seed_demo_history
    from caseflow.demo.people import seed_demo_people

    if db.session.scalar(select(func.count(User.id))):
        created = seed_demo_people()
        notes_written = seed_demo_history()
        click.echo("Demo accounts already exist; "
                   + (f"added {created} demo people and {notes_written} notes."
                      if created or notes_written else "nothing changed."))
        _generate(persons, notes, seed)
        return
    generated = password is None
    password = password or generate_password()
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        raise click.ClickException(
            f"The demo password needs at least {current_app.config['PASSWORD_MIN_LENGTH']} "
            "characters."
        )
    seed_personas(password=password)
    created = seed_demo_people()
    notes_written = seed_demo_history()
    click.echo("Demo logins: " + ", ".join(p.login for p in PERSONAS))
    click.echo(f"Demo people: {created}, with {notes_written} notes")
    if generated:
        click.echo(f"Demo password (shown once): {password}")
    _generate(persons, notes, seed)


def _generate(persons: int, notes: int | None, seed: int) -> None:
    if not persons:
        return
    import time

    from caseflow.demo.scale import generate

    notes = 10 * persons if notes is None else notes
    if notes < persons:
        raise click.ClickException("--notes must be at least --persons (one note each).")
    started = time.perf_counter()

    def progress(summary) -> None:
        if summary.people % 10_000 == 0 or summary.people == persons:
            click.echo(f"  {summary.people:,} people, {summary.notes:,} notes "
                       f"({time.perf_counter() - started:.0f} s)")

    summary = generate(persons, notes, seed=seed, progress=progress)
    click.echo(f"Generated {summary.people:,} people, {summary.notes:,} notes, "
               f"{summary.certificates} certificates in {time.perf_counter() - started:.0f} s: "
               + ", ".join(f"{n:,} {name}" for name, n in sorted(summary.rows.items())))


@click.command("verify-audit")
@with_appcontext
def verify_audit_command() -> None:
    """Recompute the audit hash chain, check it against the signed checkpoints, name the
    first broken or missing event or contradicted checkpoint (exit 1)."""
    report = verify_trail()
    if not report.ok:
        raise click.ClickException(report.message)
    click.echo(report.message)
    # Clinic boxes' trails, kept whole here since their syncs (caseflow/sync/audit_trail.py).
    broken = []
    for chain in verify_box_chains(db.session):
        if chain.ok:
            click.echo(f"Box {chain.device}: {chain.checked} audit events, chain intact, "
                       f"signed checkpoints that hold: {chain.checkpoints}.")
        else:
            broken.append(f"Box {chain.device}: {chain.reason}.")
    if broken:
        raise click.ClickException(" ".join(broken))


@click.command("import-persons")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_code", required=True, help="Site code, e.g. CAL.")
@click.option("--programme", default=None,
              help="Programme of the follow-ups opened (default: the site's usual programme).")
@click.option("--skip-invalid", is_flag=True,
              help="Import the good rows; write the others to --rejected.")
@click.option("--rejected", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the rows not imported (default: FILE.rejected.csv).")
@click.option("--by", "by_login", default=None,
              help="Login of the person responsible for the import (recorded in the audit).")
@with_appcontext
def import_persons_command(file: Path, site_code: str, programme: str | None,
                           skip_invalid: bool,
                           rejected: Path | None, by_login: str | None) -> None:
    """Import people from a CSV spreadsheet (columns in the README); prints the codes created."""
    from caseflow import pathways
    from caseflow.services.intake.importer import import_rows, read_table, write_rejected

    site = db.session.scalar(select(Site).where(func.upper(Site.code) == site_code.upper()))
    if site is None:
        raise click.ClickException(f"Unknown site code {site_code!r}.")
    if programme is None:
        from caseflow.services.staff.sites import usual_programme

        programme = usual_programme(site)
    if pathways.get(programme) is None:
        raise click.ClickException(
            f"Unknown programme {programme!r}: one of {', '.join(pathways.PROGRAMMES)}.")
    actor = None
    if by_login:
        actor = db.session.scalar(select(User).where(User.login == by_login.lower()))
        if actor is None:
            raise click.ClickException(f"Unknown login {by_login!r}.")
    try:
        header, rows = read_table(file.read_bytes())
    except ServiceError as error:
        raise click.ClickException(f"{file.name}: {error.message}") from None
    report = import_rows(rows, site_id=site.id, programme=programme, actor=actor,
                         skip_invalid=skip_invalid)
    for row in report.invalid:
        for problem in row.problems:
            click.echo(f"line {problem.line}, column {problem.column}: {problem.message}",
                       err=True)
    for row, codes in report.duplicates:
        click.echo(f"line {row.line}: may be someone already known ({', '.join(codes)}); "
                   "not imported", err=True)
    problems = len(report.invalid) + len(report.duplicates)
    if problems and not skip_invalid:
        raise click.ClickException(
            f"{problems} row(s) to fix: nothing was imported. Fix them, or run again with "
            "--skip-invalid to import the other rows.")
    if problems:
        target = rejected or file.with_suffix(".rejected.csv")
        write_rejected(target, header, report)
        click.echo(f"{problems} row(s) not imported, written to {target}", err=True)
    click.echo(f"Imported {len(report.created)} people at {site.name}:")
    for code in report.created:
        click.echo(code)


def _public_key_from(value: str) -> bytes:
    """The raw 32-byte Ed25519 key from hex, base64 (standard or URL-safe), or a file of either
    (or of the raw bytes)."""
    path = Path(value).expanduser()
    if path.is_file():
        raw = path.read_bytes()
        if len(raw) == 32:
            return raw
        try:
            value = raw.decode("ascii")
        except UnicodeDecodeError:
            raise click.BadParameter(f"{path} holds neither hex, base64 nor the 32 raw bytes "
                                     "of a public key.", param_hint="--public-key") from None
    text = "".join(value.split())
    if re.fullmatch(r"[0-9A-Fa-f]{64}", text):
        return bytes.fromhex(text)
    try:  # standard or URL-safe alphabet, padding optional
        key = base64.b64decode(
            text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) == 32:
        return key
    raise click.BadParameter("expected the 32-byte Ed25519 public key, in hex or base64, or the "
                             "path of a file holding it.", param_hint="--public-key")


@click.command("verify-certificate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", "public_key", default=None, metavar="KEY",
              help="Check offline with this published key (hex, base64, or a file holding it) "
                   "instead of this instance's register and key.")
@with_appcontext
def verify_certificate_command(file: Path, public_key: str | None) -> None:
    """Check that an issued certificate PDF is genuine; prints its status, never its content.

    Exit code 0 when the file is genuine and in force, 3 when it is genuine but
    superseded or revoked (so that `verify-certificate x.pdf && accept` never accepts a
    withdrawn certificate), 1 when it is not genuine, with one line per problem.
    """
    from caseflow.certificates import TEMPLATES
    from caseflow.certificates import seal as sealing
    from caseflow.services.documents.certificate_register import verify_file

    key = _public_key_from(public_key) if public_key is not None else None
    pdf = file.read_bytes()
    if not pdf.startswith(b"%PDF-"):
        raise click.ClickException(f"{file.name} is not a PDF file.")
    try:
        statement, _signature, _body = sealing.read_seal(pdf)
    except sealing.SealError as error:
        raise click.ClickException(
            f"{file.name} holds no caseflow certificate seal ({error}).") from None
    answer, problems = verify_file(pdf, public_key=key)
    if problems:
        click.echo("NOT GENUINE. What the seal claims (unverified):")
    elif key is not None:
        click.echo("Genuine (offline check with the given public key: the seal is well formed, "
                   "the body is the one signed, the signature verifies). The register was not "
                   "consulted: a superseded or revoked certificate passes this check too.")
    else:
        click.echo("Genuine (online check: the seal is well formed, the body is the one signed, "
                   "the signature verifies, the register knows this serial and code and keeps "
                   "this very file).")
    if key is None and answer.known:
        status = answer.status
        if answer.status in ("superseded", "revoked") and answer.ended_on:
            status += f" on {answer.ended_on.isoformat()}"
        if answer.replaced_by:
            status += f", replaced by {answer.replaced_by}"
        click.echo(f"Register status of this serial: {status}" if problems
                   else f"Status: {status}")
    title = TEMPLATES[statement.template].title
    click.echo(f"Serial: {statement.serial}")
    names = " / ".join(title.get(code) for code in languages.codes())
    click.echo(f"Type: {statement.template} ({names})")
    click.echo(f"Issued on: {statement.issue_date.isoformat()}")
    click.echo("Issuing site: " + (f"{answer.site_name} ({statement.site_code})"
                                   if answer.site_name else statement.site_code))
    click.echo(f"SHA-256: {hashlib.sha256(pdf).hexdigest()}")
    for problem in problems:
        click.echo(f"Problem: {problem}", err=True)
    if problems:
        raise click.ClickException(f"{file.name} is not a genuine certificate.")
    if key is None and answer.status != "valid":
        click.echo(f"{file.name} is genuine but no longer in force ({answer.status}).", err=True)
        raise SystemExit(3)


@click.command("certificate-public-key")
@with_appcontext
def certificate_public_key_command() -> None:
    """Print the Ed25519 public key that verifies this instance's certificates, to publish."""
    key = crypto.public_key_bytes()
    click.echo(f"hex:    {key.hex()}")
    click.echo(f"base64: {base64.b64encode(key).decode()}")
