"""The quarterly cohort report: the request's choices, the cases read, the CSV and the PDF.

The computation is reports.tb_cohort (pure); this module reads the coded values of the
episodes (never a name, a number or a note), and builds the exports with the
indicators' own tools: the suppression threshold and its statement
(reports.suppression), the formula-safe CSV writer (csv_cells), the PDF builder and
its mirrored tables for Arabic (pdf). Every export is audited (Action.EXPORT,
object_type "tb_cohort"), like the indicators'.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy import func, or_, select

from caseflow import csv_cells, languages
from caseflow.access.reports import indicator_site_ids
from caseflow.audit import Action, record_event
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.tb import TbDose, TbEpisode
from caseflow.pdf import FONT, Letterhead, Paragraph, build_pdf, escape, isolate, styles
from caseflow.pdf.drawing import mirror_table
from caseflow.reports.exports import in_language
from caseflow.reports.period import programme_today
from caseflow.reports.suppression import statement, threshold
from caseflow.reports.tb_cohort import (
    COLUMN_LABELS,
    COLUMNS,
    CohortCase,
    Quarter,
    compute,
    row_label,
    table,
)

TITLE = _l("TB treatment outcomes: quarterly cohort")
CASE_TYPE = _l("Case type")
ALL_SITES = _l("all sites")
AS_OF = _l("Outcomes as known on %(date)s")
# "Q3 2025" in English, « T3 2025 » in French: the quarter as its readers write it (the
# key 2025Q3 stays in addresses and file names).
QUARTER = _l("Q%(number)d %(year)d")


def quarter_label(quarter, language: str) -> str:
    return in_language(QUARTER, language) % {"number": quarter.number, "year": quarter.year}


@dataclass(frozen=True)
class Choice:
    quarter: Quarter
    as_of: date
    site_code: str
    site_ids: list[int] | None
    sites: list[tuple[str, str]]

    @property
    def query(self) -> dict[str, str]:
        return {"quarter": self.quarter.key, "site": self.site_code}


def choice_from(args, user, today: date | None = None) -> Choice:
    """An unknown quarter: the one whose outcomes are due; a site the user may not see:
    all theirs (as the indicators do)."""
    today = today or programme_today()
    quarter = Quarter.parse(args.get("quarter")) or Quarter.reported(today)
    allowed = indicator_site_ids(user)
    rows = [(i, c, n) for i, c, n in db.session.execute(
        select(Site.id, Site.code, Site.name).order_by(Site.code))
        if allowed is None or i in allowed]
    wanted = (args.get("site") or "").strip().upper()
    chosen = [i for i, c, _n in rows if c == wanted]
    sites = [(c, n) for _i, c, n in rows]
    if chosen:
        return Choice(quarter, today, wanted, chosen, sites)
    return Choice(quarter, today, "", allowed, sites)


def load_cases(quarter: Quarter, site_ids: list[int] | None) -> list[CohortCase]:
    """The episodes started, or diagnosed, in the quarter: coded columns only."""
    last = (select(TbDose.episode_id, func.max(TbDose.taken_on).label("last"))
            .group_by(TbDose.episode_id).subquery())
    stmt = (select(TbEpisode.site_id, TbEpisode.diagnosed_on, TbEpisode.treatment_started_on,
                   TbEpisode.basis, TbEpisode.disease_site, TbEpisode.history,
                   TbEpisode.rif_resistance, TbEpisode.regimen, TbEpisode.outcome,
                   TbEpisode.outcome_on, TbEpisode.hiv, last.c.last)
            .outerjoin(last, last.c.episode_id == TbEpisode.id)
            .where(or_(TbEpisode.treatment_started_on.between(quarter.start, quarter.end),
                       TbEpisode.diagnosed_on.between(quarter.start, quarter.end))))
    if site_ids is not None:
        stmt = stmt.where(TbEpisode.site_id.in_(site_ids))
    out = []
    for row in db.session.execute(stmt):
        resistant = (row.rif_resistance is not None and row.rif_resistance.value == "detected"
                     ) or (row.regimen is not None and row.regimen.value == "drug_resistant")
        out.append(CohortCase(
            site_id=row.site_id, diagnosed_on=row.diagnosed_on,
            treatment_started_on=row.treatment_started_on,
            basis=row.basis and row.basis.value, disease_site=row.disease_site and
            row.disease_site.value, history=row.history and row.history.value,
            rifampicin_resistant=resistant, outcome=row.outcome and row.outcome.value,
            outcome_on=row.outcome_on, last_dose_on=row.last,
            regimen=row.regimen and row.regimen.value, hiv=row.hiv and row.hiv.value))
    return out


def rows_for(choice: Choice, language: str, *, suppressed: bool) -> tuple[list[str], list]:
    """The header and the rows, labels in `language`."""
    cohort = compute(load_cases(choice.quarter, choice.site_ids), choice.quarter,
                     choice.as_of)
    header = [in_language(CASE_TYPE, language)] + [in_language(COLUMN_LABELS[c], language)
                                                   for c in COLUMNS]
    body = [[in_language(row_label(key), language), *cells]
            for key, cells in table(cohort, suppressed=suppressed, limit=threshold())]
    return header, body


def scope(choice: Choice, language: str) -> str:
    return choice.site_code or in_language(ALL_SITES, language)


def _audit(actor_id, fmt: str, choice: Choice) -> None:
    record_event(Action.EXPORT, actor_id=actor_id, object_type="tb_cohort",
                 object_id=choice.quarter.key,
                 details={"format": fmt, "quarter": choice.quarter.key,
                          "as_of": choice.as_of.isoformat(), "threshold": threshold(),
                          "sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()


def csv_bytes(choice: Choice, language: str, actor_id: int | None) -> bytes:
    with reading():
        header, body = rows_for(choice, language, suppressed=True)
    out = io.StringIO()
    writer = csv_cells.writer(out)
    writer.writerow([f"{in_language(TITLE, language)} {quarter_label(choice.quarter, language)} "
                     f"({scope(choice, language)})"])
    writer.writerow([in_language(AS_OF, language) % {"date": choice.as_of.isoformat()}])
    writer.writerow(header)
    writer.writerows(body)
    writer.writerow([statement(language)])
    _audit(actor_id, "csv", choice)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def pdf_bytes(choice: Choice, language: str, actor_id: int | None) -> bytes:
    with reading():
        header, body = rows_for(choice, language, suppressed=True)
    direction = languages.get(language).direction
    st = styles(direction)
    small = st["small"]
    # Headers wrap between words only (a label cut inside a word reads as two words), in a
    # smaller size so that "Enregistrés" or "Treatment completed" fit their column.
    heading = ParagraphStyle("cohort-heading", parent=small, fontSize=6.5, leading=8,
                             splitLongWords=0)
    data = [[Paragraph(escape(h), heading) for h in header]]
    data += [[Paragraph(escape(r[0]), small), *r[1:]] for r in body]
    widths = [42 * mm] + [16 * mm] * (len(header) - 1)
    data, widths, commands = mirror_table(data, widths, [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ], direction)
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle(commands))
    title = in_language(TITLE, language)
    story = [
        Paragraph(escape(f"{title} — {isolate(quarter_label(choice.quarter, language))}"),
                  st["title"]),
        Paragraph(escape(isolate(scope(choice, language))), st["body"]),
        Paragraph(escape(in_language(AS_OF, language) % {
            "date": isolate(choice.as_of.isoformat())}), st["body"]),
        grid, Spacer(1, 4 * mm), Paragraph(escape(statement(language)), small),
    ]
    pdf = build_pdf(story, letterhead=Letterhead(organisation="caseflow", site_name=title),
                    title=title, author="caseflow", language=language, direction=direction)
    _audit(actor_id, "pdf", choice)
    return pdf
