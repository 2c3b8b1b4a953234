"""GET /verify/<serial>?c=<code>: the register's answer for a printed or downloaded copy;
POST /verify/<serial> (code and name in the form): does the name printed on that copy match."""

from __future__ import annotations

import base64

from flask import current_app, render_template, request
from flask_babel import gettext as _

from caseflow.blueprints.certificates.presenters import day, template_title
from caseflow.blueprints.verify import bp
from caseflow.crypto import public_key_bytes
from caseflow.extensions import limiter
from caseflow.services.documents import certificate_register
from caseflow.services.documents.certificate_name_check import check_printed_name


def _verify_rate() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


# One counter for the page and the name check (GET and POST alike): each name tried costs a
# page view, so the check is no faster a way to guess names than the page is to guess codes.
_limit = limiter.shared_limit(_verify_rate, scope="certificate-verification")


def _serial(serial: str) -> str:
    return serial.strip().upper()[:32]  # typed from paper: pan-2026-00042 is the same serial


def _page(serial: str, code: str, name_check=None, name_error: str = ""):
    answer = certificate_register.verify(serial, code[:200]) if code else None
    key = public_key_bytes()
    response = render_template(
        "verify/verify.html", serial=serial, code=code[:200], code_given=bool(code),
        answer=answer, name_check=name_check, name_error=name_error,
        kind=template_title(answer.template) if answer and answer.known else "",
        issued=day(answer.issued_on) if answer else "",
        ended=day(answer.ended_on) if answer else "",
        public_key_hex=key.hex(), public_key_b64=base64.b64encode(key).decode())
    status = 404 if answer is not None and not answer.known else 200
    return response, status


@bp.route("/verify/<serial>", methods=["GET", "POST"])
@_limit
def verify(serial: str):
    """GET: the status. POST: the name check, so that the typed name is in no address, log
    line or browser history (the code travels in the form)."""
    serial = _serial(serial)
    if request.method == "GET":
        return _page(serial, (request.args.get("c") or "").strip())
    code = (request.form.get("c") or "").strip()[:200]
    family = (request.form.get("family_name") or "").strip()
    given = (request.form.get("given_names") or "").strip()
    if not family:
        return _page(serial, code, name_error=_("Type the family name printed on the "
                                                "certificate."))
    check = check_printed_name(serial, code, family, given)
    return _page(serial, code, name_check=check if check.known else None)
