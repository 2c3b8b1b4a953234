"""No request makes more than a fixed number of SQL statements (issue 9).

`statements` counts every statement the application's engine sends during one
request (SQLAlchemy's ``before_cursor_execute`` on ``db.engine``). Nothing is
ignored, transaction control included: on SQLite caseflow sends its own
``BEGIN IMMEDIATE`` (caseflow/database.py), one per transaction, and those are
round trips too. On PostgreSQL the driver opens transactions without a statement
of its own, so the same pages count one or two fewer there; the ceilings hold on
both.

Each test measures a page on a small data set, grows the data (3 → 30 people,
5 → 50 timeline entries...), measures again, and asserts that (a) the count did
not grow and (b) it is under the ceiling below. A ceiling is the count measured
on SQLite when the test was written plus a margin of 3 (`MARGIN`): room for one
more small query or one more audit event, not for a query per row. A page that
needs more must raise its ceiling here, in review, rather than slip past it.

| page (persona)                        | data, small → large               | measured | ceiling |
|---------------------------------------|-----------------------------------|---------:|--------:|
| GET /login (signed out)               | 3 → 30 people                     |        0 |       3 |
| GET /people/?q=… → ?s=… (amina) [1]   | 3 → 30 people found               |       18 |      21 |
| GET /people/<id> (amina) [2] [3] [5]  | 5 → 50 timeline entries           |       45 |      48 |
| GET /people/<id> (amina), every kind  | 1 → 10 of each kind of record     |       49 |      52 |
| GET /people/<id> (claire), every kind | 1 → 10 of each kind of record     |       49 |      52 |
| GET /people/duplicates (claire)       | 3 → 30 people alike               |       13 |      16 |
| GET /follow-up/lost (amina)           | 3 → 30 people lost                |       17 |      20 |
| GET /appointments/ (amina)            | 3 → 30 appointments today         |       17 |      20 |
| GET /records/retention (claire)       | 3 → 30 records past their date    |       23 |      26 |
| GET /break-glass/ (claire)            | 3 → 30 → 55 grants (see below)    | 10+3/row |     163 |
| GET /certificates/ (amina)            | 3 → 30 certificates               |       11 |      14 |
| GET /certificates/ (claire)           | 3 → 30 certificates               |       11 |      14 |
| GET /certificates/<id>.pdf (amina) [2]| 3 → 30 certificates               |       26 |      29 |
| GET /indicators/ (claire)             | 3 → 30 people with contacts       |       57 |      60 |
| GET /audit/ (claire)                  | under a page → several pages      |       12 |      15 |
| GET /audit/people/<code> (claire)     | 3 → 33 reads of the record        |       10 |      13 |
| GET /audit/users/<id> (claire)        | amina's events: few → over a page |       11 |      14 |
| GET / (amina): the worklist [3]       | 3 → 30 people followed, each with |       29 |      32 |
|                                       | an appointment, a missed one, a   |          |         |
|                                       | task, a consent to review, a view |          |         |
| GET / (claire): + queues and sites [4]| the same                          |       39 |      42 |

[1] Since issue 14 a search is two requests: GET ?q= (or the form's POST) keeps the
query in the session and redirects (3 statements: the signed-in user and her sites),
then GET ?s=<token> shows the results (19; 15 since issue 22: the candidates confirmed
by decryption and the people found are loaded without their enrolments and flags, which
the results page reads for all of them in two queries of its own). The count covers both.
The person page was measured at 45 and 49 on 2026-12-07, before issue 22's changes
(2a67da9) and after them: the 42 and 46 once written here were stale, the pages sat at
their ceilings, and the ceilings are back to the measured count + MARGIN.

[2] Since issue 15 the person's consents are read once per request, by the PersonAccess
that person_or_404 builds (caseflow/access/person.py): the person page went from 35 to 29
and from 40 to 33 statements (the timeline's sources, the follow-up panel and the
consent section each read them before; tests/test_consent_reads.py checks the one read),
the certificate download from 28 to 26.

[3] Since issue 17 the person page shows the referents and the tasks, and the form to add
one (3 statements: current referents, tasks, the site team for the picker); the people
shown by name only (a referent, a task's author) are loaded without their site memberships.
The home page is the worklist (caseflow/services/care/worklist.py): one query per kind of
item whatever the number of people, and two audit events (the day's list, the worklist).

[4] Since issue 20 the coordinator's (and a psychologist's) home page lists the people whose
latest rated suicide risk is high or imminent: one statement (a window over the
mental-health notes of her sites), whatever the number of people.

[5] Since issue 20 the person page shows the medical safety basics and the clinical modules
(allergies and treatments at the top, vaccinations, scales, sexual-violence care, pregnancy,
notifiable diseases): one to three statements each, whatever the number of entries, ten in
all for a medical reader. Issue 22 (speed) is where they are to be gathered into fewer.

The indicators page costs what its indicators cost: one query per indicator
and month, for the month shown and the previous one, plus one per charted
indicator for each other month of its chart (caseflow/reports/compute.py): 46
statements for the 19 indicators and 2 charts of today. Its ceiling is computed
from the definitions, so that adding an indicator moves it, while more people or
notes never do. Since issue 22 a closed month's figures are kept: the first view
reads two more statements per closed month and keeps what it counted in one; the
next views count only what a late write reached and the indicator that reads later
rows (tests/reports/test_figure_cache.py).

The emergency-access review list records one audit event per grant shown (the
reason of each is decrypted on the page: services/break_glass.for_review), and
an audit event costs 3 statements (caseflow/audit.record_event: take the next
sequence number, insert, move the chain head). It grows by 3 per row up to a
page (50 rows) and no further: 10 + 3 × 50 = 160 at most.

N+1s found and fixed while writing these tests: after the one commit of a list
page (its audit event) every row shown was reloaded one by one (the person, then
their enrolments and flags, then their key), because a commit expires the
session: services.commit_keeping_loaded() commits those pages without expiring
(search, duplicates, lost to follow-up, appointments of the day, emergency
accesses, certificate register, audit pages). The person page's follow-up panel
read the person's consent to share with a partner once per referral to a
partner: it reads the decisions once (since issue 15, from the consents the page reads
once: PersonAccess.partner_decisions).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from datetime import date, time, timedelta

import pytest
from sqlalchemy import delete, event

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentStatus
from caseflow.models.indicator_cache import IndicatorFigure
from caseflow.models.referral import PartnerKind
from caseflow.reports.definitions import CHART_MONTHS, CHARTED, indicators
from caseflow.services.care import referrals
from caseflow.services.care.consents import ConsentInput, add_consent, partner_scope
from caseflow.services.care.pathway_events import change_state
from caseflow.services.intake.people import Identity, register_person
from caseflow.services.safeguards.break_glass import open_access
from caseflow.vocabulary import (
    BirthDatePrecision,
    Confidentiality,
    ConsentDecision,
    ConsentPurpose,
    Sex,
    Vulnerability,
)
from tests.clock import FIXED_NOW
from tests.support.certificates import give_certificate_consent, issue
from tests.support.records import (
    add_appointment,
    add_note,
    person,
    set_birth,
    set_last_contact,
    site_id,
    start_enrolment,
    user,
    utc,
)

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()

# Room above the measured count: one more small query or audit event, not one per row.
MARGIN = 3

# Statements per request, at most: the count measured on SQLite (the table above) + MARGIN.
CEILINGS = {
    "sign-in page": 0 + MARGIN,
    # The redirect of ?q= to ?s=<token> (3: session user and sites) + the page of results
    # (15 since issue 22; note [1]).
    "person search": 3 + 15 + MARGIN,
    # + 10 since issue 20 (note [5]): the safety box (allergies, treatments, the timeline's
    # union of their changes: 3), vaccinations (status, doses: 2), scales (1), sexual-violence
    # care (1), pregnancy (1), notifiable diseases (the notes' codes, the declarations: 2).
    "person page, 5 or 50 entries": 45 + MARGIN,
    "person page, every kind (amina)": 49 + MARGIN,
    "person page, every kind (claire)": 49 + MARGIN,
    "duplicates queue": 13 + MARGIN,
    "lost to follow-up": 17 + MARGIN,
    "appointments of the day": 17 + MARGIN,
    "retention review": 23 + MARGIN,
    # One audit event (3 statements) per grant shown, at most a page of 50: see above.
    "emergency accesses": 10 + 3 * 50 + MARGIN,
    "certificate register (amina)": 11 + MARGIN,
    "certificate register (claire)": 11 + MARGIN,
    "certificate download": 26 + MARGIN,
    # 11 around the figures (session, sites, audit event), then one query per indicator for
    # this month and the previous one, and per charted indicator for the chart's other months.
    # + 1: the figures are read in a transaction of their own, without SQLite's write lock
    # (caseflow.database.reading), which has its own BEGIN.
    # + 1 since issue 20: the diagnoses by morbidity code read the list's labels (the codes the
    # coordinator added are rows), once per request (caseflow/morbidity.py).
    # + for each closed month shown (the month and the chart's others), its late writes and
    # its kept figures read, and one statement keeping what was counted (figure_cache).
    "indicators": 13 + 2 * len(indicators()) + len(CHARTED) * (CHART_MONTHS - 2)
    + 2 * CHART_MONTHS + 1 + MARGIN,
    "audit trail": 12 + MARGIN,
    "audit of a person": 10 + MARGIN,
    "audit of a user": 11 + MARGIN,
    # Issue 17: the worklist (two audit events: the day's list and the worklist itself).
    "home page (amina)": 29 + MARGIN,
    # + the coordinator's queues (duplicates, emergency accesses, role grants, retention) and
    # her sites at a glance (people followed, lost to follow-up, without a referent).
    # Issue 20: + 1, the people whose latest rated suicide risk is high or imminent (one
    # statement, psychologists and coordinator only: amina's count does not move).
    "home page (claire)": 39 + MARGIN,
}

REASON = "Brought unconscious to the Tripoli shelter, allergies unknown, needs history"
TIMELINE_ENTRY = '<li class="timeline-entry'


# --- Counting ------------------------------------------------------------------------------


@pytest.fixture
def statements(app, client):
    """statements(path) → (response, [SQL of every statement sent while serving it])."""
    with app.app_context():
        engine = db.engine

    def _get(path: str, **options):
        sent: list[str] = []

        def count(_conn, _cursor, statement, _parameters, _context, _executemany):
            sent.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(path, **options)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
        return response, sent

    return _get


def _shown(sent: list[str]) -> list[str]:
    return [" ".join(s.split())[:120] for s in sent]


def _repeated(sent: list[str]) -> str:
    """The statements sent more than once, for the failure message."""
    counts = Counter(_shown(sent))
    return "\n".join(f"{n} × {s}" for s, n in counts.most_common() if n > 1)


def assert_fixed(page: str, small: list[str], large: list[str]) -> None:
    """(a) no more statements with more data, (b) under the page's ceiling."""
    added = "\n".join(difflib.unified_diff(_shown(small), _shown(large), lineterm="", n=0))
    assert len(large) == len(small), (
        f"{page}: {len(small)} statements with the small data set, {len(large)} with the "
        f"large one: something is read once per row.\n{added}")
    assert len(large) <= CEILINGS[page], (
        f"{page}: {len(large)} statements, over its ceiling of {CEILINGS[page]}.\n"
        f"{_repeated(large)}")


