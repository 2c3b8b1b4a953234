"""The evacuation forms (tests/security/main_forms.py EVACUATION_FORMS) fuzzed as the main
forms are (tests/security/test_fuzz.py), on a Tripoli case: whatever is typed, never a 500;
NUL refused with 400; anything else saved, or refused with the page again (400)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clock import FIXED_NOW
from tests.evacuation.records import evacuation_values, medical_report, open_case
from tests.security.conftest import build_records, sign_in_as
from tests.security.forms import read_form
from tests.security.main_forms import EVACUATION_FORMS

pytestmark = pytest.mark.time_machine(FIXED_NOW)

HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["' OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "9" * 400, "-1",
                     "2026-02-30", "31/12/9999", "\u202e", "\x00", "x" * 5000]),
)


@pytest.fixture
def tripoli_case(app, register):
    """Salem's case at Tripoli, an issued report of his, and another open case to link."""
    records = build_records(app, register, "charlie", "TRI", "Belhaj", "Salem")
    values = evacuation_values(app, records)
    with app.app_context():
        medical_report(records.person_id)
        open_case(records.other_id, date(2026, 1, 5))
    return SimpleNamespace(person_id=records.person_id, **values)


@pytest.mark.parametrize("main", EVACUATION_FORMS, ids=lambda m: m.name)
def test_it_never_answers_500_to_an_evacuation_form(app, client, tripoli_case, main):
    sign_in_as(app, client, main.login)
    form = read_form(client.get(main.path(tripoli_case)).text, main.containing)
    target = form.action or main.path(tripoli_case)
    fields = [n for n in form.all_fields if n != "csrf_token"]

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({name: st.one_of(st.none(), HOSTILE) for name in fields}))
    def typed(changes):
        page = client.get(main.path(tripoli_case)).text
        # The page's current version (a form gone once saved, e.g. the last report put
        # in the file, is posted as first read: a conflict, 400).
        fresh = read_form(page, main.containing) if f'name="{main.containing}"' in page else form
        data = fresh.data(**main.valid)
        data.update({name: value for name, value in changes.items() if value is not None})
        answer = client.post(target, data=data)
        assert answer.status_code < 500, f"{main.name}: {answer.status_code} for {changes!r}"
        if any("\x00" in v for v in changes.values() if v):
            assert answer.status_code == 400
        else:
            assert answer.status_code in (200, 302, 303, 400), answer.status_code

    typed()
