"""Right to left (Arabic) without a second stylesheet: the CSS says start and end, not left
and right.

Why: an Arabic page is the same page mirrored. A rule written `margin-left` or `text-align:
left` keeps its side when the page turns (a flash's coloured bar on the wrong edge, a label
in a card over its value); `margin-inline-start` and `text-align: start` follow the page's
`dir`. These tests read every stylesheet under caseflow/static and every template, and name
the file and line of each physical left/right that has a logical equivalent. A rule that
must stay physical says so on its line with a `/* physical: why */` comment.

A pointing icon (an arrow, a chevron) would point the wrong way in Arabic: none is used,
and one added later must be mirrored (`[dir=rtl] .icon { transform: scaleX(-1) }`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "caseflow"
STATIC = ROOT / "static"
TEMPLATES = ROOT / "templates"

# Properties whose name says a side, each with a logical twin.
PHYSICAL_PROPERTY = re.compile(
    r"^(?:(?:margin|padding|scroll-margin|scroll-padding)-(?:left|right)"
    r"|border-(?:left|right)(?:-(?:width|style|color))?"
    r"|border-(?:top|bottom)-(?:left|right)-radius"
    r"|left|right)$"
)
# Properties whose value may say a side.
SIDE_VALUE = {"text-align", "text-align-last", "float", "clear"}
# Shorthands of four sides (top right bottom left): physical when right and left differ.
FOUR_SIDES = {"margin", "padding", "inset", "scroll-margin", "scroll-padding", "border-width",
              "border-style", "border-color"}
ALLOWED_MARK = "physical:"


def css_files() -> list[Path]:
    return sorted(STATIC.rglob("*.css"))


def _values(text: str) -> list[str]:
    """The space-separated values of a declaration, a function's arguments kept together."""
    values, depth, current = [], 0, ""
    for char in text.strip():
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char.isspace() and depth == 0:
            if current:
                values.append(current)
            current = ""
        else:
            current += char
    return values + ([current] if current else [])


def physical(prop: str, value: str) -> str | None:
    """Why `prop: value` is physical where a logical equivalent exists, or None."""
    prop, value = prop.strip().lower(), value.strip().lower().replace("!important", "").strip()
    if prop.startswith("--"):
        return None
    if PHYSICAL_PROPERTY.match(prop):
        return f"{prop}: use its inline-start/inline-end (or start-start...) equivalent"
    if prop in SIDE_VALUE and value in ("left", "right"):
        return f"{prop}: {value}: use {'start' if prop.startswith('text') else 'inline-start'}" \
               f"/{'end' if prop.startswith('text') else 'inline-end'}"
    if prop in FOUR_SIDES:
        sides = _values(value)
        if len(sides) == 4 and sides[1] != sides[3]:
            return f"{prop}: {value}: right and left differ; use {prop}-block and {prop}-inline"
    if prop == "border-radius":
        corners = _values(value.split("/")[0])
        if len(corners) in (2, 3, 4):
            top_left, top_right = corners[0], corners[1]
            bottom_right = corners[2] if len(corners) > 2 else corners[0]
            bottom_left = corners[3] if len(corners) == 4 else corners[1]
            if top_left != top_right or bottom_left != bottom_right:
                return f"border-radius: {value}: use border-start-start-radius..."
    return None


def _without_comments(css: str) -> str:
    """The stylesheet with its comments blanked out, lines kept (for the line numbers)."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), css, flags=re.S)


def declarations(css: str) -> list[tuple[int, str, str]]:
    """(line, property, value) of each declaration of a stylesheet, at-rules' blocks entered."""
    text = _without_comments(css)
    found: list[tuple[int, str, str]] = []
    preludes: list[str] = []
    start = 0
    for match in re.finditer(r"[{};]", text):
        segment = text[start:match.start()]
        in_rule = bool(preludes) and not preludes[-1].lstrip().startswith("@")
        if match.group() == "{":
            preludes.append(segment.strip())
        elif in_rule and ":" in segment:
            prop, value = segment.split(":", 1)
            offset = start + len(segment) - len(segment.lstrip())
            found.append((text.count("\n", 0, offset) + 1, prop.strip(), value.strip()))
        if match.group() == "}" and preludes:
            preludes.pop()
        start = match.end()
    return found


