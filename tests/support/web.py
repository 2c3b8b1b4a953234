"""Signing in and posting forms in tests: the personas' password, CSRF tokens."""

from __future__ import annotations

import os
import re

from caseflow.demo import PERSONAS

PERSONA_PASSWORD = "correct horse battery staple"


PERSONA_LOGINS = [p.login for p in PERSONAS]


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
