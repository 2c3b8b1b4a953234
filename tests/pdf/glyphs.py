"""What a PDF really draws: each text object's glyphs, in content-stream order, as the
glyph ids of the original font files (for comparison with HarfBuzz's shaping), and
the helpers the PDF tests share.

reportlab embeds subsets whose codes are its own; the ToUnicode map turns a code back
into the character reportlab assigned it (a private-use one for a glyph that has no
character of its own), and the registered font's cmap in this process turns that
character into the original glyph id.

`save()` writes a document and its pages as PNG into test-artifacts/pdf-ar for a person
to look at, only when CASEFLOW_ARTIFACTS=1 (pdftoppm is slow, and a test run must not
write into the repository by default).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase import pdfmetrics

from caseflow.pdf import ARABIC_FONT, ARABIC_FONT_BOLD, FONTS_DIR

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf-ar"

_BFCHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class Drawn:
    font: str  # reportlab's registered name, e.g. "NotoNaskhArabic"
    gid: int
    char: str
    x: float  # page x (points) of the run it belongs to
    y: float
    end: float = 0.0  # page x after the glyph (its advance and the TJ adjustments)
    start: float = 0.0  # page x where the glyph starts
    size: float = 0.0  # the font size it is drawn at


def _to_unicode(font) -> dict[int, str]:
    if "/ToUnicode" not in font:  # a standard font (none of caseflow's text should be one)
        return {code: chr(code) for code in range(256)}
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    body = data.split("beginbfchar", 1)[1] if "beginbfchar" in data else ""
    return {int(code, 16): chr(int(uni, 16)) for code, uni in _BFCHAR.findall(body)}


def _registered(face_name: str) -> str:
    """The registered name of the font whose face (the file's PostScript name) this is."""
    for name in pdfmetrics.getRegisteredFontNames():
        face = getattr(pdfmetrics.getFont(name), "face", None)
        if face is not None and getattr(face, "name", b"") == face_name.encode():
            return name
    raise LookupError(face_name)


def drawn(pdf: bytes, page: int = 0) -> list[list[Drawn]]:
    """One list per BT..ET text object (caseflow draws one line per text object)."""
    reader = PdfReader(io.BytesIO(pdf))
    page_obj = reader.pages[page]
    fonts = {name: value.get_object() for name, value in page_obj["/Resources"]["/Font"].items()}
    maps = {name: _to_unicode(font) for name, font in fonts.items()}
    widths = {name: (int(font.get("/FirstChar", 0)), [float(w) for w in font.get("/Widths", [])])
              for name, font in fonts.items()}
    lines: list[list[Drawn]] = []
    current = None
    font_name, x, y, size, cursor = None, 0.0, 0.0, 0.0, 0.0
    leading, word_space, char_space = 0.0, 0.0, 0.0
    ctm, saved = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []

    def page_x(tx: float, ty: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return a * tx + c * ty + e, b * tx + d * ty + f

    for operands, operator in ContentStream(page_obj.get_contents(), reader).operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)
        elif operator == b"BT":
            current = []
        elif operator == b"ET":
            lines.append(current)
        elif operator == b"Tf":
            font_name, size = operands[0], float(operands[1])
        elif operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
            cursor = x
        elif operator == b"Td":
            x, y = x + float(operands[0]), y + float(operands[1])
            cursor = x
        elif operator == b"TL":
            leading = float(operands[0])
        elif operator == b"Tw":
            word_space = float(operands[0])
        elif operator == b"Tc":
            char_space = float(operands[0])
        if operator == b'"':
            word_space, char_space = float(operands[0]), float(operands[1])
        if operator in (b"T*", b"'", b'"'):
            y -= leading  # the next line, at the line's start
            cursor = x
        if operator in (b"Tj", b"TJ", b"'", b'"'):
            strings = operands[-1] if operator == b"TJ" else [operands[-1]]
            base = str(fonts[font_name]["/BaseFont"]).lstrip("/")
            family = _registered(base.split("+", 1)[1]) if "+" in base else base
            face = pdfmetrics.getFont(family).face if "+" in base else None
            first, advances = widths[font_name]
            for string in strings:
                if isinstance(string, (int, float)):
                    cursor -= float(string) * size / 1000  # a TJ adjustment
                    continue
                codes = (string.get_original_bytes() if hasattr(string, "get_original_bytes")
                         else bytes(string))
                for code in codes:
                    char = maps[font_name][code]
                    advance = advances[code - first] if 0 <= code - first < len(advances) else 0
                    before = cursor
                    # Tw widens (or squeezes) each single-byte space, Tc every character.
                    cursor += advance * size / 1000 + char_space + (word_space if code == 32
                                                                    else 0.0)
                    gid = face.charToGlyph.get(ord(char), 0) if face is not None else code
                    left, bottom = page_x(x, y)
                    current.append(Drawn(family, gid, char, left, bottom,
                                         page_x(cursor, y)[0], page_x(before, y)[0], size))
    return lines


def harfbuzz(text: str, font_file: str, rtl: bool = True) -> list[int]:
    """HarfBuzz's glyph ids for `text`, visual order, straight from the font file."""
    blob = hb.Blob.from_file_path(str(FONTS_DIR / font_file))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = "Arab"
    buf.language = "ar"
    hb.shape(hb.Font(hb.Face(blob)), buf)
    return [info.codepoint for info in buf.glyph_infos]


def expected(text: str, file: str = "NotoNaskhArabic-Regular.ttf") -> list[int]:
    """HarfBuzz's whole-line shaping less the spaces (caseflow prints those in DejaVu)."""
    space = harfbuzz(" ", file)[0]
    return [gid for gid in harfbuzz(text, file) if gid != space]


def arabic(line: list[Drawn], font: str = ARABIC_FONT) -> list[int]:
    """The glyph ids drawn in `font` in this line, left to right."""
    return [d.gid for d in line if d.font == font]


def chars(line: list[Drawn]) -> str:
    """The line's characters as drawn, left to right (Arabic glyphs as their codes)."""
    return "".join(d.char for d in line)


def lines(pdf: bytes) -> list[list[Drawn]]:
    """Every non-empty text object of every page."""
    return [line for page in range(len(PdfReader(io.BytesIO(pdf)).pages))
            for line in drawn(pdf, page) if line]


def has(line: list[Drawn], text: str, font: str = ARABIC_FONT) -> bool:
    """Whether the Arabic `text` is drawn shaped in this line, as one run of glyphs."""
    file = ("NotoNaskhArabic-Bold.ttf" if font == ARABIC_FONT_BOLD
            else "NotoNaskhArabic-Regular.ttf")
    wanted, gids = expected(text, file), arabic(line, font)
    return any(gids[i:i + len(wanted)] == wanted for i in range(len(gids) - len(wanted) + 1))


def words(pdf: bytes) -> list[list]:
    """Each word printed, as [page, x, y, x after it, font size, word] (points, two
    decimals): where a reader sees it. A word is a run of glyphs of one text object
    with no space."""
    out: list[list] = []
    for page in range(len(PdfReader(io.BytesIO(pdf)).pages)):
        for line in drawn(pdf, page):
            word: list[Drawn] = []
            for glyph in [*line, None]:
                if glyph is not None and not glyph.char.isspace() and (
                        not word or (glyph.y == word[-1].y
                                     and abs(glyph.start - word[-1].end) < 0.01)):
                    word.append(glyph)
                    continue
                if word:
                    out.append([page, round(word[0].start, 2), round(word[0].y, 2),
                                round(word[-1].end, 2), round(word[0].size, 2),
                                "".join(d.char for d in word)])
                word = [glyph] if glyph is not None and not glyph.char.isspace() else []
    return out


def printed_lines(pdf: bytes) -> list[list]:
    """`words` a line at a time, as [page, y, font size of its first word, x of each word,
    x after the last, the words]: a shorter record of the same positions."""
    out: list[list] = []
    for page, x, y, end, size, word in words(pdf):
        if out and out[-1][0] == page and out[-1][1] == y:
            out[-1][3].append(x)
            out[-1][4] = end
            out[-1][5] += f" {word}"
        else:
            out.append([page, y, size, [x], end, word])
    return out


def save(name: str, pdf: bytes) -> None:
    """The PDF and its pages as PNG in test-artifacts/pdf-ar, when CASEFLOW_ARTIFACTS=1."""
    if os.environ.get("CASEFLOW_ARTIFACTS") != "1":
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "100", "-png", ARTIFACTS / f"{name}.pdf",
                        ARTIFACTS / name], check=True)
