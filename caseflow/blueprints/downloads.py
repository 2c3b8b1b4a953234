"""One way to hand out a file of personal data: never cached, named without personal data."""

from __future__ import annotations

from flask import Response, make_response


def file_response(body: bytes, mimetype: str, filename: str, *, inline: bool = True) -> Response:
    """`body` as a download. `filename` must name no one (a serial, "subject-access.pdf"):
    file names end up in downloads folders, mail attachments and proxy logs."""
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename={filename}"
    response.headers["Cache-Control"] = "no-store, private, max-age=0"
    response.headers["Pragma"] = "no-cache"
    return response
