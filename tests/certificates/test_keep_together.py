"""The end of a certificate: the signature never starts a page alone, and an ITT of zero says
"no ITT" (issue 16). Both read back from the rendered PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from caseflow.certificates import TEMPLATES, render_certificate
from caseflow.certificates.render import SIGNATURE
from caseflow.certificates.templates import FieldKind
from tests.certificates.samples import FIELDS, FRENCH_TEMPLATES, pdf_text, sample


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


def _last_body_text(template, fields, language) -> str:
    if template.fixed:
        return template.fixed[-1].get(language)
    last = [spec for spec in template.fields if fields.get(spec.key) not in (None, "", [], ())]
    return str(fields[last[-1].key])


@pytest.mark.parametrize("key", FRENCH_TEMPLATES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_keeps_the_signature_with_the_end_of_the_text_whatever_the_length(key, language):
    template = TEMPLATES[key]
    grown = next(spec for spec in template.fields if spec.kind in (FieldKind.TEXT,
                                                                    FieldKind.DATES))
    signature = str(SIGNATURE.get(language))
    moved = 0
    # From a short body to one that fills page 1: somewhere the signature block no longer
    # fits under the text, and must take the end of the text with it.
    for lines in range(0, 90, 3):
        fields = dict(FIELDS[key])
        if grown.kind is FieldKind.DATES:  # the attestation of follow-up: a longer list of dates
            fields[grown.key] = [dt.date(2026, 1, 1) + dt.timedelta(days=7 * n)
                                 for n in range(lines // 3 + 1)]
        else:
            fields[grown.key] = " ".join(["Ligne de texte du corps du certificat."] * lines) \
                or fields.get(grown.key) or "Texte."
        pages = _pages(render_certificate(sample(key, fields=fields), language))
        where = next(i for i, page in enumerate(pages) if signature in page)
        last = " ".join(_last_body_text(template, fields, language).split())[:40]
        assert last in pages[where], (key, language, lines, where)
        if not template.fixed:  # the last part's heading is never left behind alone
            filled = [spec for spec in template.fields
                      if fields.get(spec.key) not in (None, "", [], ())]
            assert str(filled[-1].heading.get(language)) in pages[where], (key, lines)
        moved += where > 0
    assert moved, "the lengths tried never pushed the signature to a second page"


@pytest.mark.parametrize(("language", "expected", "absent"), [
    ("fr", "Pas d'incapacité totale de travail (ITT) au sens pénal, sous réserve de "
           "complications.", "zéro (0) jour"),
    ("en", "No total incapacity for work (ITT, as defined by French criminal law), subject to "
           "complications", "zero (0) day"),
])
def test_it_says_no_itt_rather_than_zero_days(language, expected, absent):
    fields = {**FIELDS["violence_findings"], "itt_days": 0}
    text = pdf_text(render_certificate(sample("violence_findings", fields=fields), language))
    assert expected in text and absent not in text
    seven = {**FIELDS["violence_findings"], "itt_days": 7}
    assert "sept (7) jours" in pdf_text(render_certificate(
        sample("violence_findings", fields=seven), "fr"))


@pytest.mark.parametrize(("key", "noun"), [("istanbul_report", "This report"),
                                           ("psychological_attestation", "This attestation"),
                                           ("violence_findings", "This certificate")])
def test_it_names_the_document_by_its_kind_in_the_translation_note(key, noun):
    text = pdf_text(render_certificate(sample(key), "en"))
    assert f"{noun} was written in English at the person's request" in text
    assert "was written in" not in pdf_text(render_certificate(sample(key), "fr"))