# --- Data, built through the services as the personas would --------------------------------


def add_people(app, count: int, *, family: str = "Diallo", login: str = "amina",
               site: str = "PAN", start: int = 0, programme: str = "general") -> list[str]:
    """`count` people registered at `site`, consenting to care, processing and sharing; every
    other one an unaccompanied minor (a flag the lists show)."""
    ids = []
    with app.app_context():
        for i in range(start, start + count):
            consents = [ConsentInput(ConsentPurpose.CARE, ConsentDecision.GIVEN),
                        ConsentInput(ConsentPurpose.DATA_PROCESSING, ConsentDecision.GIVEN),
                        ConsentInput(ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN,
                                     scope="all")]
            identity = Identity(family_name=family, given_names=f"Personne{i}",
                                birth_date=date(1990 + i % 20, 1, 1),
                                birth_precision=BirthDatePrecision.YEAR,
                                sex=(Sex.MALE, Sex.FEMALE)[i % 2])
            flags = [Vulnerability.UNACCOMPANIED_MINOR] if i % 2 else []
            someone = register_person(user(login), identity, site_id=site_id(site),
                                      programme=programme, consents=consents, flags=flags)
            ids.append(str(someone.id))
    return ids


WRITERS = [("amina", Discipline.MEDICAL), ("yasmine", Discipline.MENTAL_HEALTH),
           ("sara", Discipline.SOCIAL), ("lea", Discipline.LEGAL)]


