"""The figures laid out as rows of text: one layout for the CSV, the PDF and the CLI.

Every label is read here from the catalogues in the export's language
(force_locale), so an export in French reads in French whatever the reader's
interface language. With `suppressed=True` every count goes through the
figure's masks (suppression.masks: "<5" and the complements "x" that keep it
from being recovered by subtraction): this is the one place where exports get
their numbers, so no path skips it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale, pgettext
from flask_babel import lazy_gettext as _l

from caseflow import pathways
from caseflow.certificates.templates import TEMPLATES
from caseflow.reports.compute import FULL, Cells, Report
from caseflow.reports.definitions import AGE_GROUPS, CGI_BANDS, SEX_GROUPS, CategoryKind
from caseflow.reports.protection import ALL, TOTAL
from caseflow.reports.sources import NONE, UNSPECIFIED
from caseflow.reports.suppression import masks

HEADERS = {
    "indicator": _l("Indicator"),
    "category": _l("Category"),
    "unit": _l("Unit"),
    "month": _l("Month"),
    "total": _l("Total"),
    "previous": _l("Previous month"),
    "all": _l("All"),
    "unspecified": _l("not specified"),
    "internal": _l("internal referral"),
}


def no_site() -> str:
    """The column of figures with no site. "no site" also says, on the account pages, that
    an account has none ("aucun site"); here it is a column ("sans site"): a context
    keeps the two apart in the catalogue."""
    return pgettext("indicators column", "no site")


def category_label(kind: CategoryKind, code: str, language: str) -> str:
    """A breakdown code's label in `language` (the code itself when it is unknown)."""
    with force_locale(language):
        if kind is CategoryKind.LANGUAGE:  # CLDR's name in the export's language: "arabe"
            from babel import Locale

            return Locale.parse(language).languages.get(code, code)
        return str(_lazy_label(kind, code))


def _lazy_label(kind: CategoryKind, code: str):
    from caseflow.disciplines import Discipline
    from caseflow.models.referral import PartnerKind
    from caseflow.vocabulary import (
        ConsentPurpose,
        Housing,
        MentalHealthCategory,
        SessionKind,
        Vulnerability,
    )

    enums = {CategoryKind.DISCIPLINE: Discipline, CategoryKind.SESSION_KIND: SessionKind,
             CategoryKind.MH_CATEGORY: MentalHealthCategory, CategoryKind.PARTNER: PartnerKind,
             CategoryKind.CONSENT_PURPOSE: ConsentPurpose, CategoryKind.HOUSING: Housing}
    if code == UNSPECIFIED:
        return HEADERS["unspecified"]
    if code == "internal" and kind is CategoryKind.PARTNER:
        return HEADERS["internal"]
    if kind is CategoryKind.CGI_CHANGE and code in CGI_BANDS:
        return CGI_BANDS[code]
    if kind is CategoryKind.TEMPLATE and code in TEMPLATES:
        return TEMPLATES[code].title
    if kind is CategoryKind.CODE:
        from caseflow.reports.discipline_sources import category_label as code_label

        return code_label(code)
    try:
        if kind in enums:
            return enums[kind](code).label
        if kind is CategoryKind.VIOLENCE:
            if code in Vulnerability.__members__.values():
                return Vulnerability(code).label
            from caseflow import morbidity

            return morbidity.DEFAULTS.get(code, code)
        if kind is CategoryKind.PATHWAY_STATE:
            return pathways.get("minority_recourse").state_label(code)
    except ValueError:
        pass
    return code


def _ordered(kind: CategoryKind, codes: set[str]) -> list[str]:
    """Categories in reading order: CGI bands from best to worst, others by code."""
    if kind is CategoryKind.CGI_CHANGE:
        rank = {code: i for i, code in enumerate(CGI_BANDS)}
        return sorted(codes, key=lambda c: (rank.get(c, len(rank)), c))
    return sorted(codes)


@dataclass(frozen=True)
class Layout:
    """The columns of a table: site ids in order, and the languages' header row."""

    site_ids: list[int | None]
    site_codes: dict[int, str]
    language: str

    def header(self, with_previous: bool = True) -> list[str]:
        h = HEADERS
        with force_locale(self.language):
            cols = [str(h["indicator"]), str(h["category"]), str(h["unit"]), str(h["total"])]
            if with_previous:
                cols.append(str(h["previous"]))
            cols += [self.site_codes.get(s, no_site()) if s is not None else no_site()
                     for s in self.site_ids]
            cols += [str(label) for _code, label in SEX_GROUPS]
            cols += [str(label) for _code, label in AGE_GROUPS]
        return cols


def layout_for(report: Report, site_codes: dict[int, str], language: str) -> Layout:
    ids: list[int | None] = list(report.site_ids) if report.site_ids is not None \
        else sorted(site_codes, key=lambda s: site_codes[s])
    if report.site_ids is None and any(None in f.cells.by_site for f in report.figures):
        ids.append(None)
    return Layout(ids, site_codes, language)


def rows(report: Report, previous: Report | None, layout: Layout, *,
         suppressed: bool) -> list[list[str]]:
    """One row per indicator (category "All") then one per category of its breakdown.

    Suppressed, both reports must hold every margin (FULL): a figure is protected from
    all of them, whichever columns the caller keeps; the previous month's column is the
    total column of that month's own protected table, so it shows nothing that month's
    export hides."""
    lang = layout.language
    if suppressed and (report.grain != FULL or (previous and previous.grain != FULL)):
        raise ValueError("suppressed figures are protected from every margin: compute FULL")
    hidden: dict = {}
    hidden_before: dict = {}

    def show(n: int, mask: dict, cell) -> str:
        return mask.get(cell, str(n)) if suppressed else str(n)

    def line(label: str, category: str, unit: str, cells: Cells, before: Cells | None,
             row: str):
        out = [label, category, unit, show(cells.total, hidden, (TOTAL, row))]
        if previous is not None:
            out.append(show(before.total if before else 0, hidden_before, (TOTAL, row)))
        out += [show(cells.by_site.get(s, 0), hidden, ("site", row, s))
                for s in layout.site_ids]
        out += [show(cells.by_sex.get(code, 0), hidden, ("sex", row, code))
                for code, _l in SEX_GROUPS]
        out += [show(cells.by_age.get(code, 0), hidden, ("age", row, code))
                for code, _l in AGE_GROUPS]
        return out

    from caseflow.reports.definitions import UNIT_LABELS

    table = []
    for figure in report.figures:
        ind = figure.indicator
        with force_locale(lang):
            label, unit, everything = (str(ind.label), str(UNIT_LABELS[ind.unit]),
                                       str(HEADERS["all"]))
        before = previous.figure(ind.code) if previous is not None else None
        if suppressed:
            hidden = masks(figure, FULL)
            hidden_before = masks(before, FULL) if before is not None else {}
        table.append(line(label, everything, unit, figure.cells,
                          before.cells if before else None, ALL))
        codes = _ordered(ind.categories,
                         set(figure.categories) | set(before.categories if before else ()))
        for code in codes:
            if code == NONE:
                continue
            cells = figure.categories.get(code, Cells())
            table.append(line(label, category_label(ind.categories, code, lang), unit, cells,
                              before.categories.get(code) if before else None, code))
    return table
