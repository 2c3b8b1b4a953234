"""One renderer for every certificate template: CertificateData + language -> PDF bytes.

Why one renderer: the mandatory mentions (identity "as declared", both dates,
the author and register number, the closing mention, the signature block, the
serial and QR code) are laid out here once, so no template can forget one.
The templates (templates.py) only supply their title, opening sentence, fields
and fixed paragraphs.

Every word is the certificate's language's, from the gettext catalogues
(templates.catalogue: the app's under force_locale when one runs, else
caseflow/translations), never the reader's. No database, no keys. Rendering is
deterministic for the same input and catalogues apart from reportlab's creation
timestamp and document id, which is why the workflow stores the issued bytes and
never re-renders them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import cast

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from caseflow import countries, languages
from caseflow.certificates.annex import annex_story
from caseflow.certificates.data import (
    CertificateData,
    Facts,
    Finding,
    Lesion,
    Reported,
    validate,
)
from caseflow.certificates.marks import DRAFT_SERIAL, SERIAL, page_marks, verification_notes
from caseflow.certificates.phrases import (
    correction_sentences,
    declared_identity,
    facts_lines,
    itt_sentence,
    long_date,
    quoted,
)
from caseflow.certificates.scales import CONCLUSIONS, Consistency, Scale
from caseflow.certificates.seal import QR_SIZE
from caseflow.certificates.sentences import (
    CONSENT_TEXT,
    OATH,
    REPORTED,
)
from caseflow.certificates.signer import author_line, signature_lines
from caseflow.certificates.templates import (
    CertificateTemplate,
    FieldKind,
    FieldSpec,
    HandoverMode,
    closing_mention,
)
from caseflow.certificates.wording import Gender, Wording, catalogue
from caseflow.pdf import (
    FONT,
    FONT_BOLD,
    MARGIN,
    PAGE_SIZE,
    Paragraph,
    build_pdf,
    escape,
    isolate,
    styles,
)
from caseflow.pdf.drawing import mirror_table

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

# The layout's fixed words (English msgids, said in the certificate's language by
# `.get(language)`), kept next to where they print.
ISSUE_DATE = _l("Date of issue")
# A label and its value: "Date of issue: …", "Date de délivrance : …".
LABELLED = _l("%(label)s: %(value)s")
DONE_AT = _l("Done at %(place)s, on %(date)s.")
SIGNATURE = _l("Signature:")
LESION_COLUMNS = (_l("Location"), _l("Size"), _l("Aspect"))
NUMBER_COLUMN = _l("No.")
FINDING_COLUMNS = (_l("Finding"), _l("Consistency with the allegations"))
# Printed on a certificate in any language but French; %(language)s is the name of the
# certificate's language in itself ("English").
def _labelled(label: Wording, value: str, language: str) -> str:
    """"Date de l'examen : …" (French puts a space before the colon) / "Date of examination: …".
    The value is set apart (pdf.isolate): a date or a number keeps its order in Arabic."""
    return LABELLED.get(language) % {"label": label.get(language), "value": isolate(value)}


def direction_of(language: str) -> str:
    """The certificate's direction, its language's: an Arabic certificate (an Istanbul
    report issued in Tripoli) is laid out right to left, French and English ones as ever."""
    return languages.get(language).direction


def _styles(language: str):
    return styles(direction_of(language))


def _table(rows: list[list[str]], header: list[str], widths: list[float],
           direction: str = "ltr") -> Table:
    """A table of the certificate's; right to left, its first column (the number) on the
    right, where an Arabic reader starts the line."""
    s = styles(direction)
    cell = ParagraphStyle("cell", parent=s["body"], fontSize=9.5, leading=12.5, spaceAfter=0)
    head = ParagraphStyle("head", parent=cell, fontName=FONT_BOLD)
    data = [[Paragraph(escape(h), head) for h in header]]
    data += [[Paragraph(escape(value), cell) for value in row] for row in rows]
    data, widths, commands = mirror_table(data, widths, [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
    ], direction)
    table = Table(data, colWidths=widths, repeatRows=1,
                  hAlign="RIGHT" if direction == "rtl" else "LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _numbered(table, rows: list[list[str]], header: list[str], widths: list[float],
              language: str) -> Table:
    """A table of lesions or physical findings with their numbers, those of the annexed body
    diagram (annex.py numbers them in the same order)."""
    first = 0.07 * sum(widths)
    scale = (sum(widths) - first) / sum(widths)
    return table([[str(number), *row] for number, row in enumerate(rows, 1)],
                 [NUMBER_COLUMN.get(language), *header], [first, *(w * scale for w in widths)],
                 direction_of(language))


def _heading_style(language: str) -> ParagraphStyle:
    # A heading never stays alone at the foot of a page.
    return ParagraphStyle("field-heading", parent=_styles(language)["heading"], keepWithNext=1)


def _statement(spec: FieldSpec, value: str, language: str, gender: Gender) -> list[Flowable]:
    """The person's own words in quotation marks under the template's lead; a reported
    account (data.Reported) under a lead that says it is reported, without quotation marks:
    what sits inside quotation marks is only ever what the person said."""
    s = _styles(language)
    if isinstance(value, Reported):
        return [Paragraph(escape(REPORTED.agree(language, gender)), s["body"]),
                Paragraph(escape(value.strip()), s["body"])]
    story: list[Flowable] = []
    if spec.lead is not None:
        story.append(Paragraph(escape(spec.lead.agree(language, gender)), s["body"]))
    story.append(Paragraph(escape(quoted(value, language)), s["quote"]))
    return story


def _field(spec: FieldSpec, value: object, language: str, width: float,
           gender: Gender = Gender.INCLUSIVE) -> list[Flowable]:
    """One part of the template; its heading, lead and fixed words agree with the person."""
    s = _styles(language)
    story: list[Flowable] = [Paragraph(escape(spec.heading.agree(language, gender)),
                                       _heading_style(language))]
    kind = spec.kind
    if kind is FieldKind.STATEMENT:
        return story + _statement(spec, cast(str, value), language, gender)
    if spec.lead is not None:
        story.append(Paragraph(escape(spec.lead.agree(language, gender)), s["body"]))
    if kind is FieldKind.TEXT:
        story.append(Paragraph(escape(str(value)), s["body"]))
    elif kind is FieldKind.DAYS:
        story.append(Paragraph(escape(itt_sentence(cast(int, value), language)), s["body"]))
    elif kind is FieldKind.CONSENT:
        story.append(Paragraph(escape(CONSENT_TEXT.agree(language, gender)), s["body"]))
    elif kind is FieldKind.FACTS:
        story += [Paragraph(escape(line), s["line"])
                  for line in facts_lines(cast(Facts, value), language)]
        story.append(Spacer(1, 2 * mm))
    elif kind is FieldKind.PHOTOS:
        count = cast(int, value)
        story.append(Paragraph(escape(catalogue(language).ngettext(
            "%(num)d photograph of the lesions, taken with the person's consent, is annexed to "
            "this document.",
            "%(num)d photographs of the lesions, taken with the person's consent, are annexed "
            "to this document.", count) % {"num": count}), s["body"]))
    elif kind is FieldKind.LEVEL:
        story.append(Paragraph(f"<b>{escape(CONCLUSIONS[cast(Consistency, value)].get(language))}"
                               "</b>", s["body"]))
    elif kind is FieldKind.DATES:
        days = sorted(cast(list[dt.date], value))
        story += [Paragraph(escape(f"– {long_date(d, language)}"), s["line"]) for d in days]
        story.append(Spacer(1, 2 * mm))
    elif kind is FieldKind.LESIONS:
        lesions = cast(list[Lesion], value)
        story.append(_numbered(_table, [[x.location, x.size, x.aspect] for x in lesions],
                               [c.get(language) for c in LESION_COLUMNS],
                               [0.35 * width, 0.2 * width, 0.45 * width], language))
        story.append(Spacer(1, 2 * mm))
    elif kind is FieldKind.FINDINGS:
        findings = cast(list[Finding], value)
        rows = [[f.description, f.consistency.label.get(language)] for f in findings]
        header = [c.get(language) for c in FINDING_COLUMNS]
        widths = [0.68 * width, 0.32 * width]
        story.append(_numbered(_table, rows, header, widths, language) if spec.placed_on_body
                     else _table(rows, header, widths, direction_of(language)))
        story.append(Spacer(1, 2 * mm))
    return story


def consistency_scale(scale: Scale, language: str) -> list[Flowable]:
    """A scale of the Istanbul Protocol (scales.py), each degree defined in the Protocol's
    terms, printed under the findings it grades: « compatible » is the weakest support, with
    many other possible causes, and a reader who takes it for a strong one misreads the
    report."""
    s = _styles(language)
    story: list[Flowable] = [Paragraph(escape(scale.heading.get(language)),
                                       _heading_style(language)),
                             Paragraph(escape(scale.lead.get(language)), s["body"])]
    for level, definition in scale.definitions.items():
        line = _labelled(level.label, definition.get(language), language)
        story.append(Paragraph(escape(f"– {line}"), s["line"]))
    return [KeepTogether(story), Spacer(1, 2 * mm)]  # the scale is read whole, on one page


def last_seen(data: CertificateData, template: CertificateTemplate) -> dt.date:
    """The date printed as the exam or the last consultation: the exam date, or, for a
    template that lists the dates of follow-up, the last of them, so that the heading, the
    opening sentence and the list say the same day."""
    if template.last_date_field:
        days = cast(list[dt.date], data.fields.get(template.last_date_field) or [])
        if days:
            return max(days)
    return data.exam_date


def _story(data: CertificateData, template: CertificateTemplate, language: str) -> list[Flowable]:
    s = _styles(language)
    width = PAGE_SIZE[0] - 2 * MARGIN
    title = ParagraphStyle("certificate-title", parent=s["title"], alignment=TA_CENTER,
                           spaceAfter=2)
    centred = ParagraphStyle("certificate-serial", parent=s["small"], alignment=TA_CENTER,
                             spaceAfter=8)
    seen = long_date(last_seen(data, template), language)
    story: list[Flowable] = [
        Paragraph(escape(template.title.get(language)), title),
        Paragraph(escape(SERIAL.get(language) % {"serial": data.serial}), centred),
        Paragraph(escape(_labelled(template.exam_label, seen, language)), s["line"]),
        Paragraph(escape(_labelled(ISSUE_DATE, long_date(data.issue_date, language), language)),
                  s["line"]),
        Spacer(1, 5 * mm),
        # « Je soussignée / soussigné / soussigné(e) »: the signer's form of address.
        Paragraph(escape(template.opening.agree(language, data.author.gender) % {
            # Phrases in the certificate's language stay in its sentence; a date is set apart.
            "author": author_line(data.author, language, data.country),
            "exam_date": isolate(seen),
            "identity": declared_identity(data.person, language)}), s["body"]),
    ]
    story += [Paragraph(f"<b>{escape(text)}</b>", s["body"])
              for text in correction_sentences(data, template, language)]
    # The oath of art. 60 of the French code de procédure pénale, in writing: where the
    # country knows the requisition of a doctor (caseflow/countries.py).
    rules = countries.country(data.country)
    if data.handover.mode is HandoverMode.REQUISITION and rules.requisition:
        story.append(Paragraph(escape(OATH.get(language)), s["body"]))
    if data.interpreter is not None:
        spoken = f" ({data.interpreter.language})" if data.interpreter.language else ""
        story.append(Paragraph(escape(template.interpreter_sentence.get(language) % {
            "name": isolate(data.interpreter.name), "language": spoken}), s["body"]))
    # No photograph annexed prints nothing (« 0 photographie … est annexée » would be false).
    printed = [spec for spec in template.fields
               if data.fields.get(spec.key) not in (None, "", [], ())
               and not (spec.kind is FieldKind.PHOTOS and data.fields[spec.key] == 0)]
    # Each scale, defined, under the last findings graded on it.
    last_graded = {spec.scale.key: spec for spec in printed if spec.kind is FieldKind.FINDINGS}
    for spec in printed:
        story += _field(spec, data.fields[spec.key], language, width, data.person.gender)
        if last_graded.get(spec.scale.key) is spec:
            story += consistency_scale(spec.scale, language)
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(escape(text.get(language)), s["body"]) for text in template.fixed]
    author = data.author
    # The closing mention and the signature never part, and never start a page alone: a
    # signature page without text is what a judge distrusts most (it could be stapled under
    # someone else's text). The last paragraph of the body goes with them when they move.
    ending: list[Flowable] = []
    while story and not isinstance(story[-1], Paragraph):
        ending.insert(0, story.pop())
    if story:
        ending.insert(0, story.pop())
    # ...with the heading it belongs to ("Incapacité totale de travail" is never left alone
    # at the foot of a page while its sentence moves on with the signature).
    while story and isinstance(story[-1], Paragraph) and story[-1].getKeepWithNext():
        ending.insert(0, story.pop())
    signature: list[Flowable] = [
        *ending,
        Paragraph(escape(closing_mention(
            template, data.handover.mode, data.handover.recipient, language, data.person.gender,
            reference=data.handover.reference,
            requested_on=(long_date(data.handover.requested_on, language)
                          if data.handover.requested_on else ""))), s["body"]),
        Spacer(1, 2 * mm),
        Paragraph(escape(DONE_AT.get(language) % {
            "place": isolate(data.place),
            "date": isolate(long_date(data.issue_date, language))}), s["line"]),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>{escape(author.name)}</b>", s["line"]),
    ]
    signature += [Paragraph(escape(line), s["line"])
                  for line in signature_lines(author, language, data.country)]
    # 30 mm under "Signature": room for a signature and the site's stamp.
    signature += [Paragraph(escape(data.letterhead.site_name), s["line"]), Spacer(1, 3 * mm),
                  Paragraph(escape(SIGNATURE.get(language)), s["line"]), Spacer(1, 30 * mm)]
    story.append(KeepTogether(signature))
    notes = verification_notes(data, language)
    # The note of a copy in another language than the law's: France's courts read French;
    # where no language is imposed (Libya) such a note would be false.
    if rules.legal_language is not None and language != rules.legal_language:
        notes.append(template.noun.translation.get(language)
                     % {"language": languages.get(language).name})
    story += [Paragraph(escape(note), s["small"]) for note in notes]
    story += annex_story(data, template, language, width,
                         PAGE_SIZE[1] - 2 * MARGIN - 40 * mm,
                         functools.partial(_table, direction=direction_of(language)))
    return story


def render_certificate(data: CertificateData, language: str, *, draft: bool = False) -> bytes:
    """The certificate's body as PDF bytes, after `validate` (raises CertificateError).

    The body is everything but the QR code, which seal.seal_pdf adds once the
    body's hash is signed. `draft=True` renders the author's review copy: the
    same pages with a "draft, not valid" mark.

    The PDF title is the template's generic title ("Certificat médical") and the
    author the organisation: no name, no date of birth in the metadata.
    """
    template = validate(data, language)
    if draft:  # no serial yet: a preview must not look like a numbered certificate
        data = dataclasses.replace(data, serial=DRAFT_SERIAL.get(language),
                                   verification_url=data.verification_url.replace(
                                       data.serial, DRAFT_SERIAL.get(language)))
    title = template.title.get(language)
    serial = SERIAL.get(language) % {"serial": data.serial}
    return build_pdf(
        _story(data, template, language), letterhead=data.letterhead, title=title,
        author=data.letterhead.organisation, footer=f"{title} · {serial}",
        language=language, direction=direction_of(language),
        on_page=page_marks(data.serial, language, draft),
        rule_end=PAGE_SIZE[0] - MARGIN - QR_SIZE - 2 * mm,
    )
