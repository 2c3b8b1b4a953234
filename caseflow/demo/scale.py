"""Programme-size synthetic data: `flask --app caseflow demo --persons N --notes M`.

Benchmarks (issues 8 and 9) need what a programme holds after a few years:
about 100,000 people and 1,000,000 notes, encrypted exactly as the application
encrypts them. Going through the services would take hours (one transaction,
one audit event and one key unwrap per note), so rows are built here as the
services would build them (the model constructors, the encrypted descriptors
and ``seal_pending`` seal every field with the person's own key, kept in memory
from its creation: no unwrap at all) and sent in batches with Core
``executemany``. What is not generated here: audit events (nobody read
anything), and certificates other than a sample issued through the real
service at the end (each one is rendered, signed and sealed: ~50 ms).

The data is shaped for the indicators and the pages that are measured:
inclusions spread over three years at the demo sites, notes in each site's
disciplines with their codes (conditions, mental-health category and CGI
scores, housing, legal steps), interpreters, appointments and hearings,
referrals with their status changes, minority-recourse and mental-health
pathways with their steps, and one person in a hundred followed closely (50 to
80 notes: the long timelines). Deterministic for a given seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select, text

from caseflow.crypto.blind_index import person_tokens
from caseflow.crypto.envelope import dek_cache
from caseflow.crypto.fields import seal_pending
from caseflow.demo.history import CODES, LEVELS, TEXTS, WRITERS
from caseflow.demo.people import PEOPLE, PROGRAMMES
from caseflow.extensions import db
from caseflow.models import Person, PersonKey, PersonSearchToken
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.base import utcnow
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.note import Note
from caseflow.models.person import new_person_code
from caseflow.models.referral import (
    PartnerKind,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    Urgency,
)
from caseflow.models.site import Site
from caseflow.models.state_change import StateChange
from caseflow.models.user import User
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
    NoteKind,
    Vulnerability,
)

HISTORY_DAYS = 3 * 365
SITE_WEIGHTS = {"PAN": 30, "CAL": 30, "MAR": 20, "TRI": 12, "ZWA": 8}
SYLLABLES = ("ba", "di", "ka", "lo", "ma", "ne", "sa", "to", "ha", "ri", "mu", "de", "fa",
             "gu", "ke", "ya", "wa", "zi", "ou", "ab", "el", "ar", "in", "om", "tes", "sel")
HOUSING = ("street", "squat", "emergency_shelter", "programme_shelter", "child_welfare", "other")
MH_CATEGORIES = ("precarity_reaction", "psychotrauma", "depression", "anxiety", "psychosis",
                 "other")
DISCHARGES = ("improved", "stable", "defaulted", "referred")
CHUNK = 1000  # people per transaction: ~10,000 notes, a few MB of parameters


@dataclass
class ScaleSummary:
    people: int = 0
    notes: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    certificates: int = 0


def row_of(obj) -> dict:
    """The INSERT values of a model instance, sealed, with the ORM's scalar defaults.

    Core skips the ORM's Python-side defaults; callable ones (ids, timestamps)
    are set by the caller, scalar ones are filled here.
    """
    seal_pending(obj)
    table = type(obj).__table__
    # Keyed by column (Core INSERT): an encrypted field's attribute is not its column.
    row = {c.key: obj.__dict__.get(attr.key) for attr in type(obj).__mapper__.column_attrs
           for c in attr.columns}
    for column in table.columns:
        if row.get(column.key) is None and column.default is not None and column.default.is_scalar:
            row[column.key] = column.default.arg
    return row


def _name(rng: random.Random) -> tuple[str, str, list[str]]:
    """A family name, given names and aliases: a third from the demo's real names (the
    frequent names of these programmes collide, as they do in the field), the rest made up."""
    def made_up(parts: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()
    if rng.random() < 0.33:
        family, given, aliases, *_ = rng.choice(PEOPLE)
        return family, given, list(aliases[:1])
    aliases = [made_up(3)] if rng.random() < 0.3 else []
    return made_up(rng.randint(2, 3)), made_up(rng.randint(2, 3)), aliases


@dataclass
class _Context:
    rng: random.Random
    today: date
    sites: list[Site]
    writers: dict[int, list[tuple[User, NoteKind]]]
    legal: dict[int, User]
    recorder: User
    codes: set[str]  # person codes taken: random codes collide at 100,000 (birthday bound)
    rows: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, obj) -> None:
        self.rows.setdefault(type(obj).__tablename__, []).append(row_of(obj))


def _context(rng: random.Random, today: date) -> _Context:
    users = {u.login: u for u in db.session.scalars(select(User))}
    sites = [s for s in db.session.scalars(select(Site).order_by(Site.code))
             if s.code in SITE_WEIGHTS]
    if not sites or "amina" not in users:
        raise RuntimeError("the demo sites and personas come first: run `flask demo` alone once")
    writers = {s.id: [(users[login], kind) for login, kind in WRITERS.get(s.code, [])
                      if login in users] for s in sites}
    legal = {s.id: users.get("lea", users["amina"]) for s in sites}
    codes = set(db.session.scalars(select(Person.code)))
    return _Context(rng, today, sites, writers, legal, users["amina"], codes)


def _note_counts(rng: random.Random, persons: int, notes: int) -> list[int]:
    """Notes per person summing to `notes`: most people a few, one in a hundred 50 to 80."""
    average = notes / persons
    counts = [rng.randint(50, 80) if rng.random() < 0.01 else
              max(1, round(rng.expovariate(1 / max(average - 0.5, 0.5))))
              for _ in range(persons)]
    scale = notes / max(sum(counts), 1)
    counts = [max(1, round(c * scale)) if c < 50 else c for c in counts]
    gap = notes - sum(counts)
    step = 1 if gap > 0 else -1
    index = 0
    while gap and index < 10 * persons:
        i = index % persons
        if step > 0 or counts[i] > 1:
            counts[i] += step
            gap -= step
        index += 1
    return counts


def _person(ctx: _Context, site: Site) -> tuple[Person, date, bool]:
    rng = ctx.rng
    family, given, aliases = _name(rng)
    minor = site.code == "PAN" or rng.random() < 0.15
    age = rng.randint(14, 17) if minor else rng.randint(18, 45)
    sex = rng.choices(("male", "female", "other", "unknown"), (75, 22, 1, 2))[0]
    origin = rng.choice(PEOPLE)
    included = ctx.today - timedelta(days=rng.randint(0, HISTORY_DAYS))
    person = Person(family_name=family, given_names=given, aliases=aliases, sex=sex,
                    nationality=origin[4], languages=list(origin[5]),
                    interpreter_needed=origin[5][0] not in ("fr", "en"))
    while person.code in ctx.codes:
        person.code = new_person_code()
    ctx.codes.add(person.code)
    known = rng.random() > 0.05
    born = date(included.year - age, rng.randint(1, 12), rng.randint(1, 28)) if known else None
    person.set_birth_date(born, rng.choice(("year", "full", "month")) if known else "unknown")
    person.created_at = datetime.combine(included, time(10))
    if rng.random() < 0.4:
        person.phone = f"06{rng.randint(0, 99_999_999):08d}"
    return person, included, minor


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))))


def _write_person(ctx: _Context, site: Site, note_count: int) -> Person:
    rng, now = ctx.rng, utcnow()
    person, included, minor = _person(ctx, site)
    ctx.rows.setdefault("person", []).append(row_of(person))
    ctx.rows.setdefault("person_key", []).append(person.__dict__["_caseflow_new_key"])
    ctx.rows.setdefault("person_search_token", []).extend(
        {"family": f, "token": t, "person_id": person.id} for f, t in person_tokens(person))
    pid, recorder = person.id, ctx.recorder
    programme = PROGRAMMES.get(site.code, "general")
    # People on the move are followed for months, not years: contacts stop after a
    # span (mean five months; the closely followed, one to three years), and the
    # enrolment is closed some weeks later for most, left open for the others (who
    # become "lost to follow-up"). Notes thus spread evenly over the three years.
    span = rng.randint(300, 1000) if note_count >= 50 else 1 + int(rng.expovariate(1 / 150))
    last_seen = min(included + timedelta(days=span), ctx.today)
    ended = last_seen + timedelta(days=rng.randint(7, 60)) if rng.random() < 0.6 else None
    if ended and ended >= ctx.today:
        ended = None
    enrolment = Enrolment(id=uuid.uuid4(), person_id=pid, programme=programme, site_id=site.id,
                          state="intake" if programme == "minority_recourse" else "active",
                          started_on=included, ended_on=ended, created_by_id=recorder.id,
                          created_at=now)
    for purpose, decision in ((ConsentPurpose.CARE, ConsentDecision.GIVEN),
                              (ConsentPurpose.DATA_PROCESSING,
                               ConsentDecision.REFUSED if rng.random() < 0.02
                               else ConsentDecision.GIVEN),
                              (ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN)):
        ctx.add(Consent(id=uuid.uuid4(), person_id=pid, purpose=purpose, decision=decision,
                        decided_by=DecidedBy.MINOR_WITH_ADULT if minor else DecidedBy.PERSON,
                        method=ConsentMethod.ORAL, interpreter_kind=InterpreterKind.NONE_NEEDED,
                        decided_on=included, recorded_by_id=recorder.id, recorded_at=now,
                        site_id=site.id,
                        accompanying_adult="Éducatrice de l'association" if minor else None))
    flags = [Vulnerability.UNACCOMPANIED_MINOR] if minor else []
    if site.code == "PAN":
        flags.append(Vulnerability.MINORITY_RECOURSE)
    if rng.random() < 0.08:
        flags.append(rng.choice((Vulnerability.VIOLENCE, Vulnerability.TORTURE,
                                 Vulnerability.TRAFFICKING)))
    for flag in flags:
        ctx.add(VulnerabilityFlag(id=uuid.uuid4(), person_id=pid, flag=flag, noted_on=included,
                                  noted_by_id=recorder.id, noted_at=now))
    last_day = last_seen
    days = _notes(ctx, person, site, included, last_day, note_count)
    _pathway(ctx, enrolment, included, last_day, minor)
    mh = _mental_health(ctx, person, site, days, last_day)
    ctx.add(enrolment)
    if mh is not None:
        ctx.add(mh)
    _appointments(ctx, pid, site, included, last_day, minor)
    if rng.random() < 0.3:
        _referral(ctx, pid, site, rng.choice(days) if days else included)
    return person


def _notes(ctx: _Context, person: Person, site: Site, start: date, end: date,
           count: int) -> list[date]:
    rng, now = ctx.rng, utcnow()
    span = max((end - start).days, 0)
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    writers = ctx.writers[site.id]
    interpreted = person.interpreter_needed and rng.random() < 0.7
    housing = rng.choice(HOUSING[:4])
    for index, day in enumerate(days):
        author, kind = writers[(index + rng.randint(0, 1)) % len(writers)]
        codes = dict(rng.choice(CODES[kind]))
        if kind == NoteKind.SOCIAL_INTERVIEW:
            if rng.random() < 0.1:  # a move: shelter, placement (minors), the street again
                housing = "child_welfare" if site.code == "PAN" and rng.random() < 0.5 \
                    else rng.choice(HOUSING)
            codes["housing"] = housing
        level = LEVELS[(index + rng.randint(0, 3)) % len(LEVELS)]
        at = min(_at(day, rng), now - timedelta(minutes=5))
        ctx.add(Note(person_id=person.id, site_id=site.id, author_id=author.id,
                     discipline=author.discipline, kind=kind, occurred_at=at,
                     interpreter_kind=InterpreterKind.PROFESSIONAL_PHONE if interpreted
                     else InterpreterKind.NONE_NEEDED,
                     interpreter_language=person.languages[0] if interpreted else None,
                     confidentiality=level, codes=codes, created_at=at, updated_at=at,
                     details=None, text=rng.choice(TEXTS[kind]) if level != "private"
                     else "Note de travail : à revoir avec l'équipe."))
    return days


def _step(ctx: _Context, enrolment: Enrolment, author: User, src: str, dst: str,
          on: date) -> None:
    ctx.add(StateChange(id=uuid.uuid4(), enrolment_id=enrolment.id,
                        person_id=enrolment.person_id, programme=enrolment.programme,
                        from_state=src, to_state=dst, changed_on=on, site_id=enrolment.site_id,
                        author_id=author.id, author_discipline=author.discipline,
                        created_at=utcnow()))
    enrolment.state = dst


def _pathway(ctx: _Context, enrolment: Enrolment, start: date, end: date, minor: bool) -> None:
    """The minority-recourse steps of a young person at Pantin, as far as time allows."""
    if enrolment.programme != "minority_recourse" or not minor:
        return
    rng, author = ctx.rng, ctx.legal[enrolment.site_id]
    path = ["evaluation_refused", "recourse_filed", "hearing_scheduled",
            rng.choice(("recognised_minor", "not_recognised"))]
    if path[-1] == "not_recognised" and rng.random() < 0.4:
        path.append("appeal")
    day = start
    for state in path:
        day += timedelta(days=rng.randint(7, 45))
        if day > end:
            return
        _step(ctx, enrolment, author, enrolment.state, state, day)


def _mental_health(ctx: _Context, person: Person, site: Site, days: list[date],
                   end: date) -> Enrolment | None:
    """A mental-health enrolment for people with sessions: CGI-S at intake, CGI-I at discharge."""
    rows = ctx.rows.get("note", [])
    sessions = [r for r in rows[-len(days):] if r["kind"] == NoteKind.MENTAL_HEALTH_SESSION] \
        if days else []
    if not sessions:
        return None
    rng = ctx.rng
    category = rng.choice(MH_CATEGORIES)
    for row in sessions:
        row["codes"] = {"session_kind": rng.choice(("individual",) * 4 + ("group", "family")),
                        "category": category}
    sessions[0]["codes"]["cgi_s"] = rng.randint(3, 6)
    start = sessions[0]["occurred_at"].date()
    enrolment = Enrolment(id=uuid.uuid4(), person_id=person.id, programme="mental_health",
                          site_id=site.id, state="open", started_on=start,
                          created_by_id=sessions[0]["author_id"], created_at=utcnow())
    psychologist = db.session.get(User, sessions[0]["author_id"])
    if len(sessions) >= 2:
        _step(ctx, enrolment, psychologist, "open", "active", start)
    if len(sessions) >= 3 and rng.random() < 0.6:
        outcome = rng.choice(DISCHARGES)
        sessions[-1]["codes"]["cgi_i"] = rng.choices(range(1, 8), (10, 25, 30, 20, 8, 5, 2))[0]
        last = sessions[-1]["occurred_at"].date()
        _step(ctx, enrolment, psychologist, enrolment.state, outcome, last)
        enrolment.ended_on, enrolment.outcome = last, outcome
    return enrolment


def _appointments(ctx: _Context, pid: uuid.UUID, site: Site, start: date, end: date,
                  minor: bool) -> None:
    rng, now = ctx.rng, utcnow()
    author = ctx.writers[site.id][0][0]
    plans = [(AppointmentKind.FOLLOW_UP, author)] * rng.randint(1, 2)
    if minor and site.code == "PAN":
        plans.append((AppointmentKind.HEARING, ctx.legal[site.id]))
    for kind, user in plans:
        day = start + timedelta(days=rng.randint(0, max((end - start).days, 0) + 20))
        at = _at(day, rng)
        status = (AppointmentStatus.SCHEDULED if at > now else
                  rng.choices((AppointmentStatus.ATTENDED, AppointmentStatus.MISSED), (85, 15))[0])
        ctx.add(Appointment(id=uuid.uuid4(), person_id=pid, site_id=site.id,
                            discipline=user.discipline, kind=kind, scheduled_at=at,
                            with_user_id=user.id, status=status,
                            status_changed_at=None if status == AppointmentStatus.SCHEDULED else at,
                            status_changed_by_id=None if status == AppointmentStatus.SCHEDULED
                            else user.id, created_by_id=user.id, created_at=now, note=None))


def _referral(ctx: _Context, pid: uuid.UUID, site: Site, day: date) -> None:
    """A referral sent on a contact day; most reach an outcome within a month."""
    rng = ctx.rng
    author = ctx.writers[site.id][0][0]
    at = _at(day, rng)
    status = rng.choices((ReferralStatus.SENT, ReferralStatus.COMPLETED, ReferralStatus.DECLINED,
                          ReferralStatus.NO_SHOW), (30, 50, 10, 10))[0]
    later = at if status == ReferralStatus.SENT else at + timedelta(days=rng.randint(2, 30))
    referral = Referral(id=uuid.uuid4(), person_id=pid, site_id=site.id, author_id=author.id,
                        from_discipline=author.discipline, target_discipline=None,
                        partner_kind=rng.choice(list(PartnerKind)), urgency=Urgency.ROUTINE,
                        status=status, status_changed_at=later, created_at=at,
                        reason="Orientation pour bilan et suivi.")
    ctx.add(referral)
    changes = [(ReferralStatus.SENT, at)] + ([(status, later)] if later != at else [])
    for state, when in changes:
        ctx.add(ReferralStatusChange(id=uuid.uuid4(), referral_id=referral.id, status=state,
                                     changed_at=when, changed_by_id=author.id))


# Parents before children, so that foreign keys hold at each executemany.
ORDER = ("person", "person_key", "person_search_token", "enrolment", "consent",
         "vulnerability_flag", "note", "state_change", "appointment", "referral",
         "referral_status_change")
TABLES = {"person": Person, "person_key": PersonKey, "person_search_token": PersonSearchToken,
          "enrolment": Enrolment, "consent": Consent, "vulnerability_flag": VulnerabilityFlag,
          "note": Note, "state_change": StateChange, "appointment": Appointment,
          "referral": Referral, "referral_status_change": ReferralStatusChange}


def _flush(ctx: _Context, summary: ScaleSummary) -> None:
    for name in ORDER:
        rows = ctx.rows.pop(name, [])
        if rows:
            db.session.execute(insert(TABLES[name].__table__), rows)
            summary.rows[name] = summary.rows.get(name, 0) + len(rows)
    db.session.commit()
    dek_cache().clear()  # the chunk's keys leave memory with the chunk


def generate(persons: int, notes: int, *, seed: int = 1, today: date | None = None,
             certificates: int | None = None,
             progress: Callable[[ScaleSummary], None] | None = None) -> ScaleSummary:
    """Add `persons` people and `notes` notes (and what goes with them) to the demo."""
    rng = random.Random(seed)
    if db.engine.url.get_backend_name() == "sqlite":
        # Random UUID keys land all over the indexes: with SQLite's default 2 MB page
        # cache, each batch rereads them from disk and generation slows as they grow.
        db.session.execute(text("PRAGMA cache_size = -1048576"))  # 1 GiB, this connection
    ctx = _context(rng, today or date.today())
    weights = [SITE_WEIGHTS[s.code] for s in ctx.sites]
    summary = ScaleSummary()
    counts = _note_counts(rng, persons, notes) if persons else []
    pantin: list[uuid.UUID] = []
    for index, count in enumerate(counts):
        site = rng.choices(ctx.sites, weights)[0]
        person = _write_person(ctx, site, count)
        if site.code == "PAN" and len(pantin) < 1000:
            pantin.append(person.id)
        summary.people += 1
        summary.notes += count
        if (index + 1) % CHUNK == 0 or index + 1 == persons:
            _flush(ctx, summary)
            if progress:
                progress(summary)
    wanted = persons // 1000 if certificates is None else certificates
    summary.certificates = _certificates(
        pantin[:wanted], next((s.id for s in ctx.sites if s.code == "PAN"), None))
    return summary


def _certificates(person_ids: list[uuid.UUID], site_id: int | None) -> int:
    """Minority-recourse certificates issued through the real service (rendered, signed,
    sealed), by the demo doctor, for young people of Pantin."""
    from caseflow.demo.certificates import issue_health_certificate
    from caseflow.services import ServiceError

    if site_id is None:
        return 0
    issued = 0
    for pid in person_ids:
        doctor = db.session.scalar(select(User).where(User.login == "amina"))
        try:
            issue_health_certificate(doctor, db.session.get(Person, pid), site_id,
                                     date.today() - timedelta(days=1))
            issued += 1
        except ServiceError:  # a consent the generator refused: no certificate, as in life
            db.session.rollback()
        db.session.remove()
    return issued
