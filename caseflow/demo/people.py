"""About forty demo people across the sites, registered through the real services.

Names come from the regions people in these programmes come from; identities
are declared, often with a year only, with other spellings as aliases. The
consents include a withdrawal and a refusal of data processing; one person was
transferred from Calais to Pantin. Deterministic, so screenshots and docs agree.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from caseflow.demo import SITES as DEMO_SITES
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.intake.people import Identity, register_person
from caseflow.services.intake.transfers import transfer
from caseflow.services.staff.sites import usual_programme
from caseflow.vocabulary import (
    BirthDatePrecision,
    BirthDateSource,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
    Sex,
    Vulnerability,
)

# family, given, aliases, sex, nationality, languages
PEOPLE = [
    ("Diallo", "Mamadou Saliou", ["Dialo Mamadou", "Saliou"], "male", "GN", ["ff", "fr"]),
    ("Bah", "Fatoumata Binta", ["Binta Ba"], "female", "GN", ["ff"]),
    ("Camara", "Ibrahima", ["Kamara Ibrahim"], "male", "GN", ["sus", "fr"]),
    ("Traoré", "Awa", ["Traore Awa"], "female", "ML", ["bm", "fr"]),
    ("Keïta", "Moussa", ["Keita Musa"], "male", "ML", ["bm"]),
    ("Coulibaly", "Aminata", ["Kulibali"], "female", "CI", ["dyu", "fr"]),
    ("Koné", "Siaka", [], "male", "CI", ["fr"]),
    ("Ndiaye", "Cheikh", ["Cheick N'Diaye"], "male", "SN", ["wo", "fr"]),
    ("Sow", "Mariama", ["Mariam Sow"], "female", "SN", ["ff", "wo"]),
    ("Haile", "Yonas", ["Yonas Haylé"], "male", "ER", ["ti"]),
    ("Tesfaye", "Selam", ["Salam Tesfay"], "female", "ER", ["ti", "ar"]),
    ("Gebremedhin", "Filmon", ["Filimon"], "male", "ER", ["ti"]),
    ("Abraha", "Senait", [], "female", "ER", ["ti"]),
    ("Tadesse", "Mekdes", [], "female", "ET", ["am"]),
    ("Abdelrahman", "Mohamed", ["Abderrahmane Mohammed", "Muhammad Abdul Rahman"], "male", "SD",
     ["ar"]),
    ("Ishag", "Adam", ["Ishaq Adam"], "male", "SD", ["ar", "fvr"]),
    ("Osman", "Hawa", ["Othman Hawa"], "female", "SD", ["ar"]),
    ("Abdullahi", "Hodan", ["Abdulahi"], "female", "SO", ["so"]),
    ("Farah", "Abdirahman", [], "male", "SO", ["so", "ar"]),
    ("Ahmadzai", "Zabihullah", ["Zabiullah Ahmadzay"], "male", "AF", ["ps"]),
    ("Rahimi", "Mohammad Reza", ["Mohamad Rasa"], "male", "AF", ["fa"]),
    ("Hakimi", "Sohrab", [], "male", "AF", ["fa", "ps"]),
    ("Khan", "Imran", [], "male", "PK", ["ur", "ps"]),
    ("Hossain", "Rakib", ["Hossen Rakib"], "male", "BD", ["bn"]),
    ("Al-Hassan", "Omar", ["El Hassan Omar"], "male", "SY", ["ar"]),
    ("Benali", "Yacine", ["Ben Ali Yassine"], "male", "DZ", ["ar", "fr"]),
    ("El Amrani", "Soufiane", ["Sofiane Amrani"], "male", "MA", ["ar", "fr"]),
    ("Okafor", "Blessing", [], "female", "NG", ["en", "ig"]),
    ("Eze", "Chinedu", [], "male", "NG", ["en", "ig"]),
    ("Mahamat", "Idriss", ["Mahamat Idris"], "male", "TD", ["ar", "fr"]),
    ("Issoufou", "Halima", [], "female", "NE", ["ha", "fr"]),
    ("Nkurunziza", "Aline", [], "female", "BI", ["rn", "fr"]),
    ("Mbemba", "Grâce", ["Grace Mbemba"], "female", "CD", ["ln", "fr"]),
    ("Touré", "Oumou", ["Oumou Toure"], "female", "ML", ["bm", "fr"]),
    ("Sylla", "Alpha", [], "male", "GN", ["sus", "fr"]),
    ("Barry", "Kadiatou", ["Kadiatu Bari"], "female", "GN", ["ff", "fr"]),
    ("Kebede", "Hiwot", [], "female", "ET", ["am"]),
    ("Yousif", "Amna", ["Youssef Amna"], "female", "SD", ["ar"]),
    ("Jalloh", "Abubakar", ["Abu Bakarr Jalloh"], "male", "SL", ["en", "kri"]),
    ("Fofana", "Mariam", [], "female", "CI", ["fr"]),
]

# Who registers at which site (the personas of docs/FIELD.md).
REGISTRARS = [("PAN", "amina"), ("CAL", "hugo"), ("PAN", "yasmine"), ("CAL", "sara"),
              ("MAR", "yasmine"), ("TRI", "charlie"), ("PAN", "lea"), ("ZWA", "claire")]
# Each demo site's usual programme (services/demo.py), as the registration form offers it.
PROGRAMMES = {s.code: s.default_programme for s in DEMO_SITES}


def _consent(purpose, decision, scope="", *, minor=False, language=None, when=None):
    return ConsentInput(
        purpose=purpose, decision=decision, scope=scope, decided_on=when,
        decided_by=DecidedBy.MINOR_WITH_ADULT if minor else DecidedBy.PERSON,
        accompanying_adult="Éducatrice de l'association" if minor else None,
        method=ConsentMethod.ORAL,
        interpreter_kind=InterpreterKind.PROFESSIONAL_PHONE if language
        else InterpreterKind.NONE_NEEDED,
        interpreter_language=language,
    )


def seed_demo_people(today: date | None = None) -> int:
    """Register the demo people unless some already exist; returns how many were created."""
    from caseflow.models.person import Person

    if db.session.scalar(select(Person.id).limit(1)):
        return 0
    today = today or date.today()
    rng = random.Random(2026)
    sites = {s.code: s for s in db.session.scalars(select(Site))}
    users = {u.login: u for u in db.session.scalars(select(User))}
    created = []
    for index, (family, given, aliases, sex, nationality, languages) in enumerate(PEOPLE):
        code, login = REGISTRARS[index % len(REGISTRARS)]
        minor = code == "PAN" or index % 5 == 0
        year = today.year - (rng.randint(15, 17) if minor else rng.randint(18, 34))
        precision = rng.choice([BirthDatePrecision.YEAR, BirthDatePrecision.FULL,
                                BirthDatePrecision.MONTH])
        born = date(year, rng.randint(1, 12), rng.randint(1, 28))
        language = languages[0] if languages[0] not in ("fr", "en") else None
        started = today - timedelta(days=rng.randint(5, 300))
        flags = [Vulnerability.UNACCOMPANIED_MINOR] if minor else []
        if code == "PAN":
            flags.append(Vulnerability.MINORITY_RECOURSE)
        if index % 4 == 1:
            flags.append(Vulnerability.VIOLENCE)
        if index % 9 == 3:
            flags.append(Vulnerability.TORTURE)
        if sex == "female" and index % 7 == 2:
            flags.append(Vulnerability.PREGNANT)
        consents = [
            _consent(ConsentPurpose.CARE, ConsentDecision.GIVEN, minor=minor, language=language,
                     when=started),
            _consent(ConsentPurpose.DATA_PROCESSING,
                     ConsentDecision.REFUSED if index == 7 else ConsentDecision.GIVEN,
                     minor=minor, language=language, when=started),
            _consent(ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN, "all", minor=minor,
                     language=language, when=started),
        ]
        identity = Identity(
            family_name=family, given_names=given, aliases=aliases,
            birth_date=born, birth_precision=precision,
            birth_source=BirthDateSource.JUDICIAL_DECISION if index % 11 == 0
            else BirthDateSource.DECLARED,
            sex=Sex(sex), nationality=nationality, languages=languages,
            interpreter_needed=language is not None,
            phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                  f"{rng.randint(10, 99)}" if index % 3 else None,
        )
        person = register_person(users[login], identity, site_id=sites[code].id,
                                 programme=usual_programme(sites[code]), consents=consents,
                                 flags=flags,
                                 started_on=started, confirmed_distinct_from=[])
        created.append((person, code, login, started))

    # Awa withdrew her consent to sharing inside the team after two months.
    awa, _, awa_login, awa_start = created[3]
    add_consent(users[awa_login], awa, _consent(
        ConsentPurpose.TEAM_SHARING, ConsentDecision.WITHDRAWN, "all", minor=True,
        language="bm", when=min(today, awa_start + timedelta(days=60))),
        site_id=sites["PAN"].id)
    # Yonas left Calais for Paris and agreed that the Pantin team receives his record.
    yonas, _, yonas_login, _ = created[9]
    enrolment = next(e for e in yonas.enrolments if e.active)
    transfer(users[yonas_login], yonas, enrolment, sites["PAN"].id,
             _consent(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN, language="ti"),
             reason="Parti à Paris pour son recours")
    # Selam, first seen in Calais, was registered again in Pantin under another spelling:
    # the coordinator finds the pair in the duplicates queue.
    selam = created[10][0]
    register_person(
        users["amina"],
        Identity(family_name="Tesfay", given_names="Salam", aliases=["Selam T."],
                 birth_date=date(selam.birth_year or today.year - 16, 1, 1),
                 birth_precision=BirthDatePrecision.YEAR, sex=Sex.FEMALE, nationality="ER",
                 languages=["ti"], interpreter_needed=True),
        site_id=sites["PAN"].id, programme="minority_recourse",
        consents=[_consent(ConsentPurpose.CARE, ConsentDecision.GIVEN, minor=True,
                           language="ti")],
        confirmed_distinct_from=[selam.id],
    )
    return len(created) + 1
