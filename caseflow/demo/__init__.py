"""Demo sites and personas (docs/FIELD.md, Personas): the same people in the demo, the docs
and the tests. The generators of demo records live beside it in this package, outside the
production services."""

from __future__ import annotations

from dataclasses import dataclass

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
    SiteFields("TRI", "Tripoli", "LY", SiteKind.SHELTER, "Africa/Tripoli", ORGANISATION,
               "Tripoli", "", "tripoli@example.org", default_programme="general"),
    SiteFields("ZWA", "Zwara", "LY", SiteKind.DAY_CENTRE, "Africa/Tripoli", ORGANISATION,
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
