"""A pseudo-locale that makes untranslated text visible: every msgid said as "[!…!]".

The catalogue is built at test time from the project's msgids, extracted fresh
as `make extract-messages` extracts them (babel.cfg, `-k _l -k lazy_gettext`),
so a string added today is in it. Its language is a real CLDR locale no one
uses here (Esperanto, "eo"), so dates, numbers and plural rules come from CLDR
as they would for a real third language; registering it is the registry's one
line (`languages.language("eo")`), and its catalogue is compiled into a
temporary directory put first in BABEL_TRANSLATION_DIRECTORIES.

Each run of text between placeholders is wrapped, and the placeholders stay
outside the marks: "%(num)d person" is said "%(num)d[! person!]". So once the
wrapped parts are taken out of a page, what is left is what the code put into
it without the catalogues: data (names, codes, numbers, CLDR dates), or an
untranslated string, including one handed to a translated sentence as a value.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PSEUDO = "eo"
OPEN, CLOSE = "[!", "!]"

# Python's %-placeholders (%(name)s, %s, %d, %.1f) and str.format's {0}, {name}.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACES = re.compile(r"\{\w*\}")


def extract_messages(out_dir: Path) -> Path:
    """The msgids of the code and templates as they are now, into `out_dir`/messages.pot."""
    pot = out_dir / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
                                "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), str(ROOT)])
    return pot


def pseudo(text: str, python_format: bool = True) -> str:
    """`text` with each run between placeholders wrapped: "[!Hello !]%(name)s[!.!]"."""
    pattern = re.compile(f"{_PERCENT.pattern}|{_BRACES.pattern}" if python_format
                         else _BRACES.pattern)
    parts, last = [], 0
    for match in pattern.finditer(text):
        if match.start() > last:
            parts.append(OPEN + text[last:match.start()] + CLOSE)
        parts.append(match.group())
        last = match.end()
    if last < len(text) or not text:
        parts.append(OPEN + text[last:] + CLOSE)
    return "".join(parts)


def pseudo_catalogue(pot: Path, locale: str = PSEUDO) -> Catalog:
    """Every message of `pot` said in the pseudo-locale, plural forms included."""
    with pot.open("rb") as f:
        template = read_po(f)
    catalogue = Catalog(locale=locale, domain="messages", charset="utf-8")
    for message in template:
        if not message.id:
            continue
        fmt = message.python_format
        if isinstance(message.id, tuple | list):
            singular, plural = message.id[0], message.id[1]
            string = tuple(pseudo(singular if i == 0 else plural, fmt)
                           for i in range(catalogue.num_plurals))
        else:
            string = pseudo(message.id, fmt)
        catalogue.add(message.id, string, context=message.context, flags=message.flags)
    return catalogue


def compile_pseudo(out_dir: Path, locale: str = PSEUDO) -> Path:
    """Extract, build and compile the pseudo catalogue; returns the translations directory."""
    pot = extract_messages(out_dir)
    translations = out_dir / "translations"
    target = translations / locale / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.mo").open("wb") as f:
        write_mo(f, pseudo_catalogue(pot, locale))
    return translations


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes, and the attributes a browser shows or
    a screen reader says (title, placeholder, aria-label, alt, a button's value).

    Text inside an element of class "code" or "secret" is a code by the templates' own
    convention (a person's code, a serial, a hash, a key; a two-factor secret, recovery
    codes), and so is a <code> element's: data, left out."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
    NOT_SHOWN = {"script", "style"}
    CODES = {"code", "kbd", "samp"}  # tags
    CODE_CLASSES = {"code", "secret"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, whether it hides its text)
        self._run: list[str] = []

    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self._open)

    def _flush(self) -> None:
        """One text per run between tags: the parser may hand a run over in pieces (at a
        "<" that starts no tag, as in "shown as <5")."""
        text, self._run = "".join(self._run), []
        if text.strip():
            self.texts.append(text)

    def handle_starttag(self, tag, attrs):
        self._flush()
        values = {name: value or "" for name, value in attrs}
        if not self._hidden():
            self.texts += [values[a] for a in self.SHOWN_ATTRIBUTES if values.get(a)]
            if tag == "input" and values.get("type") in ("submit", "button", "reset") \
                    and values.get("value"):
                self.texts.append(values["value"])
        if tag not in self.VOID:
            hides = (tag in self.NOT_SHOWN or tag in self.CODES
                     or bool(self.CODE_CLASSES & set(values.get("class", "").split())))
            self._open.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        self._flush()
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self._run.append(data)


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.texts


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, as a reader of the PDF gets it back (pypdf)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


_WRAPPED = re.compile(re.escape(OPEN) + r"((?:(?!" + re.escape(OPEN) + "|" + re.escape(CLOSE)
                      + r").)*)" + re.escape(CLOSE), re.S)
_WORD = re.compile(r"[^\W\d_]+")
_ADDRESS = re.compile(r"https?://\S+")  # a web address (the verification link) is data
# The verification code printed under the QR code (seal.short_code: Crockford base32) is data.
_SHORT_CODE = re.compile(r"(?<!\w)[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}(?!\w)")


def without_translations(text: str) -> str:
    """`text` with every wrapped part taken out (innermost first, for nested sentences)."""
    previous = None
    while previous != text:
        previous, text = text, _WRAPPED.sub(" ", text)
    return text


class Allowed:
    """What may be left once the translations are taken out: data, never interface text.

    `phrases`: data as it is stored (a person's or a site's name, a note's text),
    taken out whole, longest first; `words`: single words that CLDR gives (a month,
    a country's name in the pseudo-locale). Digits and punctuation are always data.
    """

    def __init__(self, phrases: Iterable[str] = (), words: Iterable[str] = ()) -> None:
        normal = {" ".join(unicodedata.normalize("NFC", p).split()) for p in phrases if p}
        self.phrases = sorted((p for p in normal if p), key=len, reverse=True)
        self.words = {w for w in words if w}

    def leftover(self, text: str) -> list[str]:
        """The words of `text` that are neither translated nor allowed data."""
        rest = " ".join(unicodedata.normalize("NFC", without_translations(text)).split())
        rest = _SHORT_CODE.sub(" ", _ADDRESS.sub(" ", rest))
        for phrase in self.phrases:
            if phrase in rest:  # whole words only: "lea" is a login, not the end of "kpelea"
                rest = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", rest)
        return [w for w in _WORD.findall(rest) if w not in self.words]


def untranslated(texts: Iterable[str], allowed: Allowed) -> list[str]:
    """Each text that leaves something untranslated, whole (so the report shows where)."""
    found = []
    for text in texts:
        words = allowed.leftover(text)
        if words:
            found.append(f"{' '.join(text.split())!r} (left: {' '.join(words)})")
    return found


def cldr_words(locale: str) -> set[str]:
    """The words CLDR gives a locale: months, days, periods, eras and the literal words
    of its date patterns ("la 17-a de junio"), the names of languages and territories
    (the pickers list them all)."""
    from babel import Locale

    cldr = Locale.parse(locale)
    names: list[str] = []
    for table in (cldr.months, cldr.days, cldr.quarters):
        for context in table.values():
            for width in context.values():
                names += [str(v) for v in width.values()]
    for width in cldr.day_periods.values():
        for periods in width.values():
            names += [str(v) for v in periods.values()]
    for width in cldr.eras.values():
        names += [str(v) for v in width.values()]
    patterns = [str(p) for table in (cldr.date_formats, cldr.time_formats)
                for p in table.values()]
    patterns += [str(p) for p in cldr.datetime_formats.values()]
    names += [literal for p in patterns for literal in re.findall(r"'([^']+)'", p)]
    names += list(cldr.languages.values()) + list(cldr.territories.values())
    return {w for name in names for w in _WORD.findall(name)}
