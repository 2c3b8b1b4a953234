"""Every URL of the application, for every persona and for anonymous, against access_table.py.

The rules come from the URL map itself, so a page added without a line in the
table fails here ("add <endpoint> to tests/security/access_table.py") rather
than shipping with whatever access its blueprint happens to give.
"""

from __future__ import annotations

import pytest

from tests.security.access_table import ACCESS, LOGIN, ROLES
from tests.security.conftest import expected, path_values, sign_in_as, url_of


def rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))


def test_it_has_a_line_for_every_url_of_the_application(app):
    missing = sorted({r.endpoint for r in rules(app) if expected(ACCESS, r) is None})
    assert not missing, "\n".join(f"add {e} to tests/security/access_table.py" for e in missing)


def test_it_lists_no_endpoint_that_no_longer_exists(app):
    present = {r.endpoint for r in rules(app)} | {f"{r.endpoint}@{r.rule}" for r in rules(app)}
    gone = sorted(set(ACCESS) - present)
    assert not gone, f"remove from tests/security/access_table.py: {', '.join(gone)}"


def outcome(response) -> int | str:
    if response.status_code == 302 and response.location.split("?")[0].endswith("/login"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_it_gives_each_persona_exactly_what_the_table_says(app, client, pantin, role):
    sign_in_as(app, client, None if role == "anonymous" else role)
    differences = []
    for rule in rules(app):
        line = expected(ACCESS, rule)
        if line is None:
            continue  # reported once, by the test above
        url = url_of(rule, path_values(app, pantin, rule))
        got = outcome(client.get(url))
        if got != line[role]:
            differences.append(f"{rule.endpoint} ({url}): expected {line[role]}, got {got}")
    assert not differences, f"{role}:\n" + "\n".join(differences)
