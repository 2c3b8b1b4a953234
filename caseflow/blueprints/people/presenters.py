"""What the person pages show, prepared in Python so that templates only display it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow import pathways
from caseflow.access.person import person_access
from caseflow.crypto.arabic_names import latin_reading
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.names import full_name
from caseflow.vocabulary import BirthDatePrecision, BirthDateSource


def _years_between(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def declared_age(person, today: date | None = None) -> str:
    """'17 years (declared)', '≈ 2008 (declared)': always qualified, never estimated."""
    today = today or date.today()
    precision = BirthDatePrecision(person.birth_date_precision)
    source = {
        BirthDateSource.DECLARED: _("declared"),
        BirthDateSource.DOCUMENT: _("per identity document"),
        BirthDateSource.JUDICIAL_DECISION: _("per judicial decision"),
    }[BirthDateSource(person.birth_date_source)]
    born = person.birth_date
    if born is None or precision == BirthDatePrecision.UNKNOWN:
        return _("Age not known")
    if precision == BirthDatePrecision.YEAR:
        return _("≈ %(year)d (%(source)s)", year=born.year, source=source)
    years = _years_between(born, today)
    if precision == BirthDatePrecision.MONTH:
        return _("about %(years)d years (%(source)s)", years=years, source=source)
    return _("%(years)d years (%(source)s)", years=years, source=source)


def declared_birth_date(person) -> str:
    from flask_babel import format_date

    born = person.birth_date
    precision = BirthDatePrecision(person.birth_date_precision)
    if born is None or precision == BirthDatePrecision.UNKNOWN:
        return _("Unknown")
    if precision == BirthDatePrecision.YEAR:
        return str(born.year)
    if precision == BirthDatePrecision.MONTH:
        return format_date(born, "MMMM y")
    return format_date(born, "long")


def display_name(person) -> str:
    """Family name first in Latin script, given name first in Arabic (caseflow.names)."""
    return full_name(person.family_name, person.given_names) or "—"


@dataclass
class Row:
    """One person in a list: what a search result or a queue shows."""

    id: str
    code: str
    name: str
    age: str
    sites: list[str]
    flags: list[str]
    # A name written in Arabic script, read in Latin letters for colleagues who do not
    # read Arabic (computed for the page, never stored in clear); None for other names.
    latin: str | None = None


def rows_for(people) -> list[Row]:
    people = list(people)
    ids = [p.id for p in people]
    sites: dict = {}
    for person_id, name in db.session.execute(
        select(Enrolment.person_id, Site.name).join(Site, Site.id == Enrolment.site_id)
        .where(Enrolment.person_id.in_(ids), Enrolment.ended_on.is_(None))
    ):
        sites.setdefault(person_id, set()).add(name)
    flags: dict = {}
    for flag in db.session.scalars(select(VulnerabilityFlag).where(
            VulnerabilityFlag.person_id.in_(ids), VulnerabilityFlag.cleared_on.is_(None))):
        flags.setdefault(flag.person_id, []).append(str(flag.flag.label))
    rows = []
    for p in people:
        name = display_name(p)
        rows.append(Row(str(p.id), p.code, name, declared_age(p), sorted(sites.get(p.id, ())),
                        flags.get(p.id, []), latin_reading(name)))
    return rows


def person_page(person, user) -> dict:
    from caseflow.disciplines import Discipline
    from caseflow.services.care.pathway_events import allowed_targets
    from caseflow.vocabulary import Sex, Vulnerability

    name = display_name(person)
    access = person_access(user, person)  # built by person_or_404: the consents read once
    history = access.consents
    state = access.consents_in_force
    enrolments = sorted(person.enrolments, key=lambda e: e.started_on, reverse=True)
    author_ids = {c.recorded_by_id for c in history} | {f.noted_by_id for f in person.flags}
    author_ids |= {c.confirmed_by_id for c in history if c.confirmed_by_id}
    authors = dict(db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(author_ids))).all())
    active_flags = {f.flag for f in person.flags if f.active}
    scope_labels = {"all": _("the whole care team")}
    scope_labels |= {d.value: str(d.label) for d in Discipline}
    scope_labels |= {f"site:{s.id}": s.name for s in db.session.scalars(select(Site))}
    from caseflow.vocabulary import Confidentiality

    return {
        "confidentiality_labels": {c.value: c.label for c in Confidentiality},
        "sex_label": Sex(person.sex).label,
        "flag_choices": [(v.value, v.label) for v in Vulnerability if v not in active_flags],
        "consent_rows": [ConsentRow.of(c, scope_labels) for c in sorted(
            state.values(), key=lambda c: (c.purpose.value, c.scope))],
        "has_older_decisions": len(history) > len(state),
        "person": person,
        "name": name,
        "latin_name": latin_reading(name),
        "age": declared_age(person),
        "birth_date": declared_birth_date(person),
        "flags": [f for f in person.flags if f.active],
        "past_flags": [f for f in person.flags if not f.active],
        "consent_history": history,
        "consents_awaiting": _awaiting_consents(person, user, access, scope_labels),
        "processing_refused": _processing_refused(state),
        # A confidential programme's enrolment (protection) is shown to its disciplines only.
        "enrolments": [(e, p) for e in enrolments
                       if (p := pathways.get(e.programme)) is None or p.shown_to(user)],
        "authors": authors,
        "may_write": access.may_write,
        "may_write_notes": access.may_write_notes,
        # During an emergency (break-glass) access: read and note only, no card to print.
        "may_print_card": access.may_print_card,
        "state_targets": {e.id: allowed_targets(user, person, e) for e in enrolments},
        "writable_sites": access.writable_sites,
    }


@dataclass
class ConsentRow:
    """One decision in force, ready to show."""

    consent: object
    scope_label: str | None
    in_force: bool

    @classmethod
    def of(cls, consent, scope_labels: dict) -> ConsentRow:
        from caseflow.vocabulary import ConsentDecision

        scope = consent.scope
        label = None
        if scope:
            label = scope_labels.get(scope) or consent.partner_name or scope
        return cls(consent, label, consent.decision == ConsentDecision.GIVEN)


def _awaiting_consents(person, user, access, scope_labels) -> list[dict]:
    """Sharing consents not in force until a second professional confirms them (issue 14),
    each with whether this user may confirm it."""
    from caseflow.access.consents import may_confirm_consent

    rows = access.consents_awaiting
    recorders = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_({r.recorded_by_id for r in rows})))} if rows else {}
    return [{"row": ConsentRow.of(c, scope_labels),
             "may_confirm": may_confirm_consent(user, person, c,
                                                recorders.get(c.recorded_by_id))}
            for c in rows]


def _processing_refused(state) -> bool:
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose

    row = state.get((ConsentPurpose.DATA_PROCESSING, ""))
    return row is not None and row.decision != ConsentDecision.GIVEN


IDENTITY_FIELD_LABELS = {
    "family_name": "Family name", "given_names": "Given names", "birth_date": "Date of birth",
    "sex": "Sex", "nationality": "Nationality", "phone": "Phone",
}


def field_label(name: str) -> str:
    from flask_babel import gettext

    return gettext(IDENTITY_FIELD_LABELS.get(name, name))


def merge_labels() -> dict[str, str]:
    return {
        "enrolment": _("Enrolments"),
        "enrolment_transfer": _("Transfers"),
        "consent": _("Consent decisions"),
        "vulnerability_flag": _("Vulnerabilities"),
        "person_merge": _("Earlier merges"),
        "referent": _("Referents"),
        "task": _("Tasks"),
        "aliases": _("Names kept as other names"),
    }


class TimelineFilter:
    """The timeline's filters, read from the query string (no personal data in them).

    Anything may be typed in an address bar: a date outside what the record can hold
    (0001-01-01 overflows once shifted by a day or a time zone) or a page beyond the end is
    set aside with a message saying so, never a server error."""

    PER_PAGE = 50
    MAX_PAGE = 1_000
    # Dates a record can hold: nothing in a person's record is older or later than this.
    EARLIEST = date(1900, 1, 1)
    LATEST = date(2199, 12, 31)

    def __init__(self, args):
        from caseflow.disciplines import Discipline

        self.problems: list[str] = []
        self.discipline = args.get("discipline") if args.get("discipline") in {
            d.value for d in Discipline} else ""
        self.since = self._date(args.get("since"))
        self.until = self._date(args.get("until"))
        if self.since and self.until and self.since > self.until:
            self.since, self.until = self.until, self.since
            self.problems.append(_("The period started after it ended: its two dates were "
                                   "swapped."))
        try:
            self.page = max(1, int(args.get("page", 1)))
        except ValueError:
            self.page = 1
        if self.page > self.MAX_PAGE:
            self.page = 1
            self.no_such_page()

    def no_such_page(self) -> None:
        """The page asked for is past the end: the first page is shown instead."""
        self.page = 1
        self.problems.append(_("There is no such page of the timeline: here is the first "
                               "page."))

    def _date(self, value):
        try:
            day = date.fromisoformat(value) if value else None
        except ValueError:
            self.problems.append(_("A date of the period could not be read: write it as "
                                   "2026-03-31."))
            return None
        if day is not None and not self.EARLIEST <= day <= self.LATEST:
            self.problems.append(_("This period is outside the dates the record can hold "
                                   "(%(first)d to %(last)d): that limit was not applied.",
                                   first=self.EARLIEST.year, last=self.LATEST.year))
            return None
        return day

    def window(self):
        from datetime import datetime, time, timedelta

        from caseflow.disciplines import Discipline
        from caseflow.timeline import Window

        since = datetime.combine(self.since, time()) if self.since else None
        until = (datetime.combine(self.until + timedelta(days=1), time())
                 if self.until else None)
        return Window(since, until, Discipline(self.discipline) if self.discipline else None,
                      self.PER_PAGE)

    def args(self, **changes) -> dict:
        out = {"discipline": self.discipline, "since": self.since.isoformat() if self.since
               else "", "until": self.until.isoformat() if self.until else "",
               "page": self.page}
        out.update(changes)
        return {k: v for k, v in out.items() if v not in ("", None)}

    def discipline_choices(self):
        from caseflow.disciplines import Discipline

        return [("", _("All disciplines"))] + [(d.value, str(d.label)) for d in Discipline]

