"""A letter on the site's letterhead: place and date, addressee, subject, sections, signature.

The caller decides every word (translated, and limited to what the person's
consent allows); this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from caseflow.pdf import Letterhead, Paragraph, build_pdf, escape, styles


@dataclass
class Section:
    heading: str | None
    text: str  # plain text: escaped here, line breaks kept


@dataclass
class Letter:
    letterhead: Letterhead
    place_and_date: str
    addressee: list[str]
    subject: str
    opening: str
    sections: list[Section]
    closing: str
    signature: list[str]
    title: str  # PDF metadata: generic, no personal data
    footer: str = ""
    language: str = "fr"
    direction: str = "ltr"  # the language's (languages.get(language).direction)
    notes: list[str] = field(default_factory=list)  # small print under the signature


def render_letter(letter: Letter) -> bytes:
    s = styles(letter.direction)
    story = [Paragraph(escape(letter.place_and_date), s["right"]), Spacer(1, 4 * mm)]
    story += [Paragraph(escape(line), s["line"]) for line in letter.addressee]
    story += [Spacer(1, 4 * mm), Paragraph(escape(letter.subject), s["title"]),
              Paragraph(escape(letter.opening), s["body"])]
    for section in letter.sections:
        if section.heading:
            story.append(Paragraph(escape(section.heading), s["heading"]))
        story.append(Paragraph(escape(section.text), s["body"]))
    story.append(Paragraph(escape(letter.closing), s["body"]))
    signature = [Spacer(1, 6 * mm)] + [
        Paragraph(f"<b>{escape(line)}</b>" if i == 0 else escape(line), s["line"])
        for i, line in enumerate(letter.signature)
    ]
    story.append(KeepTogether(signature))
    if letter.notes:
        story.append(Spacer(1, 6 * mm))
        story += [Paragraph(escape(note), s["small"]) for note in letter.notes]
    return build_pdf(story, letterhead=letter.letterhead, title=letter.title,
                     author=letter.letterhead.organisation, footer=letter.footer,
                     language=letter.language, direction=letter.direction)
