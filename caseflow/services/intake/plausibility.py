"""Plausibility checks shared by the services: nothing about a person is dated before their birth.

A note, an appointment or a consent dated 1990 for someone declared born in
2009 is a typing error, and a record that keeps it misleads every reader (and
the indicators). The check is written once, here, and honours what is known of
the birth: a year only ("born in 2009") refuses what comes before 1 January of
that year, a month before its first day, a full date before that day; an
unknown date refuses nothing. Age is never estimated (docs/FIELD.md, Age), so neither is
a birth date: only the declared one counts.

The birth date is encrypted: it is read through the person's attribute, the
same decryption path as every service (one field, with the key the session has
already loaded for this person). The message names no date: it may be shown in
a flash or logged with the refused request.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from caseflow.services import ServiceError
from caseflow.vocabulary import BirthDatePrecision


def earliest_day(person) -> date | None:
    """The first day the person may have been alive, as declared; None when unknown."""
    precision = person.birth_date_precision
    if precision == BirthDatePrecision.UNKNOWN.value:
        return None
    born = person.birth_date  # decrypted here
    if born is None:
        return None
    if precision == BirthDatePrecision.YEAR.value:
        return date(born.year, 1, 1)
    if precision == BirthDatePrecision.MONTH.value:
        return date(born.year, born.month, 1)
    return born


def ensure_not_before_birth(person, day: date | None, field: str | None = None) -> None:
    """Refuse (ServiceError on `field`) a day before the person's declared birth."""
    if day is None:
        return
    first = earliest_day(person)
    if first is not None and day < first:
        raise ServiceError(_l("This date is before the person's declared date of birth: "
                              "check the date."), field=field)
