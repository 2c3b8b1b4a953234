"""Property-based fuzz of the main forms: whatever is typed, the answer is never a 500.

Each field is either left as the page offers it or replaced by arbitrary text
(any Unicode, control characters, very long lines), so that examples reach
validation, the services and the database, not only the first error. NUL is
refused with 400 by design (caseflow/http_security.py: PostgreSQL cannot store
it); everything else is saved, or refused with a form error.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clock import FIXED_NOW
from tests.security.conftest import sign_in_as
from tests.security.forms import read_form
from tests.security.main_forms import MAIN_FORMS

# The main forms hold dates (tests/security/main_forms.py): a fixed day, not the run's.
pytestmark = pytest.mark.time_machine(FIXED_NOW)

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So")),
            max_size=50),
    st.sampled_from(["' OR 1=1 --", "<script>alert(1)</script>", "%s%n", "{{7*7}}", "\\",
                     "9" * 400, "-1", "0", "2026-02-30", "31/12/9999", "\u202e", "\ufeff",
                     "x" * 5000]),
)


@pytest.mark.parametrize("main", MAIN_FORMS, ids=lambda m: m.name)
def test_it_never_answers_500_whatever_is_typed(app, client, pantin, main):
    sign_in_as(app, client, main.login)
    form = read_form(client.get(main.path(pantin)).text, main.containing)
    base = form.data(**main.valid)
    fields = [n for n in form.all_fields if n != "csrf_token"]

    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({name: st.one_of(st.none(), HOSTILE) for name in fields}))
    def typed(changes):
        data = dict(base)
        data.update({name: value for name, value in changes.items() if value is not None})
        answer = client.post(main.path(pantin), data=data)
        has_nul = any("\x00" in v for v in changes.values() if v)
        assert answer.status_code < 500, f"{main.name}: {answer.status_code} for {changes!r}"
        if has_nul:
            assert answer.status_code == 400
        else:
            assert answer.status_code in (200, 302, 303), answer.status_code

    typed()
