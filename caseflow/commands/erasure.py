"""`flask --app caseflow erase-person CODE`: the erasure of services/erasure.py, for an operator.

caseflow.commands registers it. Like the page, the command
asks for the code a second time (unless --yes, for scripts that have already
confirmed) and stores a coded reason only. It prints the code and nothing
about the person.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from caseflow.models.erasure import ErasureReason


@click.command("erase-person")
@click.argument("code")
@click.option("--reason-category", "reason", required=True,
              type=click.Choice([r.value for r in ErasureReason]),
              help="Why the record is erased (a code: no free text is kept).")
@click.option("--by", "by_login", default=None,
              help="Login of the medical coordinator who decided it (recorded in the audit).")
@click.option("--yes", is_flag=True, help="Do not ask to type the code again.")
@with_appcontext
def erase_person_command(code: str, reason: str, by_login: str | None, yes: bool) -> None:
    """Erase a person for good: their key is destroyed, counts are kept."""
    from caseflow.extensions import db
    from caseflow.models.person import Person, normalise_person_code
    from caseflow.models.user import User
    from caseflow.services import ServiceError
    from caseflow.services.safeguards.erasure import erase_person

    canonical = normalise_person_code(code)
    person = (db.session.scalar(select(Person).where(Person.code == canonical))
              if canonical else None)
    if person is None:
        raise click.ClickException(f"No person has the code {code!r} (an earlier code of a "
                                   "merged record is not accepted: use the current one).")
    actor = None
    if by_login:
        actor = db.session.scalar(select(User).where(User.login == by_login.lower()))
        if actor is None:
            raise click.ClickException(f"No user has the login {by_login!r}.")
    typed = canonical if yes else click.prompt(
        f"This destroys record {person.code} for good. Type its code again to confirm")
    try:
        erase_person(actor, person, reason=reason, typed_code=typed)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Erased {canonical}: its key is destroyed; counts are kept.")


def register(app: Flask) -> None:
    app.cli.add_command(erase_person_command)