def add_contacts(app, person_id: str, count: int, start: int = 0) -> None:
    """`count` timeline entries amina may read: team notes of the four disciplines (two in
    three) and attended consultations, one a day going back."""
    with app.app_context():
        for i in range(start, start + count):
            login, discipline = WRITERS[i % len(WRITERS)]
            if i % 3 == 2:
                add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                                utc(TODAY - timedelta(days=i + 1)),
                                status=AppointmentStatus.ATTENDED, note=f"Rendez-vous {i}",
                                with_login="amina")
            else:
                add_note(person_id, login, "PAN", discipline, days_ago=i + 1,
                         text=f"Note de suivi {i}")


def add_every_kind(app, person_id: str, units: int, start: int = 0) -> None:
    """`units` times one of each record the person page shows: notes of every discipline and
    level, appointments past and to come, referrals inside the team and to a partner, state
    changes, consent decisions and certificates."""
    with app.app_context():
        if start == 0:
            give_certificate_consent(person_id)
        for i in range(start, start + units):
            for login, discipline in WRITERS:
                add_note(person_id, login, "PAN", discipline, days_ago=i + 1,
                         text=f"{login} {i}")
            add_note(person_id, "amina", "PAN", Discipline.MEDICAL, days_ago=i + 1,
                     text=f"Hypothèse {i}", confidentiality=Confidentiality.PRIVATE)
            add_note(person_id, "sara", "PAN", Discipline.SOCIAL, days_ago=i + 1,
                     text=f"Entretien {i}", confidentiality=Confidentiality.DISCIPLINE)
            add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                            utc(TODAY - timedelta(days=i + 1)),
                            status=AppointmentStatus.MISSED, with_login="amina")
            add_appointment(person_id, "yasmine", "PAN", Discipline.MENTAL_HEALTH,
                            utc(TODAY + timedelta(days=i + 1)), with_login="yasmine",
                            note=f"Séance {i}")
            referrals.create(user("amina"), person(person_id), referrals.ReferralInput(
                reason=f"Bilan social {i}", target_discipline=Discipline.SOCIAL))
            referrals.create(user("amina"), person(person_id), referrals.ReferralInput(
                reason=f"Bilan hépatite {i}", partner_kind=PartnerKind.HOSPITAL_PASS,
                partner_name="PASS Avicenne"),
                ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
            someone = person(person_id)
            (enrolment,) = someone.enrolments
            change_state(user("amina"), someone, enrolment,
                         "closed" if enrolment.state == "open" else "open")
            add_consent(user("amina"), person(person_id), ConsentInput(
                ConsentPurpose.PHOTOGRAPHS,
                (ConsentDecision.GIVEN, ConsentDecision.REFUSED)[i % 2]),
                site_id=site_id("PAN"))
            issue("amina", person_id, "minority_recourse")


# --- Signed out ----------------------------------------------------------------------------


def test_it_shows_the_sign_in_page_without_reading_the_database(app, statements):
    add_people(app, 3)
    _page, small = statements("/login")
    add_people(app, 27, start=3)
    _page, large = statements("/login")
    assert_fixed("sign-in page", small, large)


# --- People --------------------------------------------------------------------------------


def test_it_searches_people_in_a_fixed_number_of_statements(app, as_user, statements):
    add_people(app, 3)
    add_people(app, 4, family="Traoré", start=3)  # not found: the query is selective
    as_user("amina")
    page, small = statements("/people/?q=Diallo", follow_redirects=True)
    assert page.text.count('class="person-row"') == 3
    add_people(app, 27, start=7)
    page, large = statements("/people/?q=Diallo", follow_redirects=True)
    assert page.text.count('class="person-row"') == 30
    assert "Personne33" in page.text and "Personne6" not in page.text
    assert_fixed("person search", small, large)


def test_it_shows_a_timeline_of_5_or_50_entries_in_the_same_number_of_statements(
        app, as_user, statements):
    (person_id,) = add_people(app, 1)
    with app.app_context():
        start_enrolment(person_id, 200)
    add_contacts(app, person_id, 2)  # and the 3 consent decisions taken at registration
    as_user("amina")
    page, small = statements(f"/people/{person_id}")
    assert page.text.count(TIMELINE_ENTRY) == 5
    add_contacts(app, person_id, 45, start=2)
    page, large = statements(f"/people/{person_id}")
    assert page.text.count(TIMELINE_ENTRY) == 50
    assert "Note de suivi 46" in page.text  # bodies decrypted, of every writer
    assert_fixed("person page, 5 or 50 entries", small, large)


@pytest.mark.parametrize("login", ["amina", "claire"])
def test_it_shows_every_kind_of_record_on_the_person_page_in_a_fixed_number(
        app, as_user, statements, login):
    (person_id,) = add_people(app, 1)
    with app.app_context():
        start_enrolment(person_id, 200)
    add_every_kind(app, person_id, 1)
    as_user(login)
    page, small = statements(f"/people/{person_id}")
    shown = page.text.count(TIMELINE_ENTRY)
    add_every_kind(app, person_id, 9, start=1)
    page, large = statements(f"/people/{person_id}")
    assert shown < page.text.count(TIMELINE_ENTRY) == 50  # a full page, and more behind it
    assert page.text.count("data-certificate-status=") == 10  # the panel lists them all
    assert_fixed(f"person page, every kind ({login})", small, large)


def test_it_reads_partner_consents_once_and_answers_as_before(app):
    """The follow-up panel's batched read (referrals.partner_decisions) gives each referral
    the answer the one-query-per-referral path gives."""
    (person_id,) = add_people(app, 1)
    given, refused = ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN), \
        ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.REFUSED)
    asked = [(PartnerKind.HOSPITAL_PASS, "PASS Avicenne", given),
             (PartnerKind.LAWYER, "Maître Durand", refused),
             (PartnerKind.UNHCR, "UNHCR Paris", None),
             (PartnerKind.CHILD_WELFARE_ASE, "ASE 93", None)]
    with app.app_context():
        for kind, name, consent in asked:
            referrals.create(user("amina"), person(person_id), referrals.ReferralInput(
                reason="Orientation", partner_kind=kind, partner_name=name), consent)
        # A decision about every partner of a kind, and a later one withdrawn by name.
        add_consent(user("amina"), person(person_id), ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN,
            scope=referrals.kind_scope(PartnerKind.CHILD_WELFARE_ASE)), site_id=site_id("PAN"))
        add_consent(user("amina"), person(person_id), ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.WITHDRAWN,
            scope=partner_scope("PASS  avicenne"), partner_name="PASS  avicenne"),
            site_id=site_id("PAN"))
        someone = person(person_id)
        listed = referrals.open_referrals(someone, user("amina"))
        decisions = referrals.partner_decisions(someone.id)
        one_by_one = {r.partner_name: referrals.consent_given(r) for r in listed}
        batched = {r.partner_name: referrals.consent_given(r, decisions) for r in listed}
    assert batched == one_by_one == {"PASS Avicenne": False, "Maître Durand": False,
                                     "UNHCR Paris": False, "ASE 93": True}


