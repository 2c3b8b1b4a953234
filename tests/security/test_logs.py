"""No personal data in logs: a day's work, errors included, with every logger at DEBUG.

The scenario registers a person through the form, searches for her (query
string and form), opens her record, writes a note and a consent, mistypes,
fails a sign-in with her name as password, sends a form without its token and
meets a crash whose exception message holds her name. SQLAlchemy's statement
log is on too: searches go by blind-index tokens and fields are stored
encrypted, so even an operator's debugging session must not print her name.
Then the captured log text (messages, arguments, tracebacks) is searched for
her names, date of birth, phone and contact details: none may appear.
"""

from __future__ import annotations

import logging

from tests.security.conftest import sign_in_as
from tests.security.forms import read_form
from tests.support.web import csrf_token_from

FAMILY, GIVEN, ALIAS = "Tesfamariam", "Zerihun", "Tesfamaryam Zeri"
BORN = ("12/03/2009", "2009-03-12", "12.03.2009")
PHONE = ("+33 6 12 34 56 78", "+33612345678", "0612345678", "612345678")
CONTACT = "chez sa tante Meseret à Bobigny"
SECRETS = (FAMILY, GIVEN, ALIAS, "Zeri", "Meseret", "Bobigny", *BORN, *PHONE)


def everything(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(f"{record.name} {record.getMessage()} {record.args!r}")
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
        if record.exc_text:
            lines.append(record.exc_text)
        if record.stack_info:
            lines.append(record.stack_info)
    return "\n".join(lines)


def capture_all_loggers(caplog) -> None:
    """Every logger at DEBUG, SQLAlchemy's statements and parameters included (an operator
    debugging may turn them on): caplog restores the levels after the test."""
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "werkzeug", "alembic",
                 *logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
        logger = logging.getLogger(name)
        if not logger.propagate and caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)


def test_it_writes_no_name_date_of_birth_or_phone_to_the_logs(app, client, caplog):
    @app.route("/crash-for-test")
    def crash():
        raise ValueError(f"could not file {FAMILY} {GIVEN} born {BORN[1]}")

    capture_all_loggers(caplog)
    failed = client.get("/login")
    # A colleague's login (staff, not a patient) with her patient's name as a wrong password.
    client.post("/login", data={"login": "amina", "password": f"{FAMILY} {BORN[0]}",
                                "csrf_token": csrf_token_from(failed.text)})
    sign_in_as(app, client, "amina")
    form = read_form(client.get("/people/new").text, "family_name")
    registered = client.post("/people/new", data=form.data(
        family_name=FAMILY, given_names=GIVEN, aliases=ALIAS, birth_date=BORN[0],
        phone=PHONE[0], contact_notes=CONTACT, confirm_new="yes",
        consent_care="given", consent_data="given"))
    assert registered.status_code == 302, "the registration was refused"
    person = registered.location.split("#")[0]
    token = csrf_token_from(client.get(person).text)
    client.get("/people/", query_string={"q": f"{GIVEN} {FAMILY}"}, follow_redirects=True)
    client.post("/people/", data={"q": f"{FAMILY} {BORN[0]}", "csrf_token": token},
                follow_redirects=True)
    client.get(f"{person}/card")
    note = read_form(client.get(f"{person}/notes/new").text, "text")
    client.post(f"{person}/notes/new", data=note.data(
        text=f"{GIVEN} {FAMILY} dit être né le {BORN[0]}; joignable au {PHONE[0]}",
        reason=f"Douleurs ({FAMILY})"))
    consent = read_form(client.get(f"{person}/consents/new").text, "purpose")
    client.post(f"{person}/consents/new", data=consent.data(
        purpose="care", decision="given", accompanying_adult=f"Meseret {FAMILY}", note=CONTACT))
    client.post("/people/new", data=form.data(family_name=FAMILY, birth_date="31/02/2009"))
    client.post("/people/new", data={"family_name": FAMILY, "birth_date": BORN[0]})  # no token
    client.get(f"/people/{FAMILY}")
    client.get(f"/people/code/{FAMILY}")
    assert client.get("/crash-for-test", query_string={"q": FAMILY}).status_code == 500

    assert caplog.records, "nothing was captured: the test would prove nothing"
    text = everything(caplog).lower()
    leaked = [s for s in SECRETS if s.lower() in text]
    assert not leaked, f"personal data in the logs: {leaked}"
