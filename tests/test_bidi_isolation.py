"""Mixed directions (issue "Arabic as a first-class language"): a value never scrambles the
sentence around it.

Read as sentences: "Amina, on a French page, opens Mohamed El-Hadi's record, his name written
in Arabic: the name is isolated (<bdi> or dir=auto), his code reads left to right";
"on an Arabic page, Awa Traoré's Latin name is isolated, her code and her phone number
read left to right"; "the identity form lets each typed name take its own direction".

Why: the Unicode bidirectional algorithm orders a line by its characters. Without
isolation an Arabic name inside a French sentence carries the punctuation after it to
its side, and on an Arabic page a code "K7Q-2M4-X9" or a phone number "+33 6 12 34 56 78"
is shown in pieces, in the wrong order: a nurse reads out another person's code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from caseflow.extensions import db
from tests.support.records import user

ARABIC_FAMILY, ARABIC_GIVEN = "الهادي", "محمد"
PHONE = "+33 6 12 34 56 78"
# Where a text is not laid out in a line: the window title, a list's options, a form's text.
PLAIN_TEXT = {"title", "option", "textarea", "script", "style"}


class _Texts(HTMLParser):
    """Each text node of the body with its open elements (tag, attributes), outermost first."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str]]] = []
        self.nodes: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
        self.inputs: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag in ("input", "textarea"):
            self.inputs.append({"tag": tag, **values})
        if tag not in self.VOID:
            self.open.append((tag, values))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if data.strip() and not any(tag in PLAIN_TEXT for tag, _ in self.open):
            self.nodes.append((data, list(self.open)))


def parse(html: str) -> _Texts:
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser


def isolation(stack: list[tuple[str, dict[str, str]]]) -> str | None:
    """The direction of the innermost isolating element: "auto", "ltr", "rtl"; None if the
    text sits in the page's flow, unisolated. A <bdi> is auto unless it says otherwise."""
    for tag, attrs in reversed(stack):
        if "dir" in attrs:
            return attrs["dir"]
        if tag == "bdi":
            return "auto"
    return None


def occurrences(html: str, text: str) -> list[tuple[str, str | None]]:
    """(text node, its isolation) for each text node of the page that shows `text`."""
    return [(data.strip(), isolation(stack)) for data, stack in parse(html).nodes
            if text in data]


def assert_isolated(html: str, text: str, direction: set[str], at_least: int = 1) -> None:
    found = occurrences(html, text)
    assert len(found) >= at_least, f"{text!r} shown {len(found)} times: {found}"
    wrong = [(node, how) for node, how in found if how not in direction]
    assert not wrong, f"{text!r} not isolated as {direction}: {wrong}"


def set_language(app, login: str, language: str) -> None:
    with app.app_context():
        user(login).language = language
        db.session.commit()
        db.session.remove()


def person_code(app, person_id: str) -> str:
    import uuid

    from caseflow.models.person import Person

    with app.app_context():
        code = db.session.get(Person, uuid.UUID(person_id)).code
        db.session.remove()
    return code


@pytest.fixture
def arabic_name(register):
    return register("amina", "PAN", ARABIC_FAMILY, ARABIC_GIVEN, born=1990, phone=PHONE)


@pytest.fixture
def latin_name(register):
    return register("amina", "PAN", "Traoré", "Awa", born=2009, phone=PHONE)


# --- The checker, on its own ------------------------------------------------------------------


def test_it_tells_an_isolated_text_from_one_in_the_flow():
    html = ('<p>Dossier de <bdi>محمد</bdi>, <span dir="ltr">K7Q</span> <b>Awa</b></p>'
            '<title>Awa</title><p dir="auto"><i>note</i></p>')
    assert occurrences(html, "محمد") == [("محمد", "auto")]
    assert occurrences(html, "K7Q") == [("K7Q", "ltr")]
    assert occurrences(html, "Awa") == [("Awa", None)]  # the title is not laid out in a line
    assert occurrences(html, "note") == [("note", "auto")]


# --- An Arabic name on a French page ------------------------------------------------------------


def test_it_isolates_an_arabic_name_on_a_french_page(app, as_user, arabic_name):
    client = as_user("amina")
    page = client.get(f"/people/{arabic_name}")
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    # The heading and the identity's facts: every place the name is shown.
    assert_isolated(page.text, ARABIC_FAMILY, {"auto"}, at_least=2)
    assert_isolated(page.text, ARABIC_GIVEN, {"auto"}, at_least=2)


def test_it_isolates_the_name_inside_a_translated_sentence(app, as_user, arabic_name):
    """ "Enregistrer le consentement de <name>": the placeholder, not the sentence."""
    client = as_user("amina")
    page = client.get(f"/people/{arabic_name}/consents/new")
    assert page.status_code == 200
    heading = re.search(r"<h1>(.*?)</h1>", page.text, re.S).group(1)
    assert re.search(rf"<bdi>[^<]*{ARABIC_FAMILY}[^<]*</bdi>", heading), heading


def test_it_keeps_codes_and_phone_numbers_left_to_right_on_a_french_page(app, as_user,
                                                                         arabic_name):
    client = as_user("amina")
    page = client.get(f"/people/{arabic_name}")
    assert_isolated(page.text, person_code(app, arabic_name), {"ltr"})
    assert_isolated(page.text, PHONE, {"ltr"})


def test_it_isolates_names_in_the_lists_of_the_home_page(app, as_user, arabic_name):
    client = as_user("amina")
    client.get(f"/people/{arabic_name}")  # now among the records opened recently
    home = client.get("/")
    assert home.status_code == 200
    assert_isolated(home.text, ARABIC_FAMILY, {"auto"})
    assert_isolated(home.text, person_code(app, arabic_name), {"ltr"})


# --- A Latin name on an Arabic page -------------------------------------------------------------


def test_it_isolates_a_latin_name_and_its_code_on_an_arabic_page(app, as_user, latin_name):
    set_language(app, "amina", "ar")
    client = as_user("amina")
    page = client.get(f"/people/{latin_name}")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert_isolated(page.text, "Traoré", {"auto"}, at_least=2)
    assert_isolated(page.text, person_code(app, latin_name), {"ltr"})
    assert_isolated(page.text, PHONE, {"ltr"})
    # The user's own name in the top bar, a Latin name in an Arabic line.
    assert_isolated(page.text, "Dr Amina Diallo", {"auto"})


def test_it_isolates_codes_on_every_page_that_shows_one_in_arabic(app, as_user, latin_name):
    set_language(app, "amina", "ar")
    client = as_user("amina")
    code = person_code(app, latin_name)
    for path in (f"/people/{latin_name}/card", f"/people/{latin_name}/edit",
                 f"/people/{latin_name}/consents/new", f"/people/{latin_name}/notes/new"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_isolated(page.text, code, {"ltr"})


# --- Typed text takes its own direction ---------------------------------------------------------


def test_it_lets_each_typed_name_and_text_take_its_own_direction(app, as_user, arabic_name):
    client = as_user("amina")
    form = parse(client.get(f"/people/{arabic_name}/edit").text)
    by_name = {i.get("name"): i for i in form.inputs}
    for name in ("family_name", "given_names", "phone", "contact_notes"):
        assert by_name[name].get("dir") == "auto", (name, by_name[name])
    assert by_name["family_name"]["value"] == ARABIC_FAMILY
    # A date chosen in a picker is no typed text: the browser lays it out.
    assert "dir" not in by_name["csrf_token"]