def problems(css: str, name: str) -> list[str]:
    lines = css.splitlines()
    return [f"{name}:{line}: {why}" for line, prop, value in declarations(css)
            if (why := physical(prop, value)) and ALLOWED_MARK not in lines[line - 1]]


# --- The checker, on its own ------------------------------------------------------------------


def test_it_finds_each_kind_of_physical_side():
    css = """a { margin-left: 1rem; padding-right: 0 }
    @media (max-width: 30rem) { .b { left: 0; text-align: right; float: left } }
    .c { border-left: 4px solid red; border-top-right-radius: 3px; clear: right; }
    /* margin-left: 1rem in a comment is not a rule */
    .d { margin: 0 1rem 0 0; border-radius: 4px 0 0 4px; inset: 0 auto 0 0; }"""
    found = problems(css, "t.css")
    assert [p.split(":")[1] for p in found] == ["1", "1", "2", "2", "2", "3", "3", "3", "5",
                                                 "5", "5"]
    assert "t.css:1: margin-left" in found[0]


def test_it_lets_logical_and_symmetric_rules_through():
    css = """a:hover, a[href^="http:"] { margin-inline-start: 1rem; text-align: start; }
    .b { margin: 0 auto; padding: .5rem 1rem .25rem; inset-inline: 0; float: inline-start; }
    .c { border-radius: 4px; border-inline-start: 3px solid; --left: 1px; top: 0; }
    .d { left: 0; } /* physical: a drawing that does not turn with the text */"""
    assert problems(css, "t.css") == []


# --- caseflow's own stylesheets and templates ---------------------------------------------------


def test_it_reads_the_stylesheets():
    names = {p.name for p in css_files()}
    assert {"caseflow.css", "pickers.css"} <= names
    assert len(declarations((STATIC / "css" / "caseflow.css").read_text())) > 300


@pytest.mark.parametrize("path", css_files(), ids=lambda p: p.name)
def test_it_writes_no_physical_left_or_right_in_the_stylesheets(path):
    found = problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "physical left/right where a logical property exists:\n" + "\n".join(found)


STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(["'])(.*?)\1""", re.S | re.I)
ALIGN_ATTRIBUTE = re.compile(r"""\salign\s*=\s*["']?(left|right)\b""", re.I)


def test_it_writes_no_physical_left_or_right_in_the_templates():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        for match in STYLE_ATTRIBUTE.finditer(html):
            line = html.count("\n", 0, match.start()) + 1
            found += [f"{name}:{line}: style=: {why}"
                      for prop, value in (d.split(":", 1) for d in match.group(2).split(";")
                                          if ":" in d)
                      if (why := physical(prop, value))]
        found += [f"{name}:{html.count(chr(10), 0, m.start()) + 1}: align={m.group(1)}"
                  for m in ALIGN_ATTRIBUTE.finditer(html)]
    assert not found, "\n".join(found)


# Characters that point one way: in Arabic "next" points left. (Guillemets are quotation
# marks, mirrored by the browser itself.)
POINTING = re.compile("[\u2190-\u21ff\u2794-\u27bf\u2b05-\u2b0d\u25b6\u25b8\u25ba\u25c0\u25c2"
                      "\u25c4\u2039\u203a\u276e\u276f]|&(?:[lr]arr|[lr]Arr|[lr]saquo|rarrw);")


def test_it_mirrors_every_pointing_icon():
    """No arrow in the templates nor in a stylesheet's `content`, unless the stylesheet
    mirrors its element for right to left."""
    css = "\n".join(p.read_text(encoding="utf-8") for p in css_files())
    mirrored = "[dir=rtl]" in css.replace('"', "") and "scaleX(-1)" in css
    found = []
    for path in sorted([*TEMPLATES.rglob("*.html"), *css_files()]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if POINTING.search(line) and not mirrored:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "a pointing icon that would not turn in Arabic:\n" + "\n".join(found)
