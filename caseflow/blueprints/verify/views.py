"""GET /verify/<serial>?c=<code>: the register's answer for a printed or downloaded copy."""

from __future__ import annotations

import base64

from flask import current_app, render_template, request

from caseflow.blueprints.certificates.presenters import day, template_title
from caseflow.blueprints.verify import bp
from caseflow.crypto import public_key_bytes
from caseflow.extensions import limiter
from caseflow.services import certificate_register


def _verify_rate() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.route("/verify/<serial>")
@limiter.limit(_verify_rate)
def verify(serial: str):
    serial = serial.strip().upper()  # typed from paper: pan-2026-00042 is the same serial
    code = (request.args.get("c") or "").strip()
    answer = certificate_register.verify(serial[:32], code[:200]) if code else None
    key = public_key_bytes()
    response = render_template(
        "verify/verify.html", serial=serial[:32], code_given=bool(code), answer=answer,
        kind=template_title(answer.template) if answer and answer.known else "",
        issued=day(answer.issued_on) if answer else "",
        ended=day(answer.ended_on) if answer else "",
        public_key_hex=key.hex(), public_key_b64=base64.b64encode(key).decode())
    status = 404 if answer is not None and not answer.known else 200
    return response, status
