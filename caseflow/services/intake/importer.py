"""Importing the spreadsheets teams keep today (flask --app caseflow import-persons).

Every row is checked before anything is written. A broken row is reported with
its line and column; then nothing is imported, unless the operator asks to
skip the broken rows (they are written to a file to fix and import again). A
row that looks like someone already known is reported, never silently created.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from babel import Locale

from caseflow import csv_cells
from caseflow.services import ServiceError
from caseflow.services.intake.duplicates import find_candidates
from caseflow.services.intake.people import Identity, register_person
from caseflow.vocabulary import BirthDatePrecision, Sex, Vulnerability

COLUMNS = ["family_name", "given_names", "aliases", "birth_date", "sex", "nationality",
           "languages", "phone", "flags"]
EXTRA = "(extra cells)"
SEX_ALIASES = {"f": "female", "m": "male", "h": "male", "femme": "female", "homme": "male",
               "": "unknown", "autre": "other", "inconnu": "unknown"}


@dataclass
class RowProblem:
    line: int
    column: str
    message: str


@dataclass
class ParsedRow:
    line: int
    raw: dict[str, str]
    identity: Identity | None = None
    flags: list[Vulnerability] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode UTF-8 (with or without BOM), detect ',' or ';', return header and numbered rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError(f"the file is not UTF-8 (byte {exc.start})") from None
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in ("family_name",) if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        raise ServiceError(
            "columns must be " + ", ".join(COLUMNS)
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    rows = []
    for row in reader:
        # Cells beyond the header land under the key None: kept so that the row is refused.
        # restore(): a rejected-rows file (write_rejected) quotes a cell beginning with
        # = + - @ so that no spreadsheet runs it; corrected and imported again, the name is
        # stored as typed, without that quote.
        cells = {k: csv_cells.restore((v or "").strip()).strip() for k, v in row.items() if k}
        if row.get(None):
            cells[EXTRA] = ";".join(v for v in row[None] if v)
        rows.append((reader.line_num, cells))
    return header, rows


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _birth(value: str) -> tuple[date | None, BirthDatePrecision]:
    if not value:
        return None, BirthDatePrecision.UNKNOWN
    parts = value.split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or any(len(p) > 2 for p in parts[1:]):
        raise ValueError(value)
    numbers = [int(p) for p in parts]  # ValueError on anything else
    if len(parts) == 1 and len(parts[0]) == 4:
        return date(numbers[0], 1, 1), BirthDatePrecision.YEAR
    if len(parts) == 2:
        return date(numbers[0], numbers[1], 1), BirthDatePrecision.MONTH
    if len(parts) == 3:
        return date(*numbers), BirthDatePrecision.FULL
    raise ValueError(value)


def parse_row(line: int, raw: dict[str, str]) -> ParsedRow:
    row = ParsedRow(line, raw)
    english = Locale("en")

    def problem(column: str, message: str) -> None:
        row.problems.append(RowProblem(line, column, message))

    if raw.get(EXTRA):
        problem(EXTRA, "this row has more cells than the header has columns")
    try:
        born, precision = _birth(raw.get("birth_date", ""))
    except ValueError:
        born, precision = None, BirthDatePrecision.UNKNOWN
        problem("birth_date", "use YYYY-MM-DD, YYYY-MM or YYYY")
    sex = SEX_ALIASES.get(raw.get("sex", "").lower(), raw.get("sex", "").lower())
    if sex not in {s.value for s in Sex}:
        problem("sex", "use female, male, other or unknown")
        sex = "unknown"
    nationality = raw.get("nationality", "").upper() or None
    if nationality and (len(nationality) != 2 or nationality not in english.territories):
        problem("nationality", f"{nationality!r} is not an ISO 3166 alpha-2 country code")
    languages = [code.lower() for code in _split(raw.get("languages", ""))]
    for code in languages:
        if code not in english.languages:
            problem("languages", f"{code!r} is not an ISO 639 language code")
    for name in _split(raw.get("flags", "")):
        try:
            row.flags.append(Vulnerability(name))
        except ValueError:
            problem("flags", f"{name!r} is not one of {', '.join(v.value for v in Vulnerability)}")
    identity = Identity(
        family_name=raw.get("family_name", ""), given_names=raw.get("given_names", ""),
        aliases=_split(raw.get("aliases", "")), birth_date=born, birth_precision=precision,
        sex=Sex(sex), nationality=nationality, languages=languages,
        phone=raw.get("phone") or None,
    )
    try:
        row.identity = identity.cleaned()
    except ServiceError as error:
        problem(error.field or "family_name", str(error.message))
    return row


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # codes
    invalid: list[ParsedRow] = field(default_factory=list)
    # row, and what it resembles: existing codes, or "line N" of the same file
    duplicates: list[tuple[ParsedRow, list[str]]] = field(default_factory=list)


def import_rows(rows: list[tuple[int, dict[str, str]]], *, site_id: int, programme: str,
                actor=None, skip_invalid: bool = False) -> ImportReport:
    """All or nothing, in one transaction: a row like an existing person, or like an
    earlier row of the same file, is reported instead of created."""
    from sqlalchemy import select

    from caseflow.extensions import db
    from caseflow.models.person import Person

    report = ImportReport()
    created_from: dict = {}  # person id -> line of the file it came from
    for row in (parse_row(line, raw) for line, raw in rows):
        if row.problems:
            report.invalid.append(row)
            continue
        # Earlier rows are flushed, so the search sees them too.
        matches = [m.person_id for m in find_candidates(row.identity, limit=3)]
        if matches:
            known = list(db.session.scalars(select(Person.code).where(
                Person.id.in_([m for m in matches if m not in created_from]))))
            lines = [f"line {created_from[m]}" for m in matches if m in created_from]
            report.duplicates.append((row, lines + known))
            continue
        person = register_person(actor, row.identity, site_id=site_id, programme=programme,
                                 flags=row.flags, commit=False)
        created_from[person.id] = row.line
        report.created.append(person.code)
    if (report.invalid or report.duplicates) and not skip_invalid:
        db.session.rollback()
        report.created = []
        return report
    db.session.commit()
    return report


def write_rejected(path, header: list[str], report: ImportReport) -> None:
    """The rows not imported, with the reason in a last column, ready to fix and re-import."""
    import os

    from caseflow import csv_cells

    # The rows hold names and dates of birth: readable by the operator only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        # Names typed as "=HYPERLINK(...)" must not run in the spreadsheet that opens this.
        writer = csv_cells.writer(handle)
        writer.writerow([*header, "problem"])
        for row in report.invalid:
            reasons = "; ".join(f"{p.column}: {p.message}" for p in row.problems)
            writer.writerow([row.raw.get(c, "") for c in header] + [f"line {row.line}: {reasons}"])
        for row, codes in report.duplicates:
            writer.writerow([row.raw.get(c, "") for c in header]
                            + [f"line {row.line}: may already be {', '.join(codes)}"])
