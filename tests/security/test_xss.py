"""XSS: script payloads typed into every text field of the main forms come back escaped.

Each text field gets its own payload, marked with the field's name, so that
the test knows both that no page carries it raw and that some page shows it
back (escaped): a field nobody displays would make the first check vacuous.
PDFs printed from these fields (referral letter, certificate preview) must
print the payload as text, not fail on it as markup.
"""

from __future__ import annotations

import io
import re

import pytest
from markupsafe import escape
from pypdf import PdfReader

from tests.clock import FIXED_NOW
from tests.security.conftest import sign_in_as
from tests.security.forms import read_form
from tests.security.main_forms import MAIN_FORMS, MainForm

# The main forms hold dates (tests/security/main_forms.py): a fixed day, not the run's.
pytestmark = pytest.mark.time_machine(FIXED_NOW)

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
RAW = re.compile(r"<script>alert|<img src=x onerror", re.IGNORECASE)
# Parsed strictly before anything is stored: a payload there is refused, not kept.
VALIDATED = frozenset({"birth_date", "phone"})
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def errors_on(html: str) -> list[str]:
    return re.findall(r'<p class="(?:error|flash flash-error)[^>]*>([^<]+)', html)


def payload_for(index: int, name: str) -> str:
    return f"{PAYLOADS[index % 2]}{name}"


def fill(form, main: MainForm) -> dict:
    fields = [n for n in form.text_fields if n not in VALIDATED]
    data = form.data(**main.valid)
    for index, name in enumerate(fields):
        data[name] = payload_for(index, name)
    return data, {name: payload_for(i, name) for i, name in enumerate(fields)}


def pages_after(client, main: MainForm, location: str, pantin) -> list[str]:
    """Where what was just saved is shown."""
    path = location.split("#")[0]
    pages = [path, f"/people/{pantin.person_id}"]
    if main.name == "registration":
        pages += [f"{path}/edit", f"{path}/card"]
    if "#note-" in location:
        note = location.split("#note-")[1]
        pages += [f"/notes/{note}", f"/notes/{note}/edit"]
    if main.name == "appointment":
        person_page = client.get(f"/people/{pantin.person_id}").text
        pages += [f"/appointments/{a}/edit" for a in
                  sorted(set(re.findall(rf"/appointments/({UUID})/edit", person_page)))]
        pages.append(f"/appointments/?day={main.valid['day']}")
    if main.name == "certificate draft":
        pages.append(f"{path}/edit")
    return pages


def pdfs_after(main: MainForm, location: str) -> list[str]:
    path = location.split("#")[0]
    return {"referral": [f"{path}/letter.pdf"],
            "certificate draft": [f"{path}/preview.pdf"]}.get(main.name, [])


@pytest.mark.parametrize("main", MAIN_FORMS, ids=lambda m: m.name)
def test_it_renders_every_text_field_back_escaped(app, client, pantin, main):
    sign_in_as(app, client, main.login)
    form = read_form(client.get(main.path(pantin)).text, main.containing)
    data, sent = fill(form, main)
    saved = client.post(main.path(pantin), data=data)
    assert saved.status_code in (302, 303), f"{main.name} not saved: {errors_on(saved.text)}"
    shown: set[str] = set()
    for url in pages_after(client, main, saved.location, pantin):
        page = client.get(url)
        assert page.status_code == 200, url
        assert not RAW.search(page.text), f"{url} shows a payload unescaped"
        lowered = page.text.lower()
        shown |= {n for n, p in sent.items() if str(escape(p)).lower() in lowered}
    for url in pdfs_after(main, saved.location):
        pdf = client.get(url)
        assert pdf.status_code == 200, f"{url}: {pdf.status_code}"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "alert(1)" in text, f"{url} dropped the payload instead of printing it"
    hidden = set(sent) - shown - main.not_shown
    assert not hidden, f"{main.name}: never shown back: {hidden}"


@pytest.mark.parametrize("main", MAIN_FORMS, ids=lambda m: m.name)
def test_it_escapes_what_it_shows_back_in_a_refused_form(app, client, pantin, main):
    sign_in_as(app, client, main.login)
    form = read_form(client.get(main.path(pantin)).text, main.containing)
    data, sent = fill(form, main)
    choice = next(n for n in form.all_fields if n not in form.text_fields and n in form.values
                  and form.values[n] and n not in main.valid and n not in form.hidden_fields)
    data[choice] = PAYLOADS[0]  # not one of the choices: the form comes back with errors
    refused = client.post(main.path(pantin), data=data)
    assert refused.status_code == 200, errors_on(refused.text)
    assert errors_on(refused.text), "the form was accepted"
    assert not RAW.search(refused.text)
    lowered = refused.text.lower()
    assert all(str(escape(p)).lower() in lowered for p in sent.values())