def test_it_shows_the_duplicates_queue_in_a_fixed_number_of_statements(app, as_user,
                                                                        statements):
    add_people(app, 3)
    as_user("claire")
    page, small = statements("/people/duplicates")
    pairs = page.text.count('class="card duplicate-pair"')
    add_people(app, 27, start=3)
    page, large = statements("/people/duplicates")
    assert 0 < pairs < page.text.count('class="card duplicate-pair"')
    assert_fixed("duplicates queue", small, large)


# --- Follow-up lists -----------------------------------------------------------------------


def _lost(app, count: int, start: int) -> None:
    """People in minority recourse (30 days allowed) enrolled 100 days ago, last seen 40 days
    ago, a consultation missed since."""
    for person_id in add_people(app, count, start=start, programme="minority_recourse"):
        with app.app_context():
            start_enrolment(person_id, 100)
            add_note(person_id, "amina", "PAN", Discipline.MEDICAL, days_ago=40)
            add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                            utc(TODAY - timedelta(days=35)),
                            status=AppointmentStatus.MISSED)


def test_it_lists_the_people_lost_to_follow_up_in_a_fixed_number(app, as_user, statements):
    _lost(app, 3, 0)
    as_user("amina")
    page, small = statements("/follow-up/lost")
    assert page.text.count("data-lost-person=") == 3
    _lost(app, 27, 3)
    page, large = statements("/follow-up/lost")
    assert page.text.count("data-lost-person=") == 30
    assert_fixed("lost to follow-up", small, large)


