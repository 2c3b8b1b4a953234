"""Demo sites and personas (docs/FIELD.md, Personas): the same people in the demo, the docs
and the tests. The generators of demo records live beside it in this package, outside the
production services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from caseflow.certificates.professions import Profession
from caseflow.certificates.wording import Gender
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership, User
from caseflow.passwords import hash_password
from caseflow.roles import Role, SiteKind
from caseflow.services.staff.sites import SiteFields, create_site

ORGANISATION = "Programme migrations — équipe médicale"
# The Libyan sites' letterhead is read by hospitals, the authorities and partner agencies:
# in English (the documents print it as typed, whatever their language).
ORGANISATION_LY = "Migration programme — medical team"

# Each site's usual programme: Pantin is a day centre for unaccompanied minors (minority
# recourse), Calais's mobile clinics and the Libyan sites give general care, Marseille is a
# shelter.
SITES = [
    SiteFields("PAN", "Pantin", "FR", SiteKind.DAY_CENTRE, "Europe/Paris", ORGANISATION,
               "12 rue de la Liberté, 93500 Pantin", "+33 1 84 00 00 01", "pantin@example.org",
               default_programme="minority_recourse"),
    SiteFields("CAL", "Calais", "FR", SiteKind.MOBILE_CLINIC, "Europe/Paris", ORGANISATION,
               "Clinique mobile, 62100 Calais", "+33 3 21 00 00 02", "calais@example.org",
               default_programme="general"),
    SiteFields("MAR", "Marseille", "FR", SiteKind.SHELTER, "Europe/Paris", ORGANISATION,
               "Hébergement, 13003 Marseille", "+33 4 91 00 00 03", "marseille@example.org",
               default_programme="shelter_stay"),
    SiteFields("TRI", "Tripoli", "LY", SiteKind.SHELTER, "Africa/Tripoli", ORGANISATION_LY,
               "Tripoli", "", "tripoli@example.org", default_programme="general"),
    SiteFields("ZWA", "Zwara", "LY", SiteKind.DAY_CENTRE, "Africa/Tripoli", ORGANISATION_LY,
               "Zwara", "", "zwara@example.org", default_programme="general"),
]


@dataclass(frozen=True)
class Persona:
    login: str
    display_name: str
    role: Role
    discipline: Discipline | None
    sites: tuple[str, ...]
    profession: str = ""
    rpps: str | None = None
    adeli: str | None = None
    # How what they sign agrees with them: « Je soussignée / soussigné ».
    form_of_address: Gender = Gender.INCLUSIVE
    # The profession as certificates print it, in their language; None: `profession` as
    # typed (the staff who sign nothing).
    profession_code: Profession | None = None
    licence_number: str | None = None  # the national licence outside France (Libya)


_F, _M = Gender.FEMININE, Gender.MASCULINE
ALL_SITES = tuple(s.code for s in SITES)

PERSONAS = [
    Persona("amina", "Dr Amina Diallo", Role.DOCTOR, Discipline.MEDICAL, ("PAN",),
            "médecin généraliste", rpps="10101234567", form_of_address=_F,
            profession_code=Profession.GENERAL_PRACTITIONER),
    Persona("hugo", "Hugo Martin", Role.NURSE, Discipline.MEDICAL, ("CAL",), "infirmier",
            form_of_address=_M, profession_code=Profession.NURSE),
    Persona("yasmine", "Yasmine Haddad", Role.PSYCHOLOGIST, Discipline.MENTAL_HEALTH,
            ("PAN", "MAR"), "psychologue clinicienne", adeli="759312345", form_of_address=_F,
            profession_code=Profession.CLINICAL_PSYCHOLOGIST),
    Persona("sara", "Sara Benali", Role.SOCIAL_WORKER, Discipline.SOCIAL, ("CAL", "PAN"),
            "assistante sociale", form_of_address=_F),
    Persona("lea", "Léa Fontaine", Role.LEGAL_WORKER, Discipline.LEGAL, ("PAN",), "juriste",
            form_of_address=_F),
    Persona("nadia", "Nadia Ouali", Role.PROTECTION_OFFICER, Discipline.PROTECTION,
            ("PAN", "CAL"), "chargée de protection", form_of_address=_F),
    Persona("claire", "Claire Morel", Role.COORDINATOR, Discipline.MEDICAL, ALL_SITES,
            "médecin coordinatrice", rpps="10107654321", form_of_address=_F,
            profession_code=Profession.DOCTOR),
    Persona("omar", "Omar Saleh", Role.DATA_MANAGER, None, ALL_SITES, "Data manager",
            form_of_address=_M),
    Persona("admin", "Admin", Role.ADMIN, None, (), "Administrateur"),
    # A doctor at Tripoli: identified by his Libyan licence, not by a French register.
    Persona("charlie", "Charlie Okafor", Role.DOCTOR, Discipline.MEDICAL, ("TRI",),
            "médecin", form_of_address=_M, profession_code=Profession.DOCTOR,
            licence_number="LMS-2019-04417"),
    # The midwife of Pantin's day centre: the young women's pregnancy follow-up (issue 20).
    Persona("fatima", "Fatima Zahra Benkirane", Role.MIDWIFE, Discipline.MEDICAL, ("PAN",),
            "sage-femme", form_of_address=_F, profession_code=Profession.MIDWIFE),
]


def seed_sites() -> dict[str, Site]:
    existing = {s.code: s for s in db.session.scalars(select(Site))}
    for fields in SITES:
        if fields.code not in existing:
            existing[fields.code] = create_site(None, SiteFields(**vars(fields)))
    return existing


def seed_personas(password: str | None = None, password_hash: str | None = None) -> list[User]:
    """Create the personas that do not exist yet; all share one password (demo and tests)."""
    sites = seed_sites()
    password_hash = password_hash or hash_password(password or "")
    created = []
    for persona in PERSONAS:
        if db.session.scalar(select(User.id).where(User.login == persona.login)):
            continue
        user = User(
            login=persona.login, display_name=persona.display_name, role=persona.role,
            discipline=persona.discipline, profession=persona.profession, rpps=persona.rpps,
            adeli=persona.adeli, password_hash=password_hash,
            form_of_address=persona.form_of_address, profession_code=persona.profession_code,
            licence_number=persona.licence_number,
        )
        user.memberships = [SiteMembership(site_id=sites[code].id) for code in persona.sites]
        db.session.add(user)
        created.append(user)
    db.session.commit()
    return created


# --- The demo's calendar: when each site sees people -----------------------------------------
# Consultation hours in the site's own time zone, and its working days (Monday = 0): France
# works Monday to Friday, Libya Sunday to Thursday. Every demo note and appointment falls
# inside them, except that "today" is always today, whichever day the demo is run, so that
# each persona's day has something on it.
HOURS = {"PAN": ("09:30", "17:00"), "CAL": ("10:00", "16:30"), "MAR": ("09:30", "17:00"),
         "TRI": ("09:00", "15:00"), "ZWA": ("09:00", "15:00")}
WORKING_DAYS = {"FR": frozenset({0, 1, 2, 3, 4}), "LY": frozenset({6, 0, 1, 2, 3})}
COUNTRY = {s.code: s.country for s in SITES}


def is_working_day(code: str, day: date) -> bool:
    return day.weekday() in WORKING_DAYS[COUNTRY[code]]


def working_day(code: str, today: date, n: int) -> date:
    """The n-th working day of the site after `today` (before it when n < 0); 0 is today."""
    day, step = today, (1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += timedelta(days=step)
        while not is_working_day(code, day):
            day += timedelta(days=step)
    return day


def local_time(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def in_opening_hours(code: str, clock: time) -> bool:
    opens, closes = (local_time(t) for t in HOURS[code])
    return opens <= clock <= closes
