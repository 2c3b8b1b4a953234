"""The nationalities and languages a site actually meets, to offer them first in the pickers.

The registration form lists 257 countries and 600-odd languages; a nurse in Calais meets
a dozen of each. The programme-wide guess (caseflow.i18n.FREQUENT_COUNTRIES and
FREQUENT_LANGUAGES, which the note form shows first) is right on average and wrong for a
given site: Tripoli does not meet the people Calais meets. So the site's own records say
what comes first.

Only clear, coded columns are read (person.nationality, person.languages: kept in clear
for statistics: caseflow/models/person.py), never an encrypted field, and the read is bounded: the
people of the last RECENT enrolments at the user's sites, one query, counted in Python
(the languages are a JSON list, which SQLite and PostgreSQL unnest differently; a few
hundred short rows are cheaper to count here than to write twice). Recent rather than all:
who arrives changes with the routes, and last year's arrivals should not outrank this
month's. Nothing here is audited: no person is read, only codes that the indicators
already count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.i18n import FREQUENT_COUNTRIES, FREQUENT_LANGUAGES
from caseflow.models.enrolment import Enrolment
from caseflow.models.person import Person

# People looked at: the last RECENT enrolments at the user's sites (one index range read).
RECENT = 500
# Below this many people the site's own counts say little (a site opening, a test
# database): the programme-wide list is the better guess until then.
MIN_PEOPLE = 20
# A code counts as frequent from this many people on, and at most TOP codes are shown
# first: enough for the usual cases, short enough to be read at a glance on a phone.
MIN_COUNT = 2
TOP = 8


@dataclass(frozen=True)
class FrequentCodes:
    """Codes to offer first; `learned` says whether they come from the site's records."""

    countries: tuple[str, ...]
    languages: tuple[str, ...]
    learned: bool


PROGRAMME_WIDE = FrequentCodes(FREQUENT_COUNTRIES, FREQUENT_LANGUAGES, learned=False)


def _top(counter: Counter) -> tuple[str, ...]:
    # Ties broken by code, so the same records always give the same list.
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(code for code, n in ranked[:TOP] if n >= MIN_COUNT)


def frequent_codes(site_ids: Iterable[int]) -> FrequentCodes:
    """The nationalities and languages most often declared at these sites lately."""
    site_ids = list(site_ids)
    if not site_ids:
        return PROGRAMME_WIDE
    recent = (select(Enrolment.person_id)
              .where(Enrolment.site_id.in_(site_ids))
              .order_by(Enrolment.started_on.desc(), Enrolment.created_at.desc())
              .limit(RECENT)
              .subquery())
    rows = db.session.execute(
        select(Person.nationality, Person.languages).where(Person.id.in_(select(recent)))
    ).all()
    if len(rows) < MIN_PEOPLE:
        return PROGRAMME_WIDE
    countries = Counter(code for code, _languages in rows if code)
    languages = Counter(code for _code, spoken in rows for code in set(spoken or ()))
    return FrequentCodes(_top(countries) or FREQUENT_COUNTRIES,
                         _top(languages) or FREQUENT_LANGUAGES, learned=True)