def _appointments_today(app, count: int, start: int) -> None:
    for i, person_id in enumerate(add_people(app, count, start=start)):
        with app.app_context():
            login, discipline = WRITERS[i % 2]  # medical and mental health: amina sees both
            add_appointment(person_id, login, "PAN", discipline,
                            utc(TODAY, time(9 + i % 8, 15)), with_login=login,
                            note=f"Apporter les résultats {i}")


def test_it_lists_the_appointments_of_the_day_in_a_fixed_number(app, as_user, statements):
    _appointments_today(app, 3, 0)
    as_user("amina")
    page, small = statements("/appointments/")
    assert page.text.count('data-entry-kind="appointment"') == 3
    _appointments_today(app, 27, 3)
    page, large = statements("/appointments/")
    assert page.text.count('data-entry-kind="appointment"') == 30
    assert_fixed("appointments of the day", small, large)


def _worklist(app, count: int, start: int) -> None:
    """People amina registered (so she is their referent), each with an appointment today,
    a missed one three days ago, a task for her, a consent to review, and a view of the
    record in the audit trail (the "opened recently" list)."""
    from caseflow.audit import Action, record_event
    from caseflow.services.care import tasks

    for i, person_id in enumerate(add_people(app, count, start=start)):
        with app.app_context():
            add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                            utc(TODAY, time(9 + i % 8, 15)), with_login="amina")
            add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                            utc(TODAY - timedelta(days=3)), status=AppointmentStatus.MISSED,
                            with_login="amina")
            someone = person(person_id)
            tasks.add_task(user("amina"), someone, tasks.TaskInput(
                site_id=site_id("PAN"), assigned_to_id=user("amina").id, due_on=TODAY,
                text=f"Rappeler {i}"))
            add_consent(user("amina"), someone, ConsentInput(
                ConsentPurpose.PHOTOGRAPHS, ConsentDecision.GIVEN,
                review_on=TODAY + timedelta(days=3)), site_id=site_id("PAN"))
            record_event(Action.VIEW, actor_id=user("amina").id, object_type="person",
                         object_id=person_id, person_code=someone.code)
            db.session.commit()


