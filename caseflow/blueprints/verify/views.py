"""GET /verify/<serial>?c=<code>: the register's answer for a printed or downloaded copy;
GET /verify/, POST /verify/ (serial and short code in the form): the same answer for a
reader who types what the paper prints; POST /verify/<serial> (code and name in the
form): does the name printed on that copy match."""

from __future__ import annotations

import base64

from flask import current_app, render_template, request
from flask_babel import gettext as _

from caseflow.blueprints.certificates.presenters import day, template_title
from caseflow.blueprints.verify import bp
from caseflow.certificates.short_code import TYPED_NOISE, typed_short_code
from caseflow.crypto import public_key_bytes
from caseflow.extensions import limiter
from caseflow.services.documents import certificate_register, signing_keys
from caseflow.services.documents.certificate_name_check import check_printed_name


def _verify_rate() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


# One counter for the page, the typed code and the name check (GET and POST alike): each
# code or name tried costs a page view, so no form is a faster way to guess than the page.
_limit = limiter.shared_limit(_verify_rate, scope="certificate-verification")


def _serial(serial: str) -> str:
    return serial.strip().upper()[:32]  # typed from paper: pan-2026-00042 is the same serial


def _page(serial: str, code: str, name_check=None, name_error: str = "",
          typed_error: str = ""):
    answer = certificate_register.verify(serial, code[:200]) if code else None
    key = public_key_bytes()
    # The key that signed it: issued offline on a clinic box, the box's own
    # (signing_keys.py); issued centrally and read on a box, central's.
    if answer and answer.signing_key:
        key = answer.signing_key
    box_signed = bool(answer and answer.signing_key and signing_keys.is_box_key(key))
    response = render_template(
        "verify/verify.html", serial=serial, code=code[:200], code_given=bool(code),
        answer=answer, name_check=name_check, name_error=name_error, typed_error=typed_error,
        kind=template_title(answer.template) if answer and answer.known else "",
        issued=day(answer.issued_on) if answer else "",
        ended=day(answer.ended_on) if answer else "",
        public_key_hex=key.hex(), public_key_b64=base64.b64encode(key).decode(),
        box_signed=box_signed)
    status = 404 if answer is not None and not answer.known else 200
    return response, status


# One endpoint for both addresses: the public one (caseflow.access.PUBLIC_ENDPOINTS).
@bp.route("/verify/", methods=["GET", "POST"], defaults={"serial": ""})
@bp.route("/verify/<serial>", methods=["GET", "POST"])
@_limit
def verify(serial: str):
    """/verify/<serial>: GET, the status; POST, the name check, so that the typed name is
    in no address, log line or browser history (the code travels in the form).
    /verify/: the form to type a serial and its short code (below)."""
    if not serial:
        return _typed()
    serial = _serial(serial)
    if request.method == "GET":
        code = (request.args.get("c") or "").strip()
        # The QR code's code only: a short code is typed into the form (POST), never kept
        # in an address; one in an address is ignored, the page asks for it.
        return _page(serial, "" if typed_short_code(code) else code)
    code = (request.form.get("c") or "").strip()[:200]
    family = (request.form.get("family_name") or "").strip()
    given = (request.form.get("given_names") or "").strip()
    if not family:
        return _page(serial, code, name_error=_("Type the family name printed on the "
                                                "certificate."))
    check = check_printed_name(serial, code, family, given)
    return _page(serial, code, name_check=check if check.known else None)


def _typed():
    """The serial and the short code printed under the QR code, typed from the paper.

    POST, not an address: serial and short code are no personal data, but together
    they open the page's answer and its name check for that certificate, and an
    address is kept in proxy and server logs and in the browser's history. The
    answer is the QR code's, word for word; a code that cannot be one is answered
    as a wrong code is: unknown.
    """
    if request.method == "GET":
        return _page("", "")
    serial = _serial(TYPED_NOISE.sub("-", request.form.get("serial") or "").strip("-"))
    typed = (request.form.get("code") or "").strip()[:40]
    if not serial or not typed:
        return _page(serial, "", typed_error=_("Type the serial number and the code printed "
                                                "under the QR code."))
    return _page(serial, typed_short_code(typed) or typed)
