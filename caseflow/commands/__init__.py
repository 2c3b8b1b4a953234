"""Every ``flask --app caseflow`` command, registered in one place.

Commands sit above the services (like the pages, they parse input, call one
service and report); docs/ARCHITECTURE.md shows the layers. The operator's
commands, the key, backup, deployment-check, erasure, audit-trail and indicator
commands all live in this package.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from caseflow.commands import (
        audit,
        backup,
        boxes,
        custody,
        deploy,
        erasure,
        indicators,
        keys,
        operator,
        sync,
    )

    for module in (operator, keys, custody, boxes, sync, audit, erasure, backup, deploy,
                   indicators):
        module.register(app)