@pytest.mark.parametrize("login", ["amina", "claire"])
def test_it_shows_the_worklist_home_page_in_a_fixed_number(app, as_user, statements, login):
    _worklist(app, 3, 0)
    as_user(login)
    page, small = statements("/")
    assert page.text.count('data-entry-kind="appointment"') == 3
    _worklist(app, 27, 3)
    page, large = statements("/")
    assert page.text.count('data-entry-kind="appointment"') == 30
    if login == "amina":
        assert page.text.count('data-task-id="') == 30
    assert_fixed(f"home page ({login})", small, large)


# --- Protection of the record --------------------------------------------------------------


def _past_retention(app, count: int, start: int) -> None:
    """Records last seen in 2000, kept 20 years; one in two of a minor then, born on a known
    day of 1998 (decrypted to decide: 28 on the 1st of March 2026, while a year-only birth
    would keep them to the 31st of December), the others of an unknown age."""
    for i, person_id in enumerate(add_people(app, count, start=start)):
        with app.app_context():
            if i % 2:
                set_birth(person_id, date(1998, 3, 1), "full")
            else:
                set_birth(person_id, None, "unknown")
            set_last_contact(person_id, date(2000, 1, 1))


def test_it_lists_the_records_past_their_retention_in_a_fixed_number(app, as_user,
                                                                     statements):
    _past_retention(app, 3, 0)
    as_user("claire")
    page, small = statements("/records/retention")
    assert page.text.count("data-retention-code=") == 3
    _past_retention(app, 27, 3)
    page, large = statements("/records/retention")
    assert page.text.count("data-retention-code=") == 30
    assert_fixed("retention review", small, large)


def _grants(app, count: int, start: int) -> None:
    for person_id in add_people(app, count, start=start):
        with app.app_context():
            open_access(user("charlie"), person(person_id).code, REASON, site_id("TRI"))


