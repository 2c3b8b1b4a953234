"""The annex of a certificate of findings or an Istanbul report: the body diagram.

The Istanbul Protocol asks for a body diagram with the lesions marked, and French
practice annexes one to a certificate of findings after violence. caseflow draws it from
the lesion table (or the physical findings), numbered in the table's order, for every
lesion given a body region; a certificate with none has no annex. The annex follows the
signature, on its own page, which carries the serial and the QR code like every page.
"""

from __future__ import annotations

from typing import cast

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from caseflow import languages
from caseflow.certificates.body_diagram import body_diagram
from caseflow.certificates.body_regions import BodyRegion
from caseflow.certificates.data import CertificateData, Finding, Lesion
from caseflow.certificates.templates import CertificateTemplate
from caseflow.certificates.wording import Wording
from caseflow.pdf import Paragraph, escape, styles

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

ANNEX_TITLE = _l("Annex: body diagram")
ANNEX_LEAD = _l("Each number marks, on the region where it was found, the lesion or finding of "
                "the same number below.")
LEGEND_COLUMNS = (_l("No."), _l("Region"), _l("Lesion or finding"))


def marked(data: CertificateData, template: CertificateTemplate) -> list[tuple[int, str, str]]:
    """(number, region code, what was found) for each lesion or physical finding placed on
    the body, numbered in the order of the certificate's tables."""
    rows: list[tuple[int, str, str]] = []
    number = 0
    for spec in template.fields:
        if not spec.placed_on_body:
            continue
        for item in cast(list, data.fields.get(spec.key) or []):
            number += 1
            if item.region:
                text = (f"{item.location} — {item.size} — {item.aspect}"
                        if isinstance(item, Lesion) else cast(Finding, item).description)
                rows.append((number, item.region, text))
    return rows


def annex_story(data: CertificateData, template: CertificateTemplate, language: str,
                width: float, height: float, table) -> list[Flowable]:
    """The annex's page, or nothing when no lesion was placed on the body. `table` is the
    renderer's table builder, so that the legend looks like the certificate's tables."""
    rows = marked(data, template)
    if not rows:
        return []
    direction = languages.get(language).direction
    s = styles(direction)
    legend = table([[str(number), BodyRegion(region).label.get(language), text]
                    for number, region, text in rows],
                   [c.get(language) for c in LEGEND_COLUMNS],
                   [0.08 * width, 0.32 * width, 0.60 * width])
    diagram = body_diagram([(number, region) for number, region, _ in rows], language, width,
                           max_height=height * 0.62, direction=direction)
    return [PageBreak(), Paragraph(escape(ANNEX_TITLE.get(language)), s["heading"]),
            Paragraph(escape(ANNEX_LEAD.get(language)), s["body"]), diagram,
            Spacer(1, 4 * mm), legend]
