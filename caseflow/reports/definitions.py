"""The indicators as data: what each one counts, in which unit, with labels from the catalogues.

Definitions are data rather than code so that the dashboard, the CSV, the PDF
and the CLI list the same figures in the same order, and so that a new
indicator is one line here plus its source in compute.py. Labels are lazy
gettext strings (English msgids): the exports choose their language per file,
independently of the reader's interface language, and read them under
`force_locale(language)` (tables.py), so a French report reads in French.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


class Unit(enum.StrEnum):
    PEOPLE = "people"  # distinct people: a person counted once per cell and once in the total
    CONTACTS = "contacts"  # rows: notes, sessions
    EVENTS = "events"  # rows: certificates, referrals, consent decisions, pathway steps


UNIT_LABELS = {
    Unit.PEOPLE: _l("people"),
    Unit.CONTACTS: _l("contacts"),
    Unit.EVENTS: _l("events"),
}


class CategoryKind(enum.StrEnum):
    """What the breakdown of an indicator is (how compute.py labels its categories)."""

    NONE = "none"
    DISCIPLINE = "discipline"
    SESSION_KIND = "session_kind"
    MH_CATEGORY = "mh_category"
    TEMPLATE = "template"
    PARTNER = "partner"
    CONSENT_PURPOSE = "consent_purpose"
    LANGUAGE = "language"
    VIOLENCE = "violence"
    HOUSING = "housing"
    PATHWAY_STATE = "pathway_state"
    CGI_CHANGE = "cgi_change"
    CODE = "code"  # a code of a discipline's coded field (discipline_sources.py)


# CGI-I, the clinician's rating of the change since the start of care, in bands.
CGI_BANDS: dict[str, LazyString] = {
    "much_improved": _l("very much or much improved (CGI-I 1–2)"),
    "minimally_improved": _l("minimally improved (CGI-I 3)"),
    "no_change": _l("no change (CGI-I 4)"),
    "worse": _l("worse (CGI-I 5–7)"),
    "not_assessed": _l("not assessed at discharge"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: LazyString | str  # a lazy string: str() in the locale in force
    counted: LazyString | str  # what is counted, stated for the reader (footnote of exports)
    unit: Unit
    categories: CategoryKind = CategoryKind.NONE


def _i(code, label, counted, unit, categories=CategoryKind.NONE) -> Indicator:
    return Indicator(code, label, counted, unit, categories)


INDICATORS: tuple[Indicator, ...] = (
    _i("new_people", _l("New people included"),
       _l("People whose first enrolment at the site started in the month"),
       Unit.PEOPLE),
    _i("contacts", _l("Contacts per discipline"),
       _l("Contact notes dated in the month, by discipline"),
       Unit.CONTACTS, CategoryKind.DISCIPLINE),
    _i("mh_people", _l("People in mental-health follow-up"),
       _l("People with at least one mental-health note in the month, by presenting category"),
       Unit.PEOPLE, CategoryKind.MH_CATEGORY),
    _i("mh_sessions", _l("Mental-health sessions"),
       _l("Mental-health session notes in the month, by session kind"),
       Unit.CONTACTS, CategoryKind.SESSION_KIND),
    _i("mh_cgi_change", _l("CGI change between intake and discharge"),
       _l("People discharged from mental-health follow-up in the month, by the last CGI-I "
       "(improvement since intake) recorded up to discharge"),
       Unit.PEOPLE, CategoryKind.CGI_CHANGE),
    _i("violence", _l("Reported violence"),
       _l("People with a violence morbidity code in the month, or flagged as victims "
       "(violence, torture, trafficking) in the month"),
       Unit.PEOPLE, CategoryKind.VIOLENCE),
    _i("housing", _l("Housing at social contacts"),
       _l("People by housing coded at the month's social contacts"),
       Unit.PEOPLE, CategoryKind.HOUSING),
    _i("housing_inclusion", _l("Housing at inclusion"),
       _l("People included in the month, by housing coded at their first social contact "
       "since inclusion (not specified: no coded contact yet)"),
       Unit.PEOPLE, CategoryKind.HOUSING),
    _i("child_welfare", _l("Child welfare placements"),
       _l("People whose housing becomes 'child welfare placement' at a social contact in the "
       "month (previous coded housing different or unknown)"),
       Unit.PEOPLE),
    _i("appeals", _l("Appeals filed"),
       _l("Minority recourse pathway steps 'recourse filed' or 'appeal'"),
       Unit.EVENTS, CategoryKind.PATHWAY_STATE),
    _i("hearings", _l("Hearings held"),
       _l("Hearing appointments (legal) marked attended in the month"),
       Unit.EVENTS),
    _i("decisions", _l("Minority decisions"),
       _l("Minority recourse pathway decision steps, by decision"),
       Unit.EVENTS, CategoryKind.PATHWAY_STATE),
    _i("certificates", _l("Certificates issued"),
       _l("Certificates with an issue date in the month, by template"),
       Unit.EVENTS, CategoryKind.TEMPLATE),
    _i("referrals_made", _l("Referrals made"),
       _l("Referrals created in the month, by partner kind"),
       Unit.EVENTS, CategoryKind.PARTNER),
    _i("referrals_completed", _l("Referrals completed"),
       _l("Referrals moved to 'completed' in the month, by partner kind"),
       Unit.EVENTS, CategoryKind.PARTNER),
    _i("consents_refused", _l("Consents refused"),
       _l("Refusals decided in the month, by purpose"),
       Unit.EVENTS, CategoryKind.CONSENT_PURPOSE),
    _i("consents_withdrawn", _l("Consents withdrawn"),
       _l("Withdrawals decided in the month, by purpose"),
       Unit.EVENTS, CategoryKind.CONSENT_PURPOSE),
    _i("interpreter", _l("Interpreter use"),
       _l("Notes in the month with an interpreter (professional or peer), by language"),
       Unit.CONTACTS, CategoryKind.LANGUAGE),
    _i("lost", _l("People lost to follow-up"),
       _l("People enrolled at the end of the month not seen for longer than their programme "
       "allows, or who missed an appointment and were not seen since"),
       Unit.PEOPLE),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def indicators() -> tuple[Indicator, ...]:
    """Every indicator: the programme's above, then those the disciplines declare."""
    from caseflow.reports.discipline_sources import indicators as declared

    return INDICATORS + declared()


def by_code(code: str) -> Indicator:
    return BY_CODE.get(code) or next(i for i in indicators() if i.code == code)

# Age groups from the declared birth year (docs/FIELD.md, Indicators): the age reached in the
# period's year.
AGE_GROUPS: tuple[tuple[str, LazyString], ...] = (
    ("under_15", _l("under 15")),
    ("15_17", _l("15–17")),
    ("18_24", _l("18–24")),
    ("25_plus", _l("25+")),
    ("unknown", _l("age unknown")),
)
SEX_GROUPS: tuple[tuple[str, LazyString], ...] = (
    ("female", _l("female")),
    ("male", _l("male")),
    ("other", _l("other")),
    ("unknown", _l("sex not stated")),
)

# Charts of the dashboard and the PDF: bars per month, stacked by site.
CHARTED = ("new_people", "contacts")
CHART_MONTHS = 6