def test_it_lists_emergency_accesses_with_one_audit_event_per_grant_and_no_more(
        app, as_user, statements):
    counts = {}
    total = 0
    for grants in (3, 30, 55):
        _grants(app, grants - total, total)
        total = grants
        as_user("claire")
        page, sent = statements("/break-glass/")
        assert page.text.count("data-grant=") == min(grants, 50)
        counts[grants] = sent
    audit_writes = [s for s in counts[55] if s.startswith("INSERT INTO audit_event")]
    assert len(audit_writes) == 50  # one event per grant shown, the page's only growth
    assert len(counts[30]) - len(counts[3]) == 3 * 27  # 3 statements per event
    assert len(counts[55]) - len(counts[3]) == 3 * 47  # and nothing past a full page
    assert len(counts[55]) <= CEILINGS["emergency accesses"]


# --- Certificates --------------------------------------------------------------------------


def _certificates(app, count: int, start: int) -> str:
    for person_id in add_people(app, count, start=start):
        with app.app_context():
            give_certificate_consent(person_id)
            certificate_id = str(issue("amina", person_id, "minority_recourse").id)
    return certificate_id


@pytest.mark.parametrize("login", ["amina", "claire"])
def test_it_shows_the_certificate_register_in_a_fixed_number(app, as_user, statements, login):
    _certificates(app, 3, 0)
    as_user(login)
    page, small = statements("/certificates/")
    assert page.text.count('data-certificate-status="issued"') == 3
    _certificates(app, 27, 3)
    page, large = statements("/certificates/")
    assert page.text.count('data-certificate-status="issued"') == 30
    assert_fixed(f"certificate register ({login})", small, large)


def test_it_hands_out_a_certificate_in_a_fixed_number_of_statements(app, as_user, statements):
    first = _certificates(app, 3, 0)
    as_user("amina")
    pdf, small = statements(f"/certificates/{first}.pdf")
    _certificates(app, 27, 3)
    again, large = statements(f"/certificates/{first}.pdf")
    assert pdf.data == again.data and pdf.data.startswith(b"%PDF")
    assert_fixed("certificate download", small, large)


# --- Indicators ----------------------------------------------------------------------------


def _activity(app, count: int, start: int) -> None:
    """People with notes of every discipline, appointments and referrals last month and this
    month: what the indicators count."""
    for person_id in add_people(app, count, start=start):
        add_contacts(app, person_id, 4)
        with app.app_context():
            add_note(person_id, "amina", "PAN", Discipline.MEDICAL, days_ago=35)
            referrals.create(user("amina"), person(person_id), referrals.ReferralInput(
                reason="Bilan", target_discipline=Discipline.SOCIAL))


def test_it_computes_the_indicators_in_a_number_fixed_by_the_indicators(app, as_user,
                                                                        statements):
    _activity(app, 3, 0)
    as_user("claire")
    _page, small = statements("/indicators/")
    _page, kept = statements("/indicators/")  # closed months read back (figure_cache)
    assert len(kept) < len(small)
    _activity(app, 27, 3)
    with app.app_context():  # counted again from nothing, as the first view was
        db.session.execute(delete(IndicatorFigure))
        db.session.commit()
    _page, large = statements("/indicators/")
    assert_fixed("indicators", small, large)


# --- Audit review --------------------------------------------------------------------------


def _reads(app, client, as_user, person_id: str, count: int) -> None:
    """`count` reads of the record by the team, each one an audit event."""
    for i in range(count):
        login = ("amina", "yasmine", "sara", "lea")[i % 4]
        as_user(login)
        assert client.get(f"/people/{person_id}").status_code == 200


def test_it_shows_the_audit_trail_in_a_fixed_number_of_statements(app, client, as_user,
                                                                  statements):
    (person_id,) = add_people(app, 1)
    with app.app_context():
        code = person(person_id).code
        amina = user("amina").id
    _reads(app, client, as_user, person_id, 3)
    as_user("claire")
    small = {path: statements(path) for path in
             ("/audit/", f"/audit/people/{code}", f"/audit/users/{amina}")}
    shown = {path: page.text.count("data-audit-seq=") for path, (page, _) in small.items()}
    add_people(app, 30, start=1)  # other people, other events
    _reads(app, client, as_user, person_id, 30)
    as_user("claire")
    large = {path: statements(path) for path in small}
    for path, (page, _) in large.items():
        assert shown[path] < page.text.count("data-audit-seq=") <= 50
    assert re.search(r'rel="next"|page=2', large["/audit/"][0].text)  # several pages
    for name, path in zip(("audit trail", "audit of a person", "audit of a user"), small,
                          strict=True):
        assert_fixed(name, small[path][1], large[path][1])
