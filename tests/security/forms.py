"""Read a page's form as a browser would submit it, so tests change only what they mean to.

Why not hand-written dictionaries: the XSS and fuzz tests must reach every
text field of a form, including fields added after they were written, and
send valid values elsewhere so that validation goes deep (to the services)
rather than stopping at the first missing select.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_INPUTS = frozenset({"text", "search", "tel", "email", "url", ""})


@dataclass
class Form:
    action: str | None
    values: dict[str, list[str]] = field(default_factory=dict)
    text_fields: list[str] = field(default_factory=list)  # inputs of text and textareas
    all_fields: list[str] = field(default_factory=list)  # every field, hidden ones too
    hidden_fields: list[str] = field(default_factory=list)

    def data(self, **overrides) -> dict[str, list[str] | str]:
        out: dict[str, list[str] | str] = {k: list(v) for k, v in self.values.items()}
        out.update(overrides)
        return out


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self._form.values.setdefault(name, []).append(value)

    def _field(self, name: str, text: bool) -> None:
        if name not in self._form.all_fields:
            self._form.all_fields.append(name)
        if text and name not in self._form.text_fields:
            self._form.text_fields.append(name)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(a.get("action"))
            self.forms.append(self._form)
            return
        if self._form is None or (not a.get("name") and tag != "option"):
            return
        name = a.get("name")
        if tag == "input":
            kind = (a.get("type") or "").lower()
            if kind in ("checkbox", "radio"):
                self._field(name, False)
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind in ("submit", "button", "image", "reset", "file"):
                return
            else:
                self._field(name, kind in TEXT_INPUTS)
                if kind == "hidden":
                    self._form.hidden_fields.append(name)
                self._add(name, a.get("value", ""))
        elif tag == "select":
            self._field(name, False)
            self._select = (name, "multiple" in a, [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[2].append(value)
            if "selected" in a:
                self._select[3].append(value)
        elif tag == "textarea":
            self._field(name, True)
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, multiple, options, selected = self._select
            chosen = selected or ([] if multiple or not options else [options[0]])
            for value in chosen:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None


def read_form(html: str, containing: str) -> Form:
    """The form of the page that has a field named `containing`."""
    reader = _Reader()
    reader.feed(html)
    for form in reader.forms:
        if containing in form.all_fields or containing in form.values:
            return form
    raise AssertionError(f"no form with a field {containing!r} on the page")
