"""What each indicator counts: one SELECT per indicator over clear, coded columns only.

Every source returns the same four columns, so that one aggregation
(compute.py) disaggregates them all alike:

- ``unit``: what is counted (a person id for people, a row id for contacts and events),
- ``person_id``: whose row it is (for sex and age group),
- ``site_id``: the site the row belongs to (NULL when the row has none),
- ``category``: the breakdown code, as text ('' when the indicator has none).

Nothing here reads an encrypted column: the indicators must not depend on
keys, and a data manager's figures must be computable without any.

Each site counts in its own month (period.py): stored times are compared with
the UTC bounds of the month at the row's site (`period.in_site_month`), days with the
month's days (they are the site's days already).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

from caseflow import pathways
from caseflow.disciplines import Discipline
from caseflow.follow_up_rule import lost_rule
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.note import Note
from caseflow.models.referral import Referral, ReferralStatus, ReferralStatusChange
from caseflow.models.state_change import StateChange
from caseflow.reports.period import Month, in_site_month
from caseflow.vocabulary import ConsentDecision, InterpreterKind, NoteKind, Vulnerability

NONE = ""  # the category of an indicator without breakdown
UNSPECIFIED = "unspecified"  # a coded field left empty

VIOLENCE_CONDITIONS = ("violence_sequelae", "sexual_violence")
VIOLENCE_FLAGS = (Vulnerability.VIOLENCE, Vulnerability.TORTURE, Vulnerability.TRAFFICKING)
INTERPRETED = (InterpreterKind.PROFESSIONAL_ON_SITE, InterpreterKind.PROFESSIONAL_PHONE,
               InterpreterKind.PEER)
APPEAL_STATES = ("recourse_filed", "appeal")
DECISION_STATES = ("recognised_minor", "not_recognised")
MINORITY_PROGRAMME = "minority_recourse"
MH_PROGRAMME = "mental_health"
CHILD_WELFARE = "child_welfare"


def _text(column):
    """A coded column as plain text: enum columns would refuse codes outside their enum."""
    return type_coerce(column, String)


def _code(column):
    """A code read from the `codes` JSON, or 'unspecified' (same SQL shape on both backends)."""
    return func.coalesce(column.as_string(), literal(UNSPECIFIED))


def _row(unit, person_id, site_id, category) -> list:
    return [unit.label("unit"), person_id.label("person_id"), site_id.label("site_id"),
            _text(category).label("category")]


def _none():
    return literal(NONE, String)


def _notes_in(month: Month):
    return in_site_month(month, Note.occurred_at, Note.site_id)


def _first_inclusion(month: Month):
    """Enrolments started in the month that are the person's first at that site.

    A person already followed at the site who starts another programme there
    (a mental-health follow-up, say) is not a new person; one who arrives at
    another site of the programme is new at that site.
    """
    earlier = aliased(Enrolment)
    return and_(Enrolment.started_on >= month.start, Enrolment.started_on < month.end,
                ~exists().where(earlier.person_id == Enrolment.person_id,
                                earlier.site_id == Enrolment.site_id,
                                earlier.started_on < Enrolment.started_on))


def new_people(month: Month) -> Select:
    return select(*_row(Enrolment.person_id, Enrolment.person_id, Enrolment.site_id, _none())
                  ).where(_first_inclusion(month))


def _housing(note=Note):
    return note.codes["housing"].as_string()


def housing_inclusion(month: Month) -> Select:
    """New people by the housing of their first coded social contact since inclusion: the
    situation they arrived in, before the programme changed it.

    Matched on the person alone (not the site too): the lookup then reads the
    person's few notes through the (person_id, occurred_at) index, where a site
    condition lets the planner walk every note of the site in date order.
    """
    first = (select(_housing())
             .where(Note.person_id == Enrolment.person_id,
                    Note.discipline == Discipline.SOCIAL, _housing().is_not(None),
                    func.date(Note.occurred_at) >= Enrolment.started_on)
             .order_by(Note.occurred_at).limit(1).correlate(Enrolment).scalar_subquery())
    return select(*_row(Enrolment.person_id, Enrolment.person_id, Enrolment.site_id,
                        func.coalesce(first, literal(UNSPECIFIED)))
                  ).where(_first_inclusion(month))


def child_welfare(month: Month) -> Select:
    """People whose coded housing becomes a child-welfare placement in the month.

    Each social contact codes the housing of the day; a placement is the first
    contact coded "placement" after one coded otherwise (or none), so that a
    young person seen every week in the same placement is counted once, when
    placed, and again only if placed anew after leaving it.
    """
    before = aliased(Note)
    previous = (select(_housing(before))
                .where(before.person_id == Note.person_id,
                       before.discipline == Discipline.SOCIAL,
                       _housing(before).is_not(None), before.occurred_at < Note.occurred_at)
                .order_by(before.occurred_at.desc()).limit(1).correlate(Note).scalar_subquery())
    return select(*_row(Note.person_id, Note.person_id, Note.site_id, _none())
                  ).where(_notes_in(month), Note.discipline == Discipline.SOCIAL,
                          _housing() == CHILD_WELFARE,
                          or_(previous.is_(None), previous != CHILD_WELFARE))


def mh_cgi_change(month: Month) -> Select:
    """Discharges from mental-health follow-up in the month, by CGI-I band at discharge.

    CGI-I rates the change since the start of care (1 very much improved, 4 no
    change, 7 very much worse): it is the clinician's own measure of the change
    between intake and discharge, which a difference of two CGI-S ratings taken
    months apart, often by different psychologists, is not. The last CGI-I
    recorded up to the discharge day counts; a discharge with none is "not
    assessed" (people who stopped coming often have none, and that is shown).
    """
    score = Note.codes["cgi_i"].as_integer()
    last = (select(score)
            .where(Note.person_id == StateChange.person_id,
                   Note.discipline == Discipline.MENTAL_HEALTH, score.is_not(None),
                   func.date(Note.occurred_at) <= StateChange.changed_on)
            .order_by(Note.occurred_at.desc()).limit(1).correlate(StateChange)
            .scalar_subquery())
    band = case((last.is_(None), literal("not_assessed")), (last <= 2, literal("much_improved")),
                (last == 3, literal("minimally_improved")), (last == 4, literal("no_change")),
                else_=literal("worse"))
    return select(*_row(StateChange.person_id, StateChange.person_id, StateChange.site_id, band)
                  ).where(StateChange.programme == MH_PROGRAMME,
                          StateChange.to_state.in_(sorted(pathways.get(MH_PROGRAMME).terminal)),
                          StateChange.changed_on >= month.start,
                          StateChange.changed_on < month.end)


def contacts(month: Month) -> Select:
    return select(*_row(Note.id, Note.person_id, Note.site_id, Note.discipline)
                  ).where(_notes_in(month))


def mh_people(month: Month) -> Select:
    return select(*_row(Note.person_id, Note.person_id, Note.site_id,
                        _code(Note.codes["category"]))
                  ).where(_notes_in(month), Note.discipline == Discipline.MENTAL_HEALTH)


def mh_sessions(month: Month) -> Select:
    return select(*_row(Note.id, Note.person_id, Note.site_id, _code(Note.codes["session_kind"]))
                  ).where(_notes_in(month), Note.discipline == Discipline.MENTAL_HEALTH,
                          Note.kind == NoteKind.MENTAL_HEALTH_SESSION)


def violence(month: Month) -> Select:
    """Violence morbidity codes on the month's notes, and violence flags noted in the month.

    `conditions` is a JSON list: matching the quoted code in its text form is the
    one test that reads the same on SQLite (TEXT) and PostgreSQL (json).
    """
    coded = [
        select(*_row(Note.person_id, Note.person_id, Note.site_id, literal(code, String)))
        .where(_notes_in(month), cast(Note.codes, String).like(f'%"{code}"%'))
        for code in VIOLENCE_CONDITIONS
    ]
    # A flag has no site: it counts at the sites where the person is enrolled by the
    # month's end. A later enrolment elsewhere does not move a month already reported.
    flagged = (select(*_row(VulnerabilityFlag.person_id, VulnerabilityFlag.person_id,
                            Enrolment.site_id, VulnerabilityFlag.flag))
               .join(Enrolment, and_(Enrolment.person_id == VulnerabilityFlag.person_id,
                                     Enrolment.started_on < month.end))
               .where(VulnerabilityFlag.noted_on >= month.start,
                      VulnerabilityFlag.noted_on < month.end,
                      VulnerabilityFlag.flag.in_(VIOLENCE_FLAGS)))
    return union_all(*coded, flagged)


def housing(month: Month) -> Select:
    return select(*_row(Note.person_id, Note.person_id, Note.site_id, _housing())
                  ).where(_notes_in(month), Note.discipline == Discipline.SOCIAL,
                          _housing().is_not(None))


def _steps(month: Month, states: tuple[str, ...]) -> Select:
    return select(*_row(StateChange.id, StateChange.person_id, StateChange.site_id,
                        StateChange.to_state)
                  ).where(StateChange.programme == MINORITY_PROGRAMME,
                          StateChange.to_state.in_(states),
                          StateChange.changed_on >= month.start,
                          StateChange.changed_on < month.end)


def appeals(month: Month) -> Select:
    return _steps(month, APPEAL_STATES)


def decisions(month: Month) -> Select:
    return _steps(month, DECISION_STATES)


def hearings(month: Month) -> Select:
    return select(*_row(Appointment.id, Appointment.person_id, Appointment.site_id, _none())
                  ).where(Appointment.kind == AppointmentKind.HEARING,
                          Appointment.status == AppointmentStatus.ATTENDED,
                          in_site_month(month, Appointment.scheduled_at, Appointment.site_id))


def certificates(month: Month) -> Select:
    return select(*_row(Certificate.id, Certificate.person_id, Certificate.site_id,
                        Certificate.template)
                  ).where(Certificate.status != CertificateStatus.DRAFT,
                          Certificate.issued_on >= month.start, Certificate.issued_on < month.end)


def _partner():
    return func.coalesce(_text(Referral.partner_kind), literal("internal"))


def referrals_made(month: Month) -> Select:
    return select(*_row(Referral.id, Referral.person_id, Referral.site_id, _partner())
                  ).where(in_site_month(month, Referral.created_at, Referral.site_id))


def referrals_completed(month: Month) -> Select:
    return (select(*_row(ReferralStatusChange.id, Referral.person_id, Referral.site_id,
                         _partner()))
            .join(Referral, Referral.id == ReferralStatusChange.referral_id)
            .where(ReferralStatusChange.status == ReferralStatus.COMPLETED,
                   in_site_month(month, ReferralStatusChange.changed_at, Referral.site_id)))


def _consents(month: Month, decision: ConsentDecision) -> Select:
    return select(*_row(Consent.id, Consent.person_id, Consent.site_id, Consent.purpose)
                  ).where(Consent.decision == decision, Consent.decided_on >= month.start,
                          Consent.decided_on < month.end)


def consents_refused(month: Month) -> Select:
    return _consents(month, ConsentDecision.REFUSED)


def consents_withdrawn(month: Month) -> Select:
    return _consents(month, ConsentDecision.WITHDRAWN)


def interpreter(month: Month) -> Select:
    return select(*_row(Note.id, Note.person_id, Note.site_id,
                        func.coalesce(Note.interpreter_language, literal(UNSPECIFIED)))
                  ).where(_notes_in(month), Note.interpreter_kind.in_(INTERPRETED))


def lost(month: Month) -> Select:
    """The people lost to follow-up on the month's last day, per enrolment (its site).

    The rule is the queue's (caseflow/follow_up_rule.py), on the month's last day
    instead of today: on that day both name the same people
    (tests/reports/test_lost_rule.py). Like the queue's "today", that day is a
    UTC day, not yet each site's.
    """
    rule = lost_rule(month.end - timedelta(days=1))
    return rule.select(*_row(Enrolment.person_id, Enrolment.person_id, Enrolment.site_id,
                             _none())).where(rule.lost)


SOURCES: dict[str, Callable[[Month], Select]] = {
    "new_people": new_people, "contacts": contacts, "mh_people": mh_people,
    "mh_sessions": mh_sessions, "mh_cgi_change": mh_cgi_change, "violence": violence,
    "housing": housing, "housing_inclusion": housing_inclusion,
    "child_welfare": child_welfare, "appeals": appeals,
    "hearings": hearings, "decisions": decisions, "certificates": certificates,
    "referrals_made": referrals_made, "referrals_completed": referrals_completed,
    "consents_refused": consents_refused, "consents_withdrawn": consents_withdrawn,
    "interpreter": interpreter, "lost": lost,
}

# The indicators whose closed months are kept (figure_cache.py): each reads rows dated in
# its month, and rows dated before it, and nothing dated after ("lost" reads what is
# recorded by the month's last day: enrolments started by then, notes and appointments
# before its end). Left out, and counted at every view: "housing_inclusion", whose first
# coded social contact since inclusion may come months later. A new source is left out
# until it is read for this and added here.
KEPT_WHEN_CLOSED = frozenset({
    "new_people", "contacts", "mh_people", "mh_sessions", "mh_cgi_change", "violence",
    "housing", "child_welfare", "appeals", "hearings", "decisions", "certificates",
    "referrals_made", "referrals_completed", "consents_refused", "consents_withdrawn",
    "interpreter", "lost",
})
