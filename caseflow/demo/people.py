"""The demo people: the cast of the stories (demo/stories.py) and the people around them,
registered through the real services at the site that follows them.

Names, nationalities and languages are those of the people these programmes meet;
identities are declared, often with a year only, with other spellings as aliases. Each
person is registered on the working day their story starts, by the persona who met them
first. Around the stories: a withdrawal of team sharing, a refusal of data processing, a
consent to renew, a transfer from Calais to Pantin and a duplicate to resolve.
Deterministic, so screenshots and docs agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from caseflow.demo import SITES as DEMO_SITES
from caseflow.demo import working_day
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.intake.people import Identity, register_person
from caseflow.services.intake.transfers import transfer
from caseflow.services.staff.sites import usual_programme
from caseflow.timezones import site_today
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

_UAM, _MR = Vulnerability.UNACCOMPANIED_MINOR, Vulnerability.MINORITY_RECOURSE
_MINOR = (_UAM, _MR)


@dataclass(frozen=True)
class Someone:
    """A demo person: `key` names their story; `since`: working days followed at `site`."""

    key: str
    family: str
    given: str
    aliases: tuple[str, ...]
    sex: str
    nationality: str
    languages: tuple[str, ...]
    site: str
    registrar: str
    age: int
    since: int
    flags: tuple[Vulnerability, ...] = ()
    born: tuple[int, int] | None = None  # (month, day) when a document gives the full date
    phone: str | None = None
    parent: str | None = None  # a child's consents are given by this parent (another key)


CAST = [
    # Pantin, the day centre: young people contesting the refusal of their minority.
    Someone("diallo", "Diallo", "Mamadou Saliou", ("Dialo Mamadou", "Saliou"), "male", "GN",
            ("ff", "fr"), "PAN", "amina", 16, 20, (*_MINOR, Vulnerability.VIOLENCE)),
    Someone("bah", "Bah", "Fatoumata Binta", ("Binta Ba",), "female", "GN", ("ff",), "PAN",
            "amina", 16, 34, (*_MINOR, Vulnerability.VIOLENCE), phone="07 58 21 44 90"),
    Someone("camara", "Camara", "Ibrahima", ("Kamara Ibrahim",), "male", "GN", ("sus", "fr"),
            "PAN", "yasmine", 15, 45, _MINOR),
    Someone("traore", "Traoré", "Awa", ("Traore Awa",), "female", "ML", ("bm", "fr"), "PAN",
            "lea", 17, 48, (*_MINOR, Vulnerability.PREGNANT)),
    Someone("keita", "Keïta", "Moussa", ("Keita Musa",), "male", "ML", ("bm",), "PAN", "lea",
            16, 70, _MINOR, born=(3, 12)),
    Someone("kone", "Koné", "Siaka", ("Kone Siaka",), "male", "CI", ("fr",), "PAN", "lea", 16,
            25, _MINOR, phone="06 44 18 72 03"),
    Someone("ahmadzai", "Ahmadzai", "Zabihullah", ("Zabiullah Ahmadzay",), "male", "AF",
            ("ps",), "PAN", "amina", 16, 15, (*_MINOR, Vulnerability.TORTURE)),
    Someone("coulibaly", "Coulibaly", "Aminata", ("Kulibali Aminata",), "female", "CI",
            ("dyu", "fr"), "PAN", "amina", 16, 90, _MINOR),
    Someone("sylla", "Sylla", "Alpha", (), "male", "GN", ("sus", "fr"), "PAN", "lea", 17, 110,
            _MINOR),
    Someone("barry", "Barry", "Kadiatou", ("Kadiatu Bari",), "female", "GN", ("ff", "fr"),
            "PAN", "amina", 15, 30, _MINOR),
    Someone("fofana", "Fofana", "Mariam", (), "female", "CI", ("fr",), "PAN", "yasmine", 16,
            60, _MINOR, phone="07 61 02 39 85"),
    Someone("hakimi", "Hakimi", "Sohrab", ("Hakimy Sohrab",), "male", "AF", ("fa", "ps"), "PAN",
            "amina", 16, 12, _MINOR),
    Someone("hossain", "Hossain", "Rakib", ("Hossen Rakib",), "male", "BD", ("bn",), "PAN",
            "lea", 17, 140, _MINOR),
    # Calais, the mobile clinic: a family from Afghanistan, people waiting to cross.
    Someone("rahimi", "Rahimi", "Mohammad Reza", ("Mohamad Rasa Rahimi",), "male", "AF", ("fa",),
            "CAL", "hugo", 36, 8, phone="07 53 90 11 28"),
    Someone("hosseini", "Hosseini", "Zahra", ("Hoseyni Zahra",), "female", "AF", ("fa",), "CAL",
            "hugo", 31, 8, (Vulnerability.VIOLENCE,)),
    Someone("ali", "Rahimi", "Ali", (), "male", "AF", ("fa",), "CAL", "hugo", 9, 8,
            parent="rahimi"),
    Someone("maryam", "Rahimi", "Maryam", (), "female", "AF", ("fa",), "CAL", "hugo", 4, 8,
            parent="hosseini"),
    Someone("haile", "Haile", "Yonas", ("Yonas Haylé",), "male", "ER", ("ti",), "CAL", "hugo",
            16, 40, (_UAM,)),
    Someone("tesfaye", "Tesfaye", "Selam", ("Salam Tesfay",), "female", "ER", ("ti", "ar"),
            "CAL", "sara", 16, 30, (_UAM, Vulnerability.TRAFFICKING)),
    Someone("ishag", "Ishag", "Adam", ("Ishaq Adam",), "male", "SD", ("ar", "fvr"), "CAL", "hugo",
            24, 55, (Vulnerability.VIOLENCE,)),
    Someone("farah", "Farah", "Abdirahman", ("Faarax Cabdiraxmaan",), "male", "SO", ("so", "ar"),
            "CAL", "hugo", 19, 95),
    Someone("khan", "Khan", "Imran", ("Imraan Khan",), "male", "PK", ("ur", "ps"), "CAL", "sara",
            27, 20),
    Someone("eze", "Eze", "Chinedu", (), "male", "NG", ("en", "ig"), "CAL", "hugo", 29, 120,
            phone="07 80 12 56 34"),
    Someone("ndiaye", "Ndiaye", "Cheikh", ("Cheick N'Diaye",), "male", "SN", ("wo", "fr"), "CAL",
            "hugo", 22, 65),
    Someone("abraha", "Abraha", "Senait", ("Senayt Abraha",), "female", "ER", ("ti",), "CAL",
            "sara", 20, 35, (Vulnerability.VIOLENCE,)),
    # Marseille, the shelter.
    Someone("abdelrahman", "Abdelrahman", "Mohamed",
            ("Abderrahmane Mohammed", "Muhammad Abdul Rahman"), "male", "SD", ("ar",), "MAR",
            "yasmine", 17, 28, (_UAM, Vulnerability.VIOLENCE)),
    Someone("abdullahi", "Abdullahi", "Hodan", ("Abdulahi Hodan",), "female", "SO", ("so",),
            "MAR", "yasmine", 22, 40, (Vulnerability.VIOLENCE,)),
    Someone("alhassan", "Al-Hassan", "Omar", ("El Hassan Omar",), "male", "SY", ("ar",), "MAR",
            "yasmine", 30, 75, (Vulnerability.DETENTION,)),
    Someone("elamrani", "El Amrani", "Soufiane", ("Sofiane Amrani",), "male", "MA", ("ar", "fr"),
            "MAR", "yasmine", 17, 22, (_UAM,)),
    Someone("mbemba", "Mbemba", "Grâce", ("Grace Mbemba",), "female", "CD", ("ln", "fr"), "MAR",
            "yasmine", 26, 100, phone="06 71 33 20 58"),
    Someone("toure", "Touré", "Oumou", ("Oumou Toure",), "female", "ML", ("bm", "fr"), "MAR",
            "yasmine", 17, 18, (_UAM,)),
    # Tripoli, the shelter (notes in English).
    Someone("gebremedhin", "Gebremedhin", "Filmon", ("Filimon Gebremedhn",), "male", "ER",
            ("ti",), "TRI", "charlie", 27, 50, (Vulnerability.DETENTION,)),
    Someone("okafor", "Okafor", "Blessing", ("Blessing Okafore",), "female", "NG", ("en",), "TRI",
            "charlie", 23, 30, (Vulnerability.PREGNANT, Vulnerability.TRAFFICKING)),
    # Registered in Arabic script, as the Tripoli team writes them; found by "Hawa Osman"
    # and shown with their Latin reading to colleagues who do not read Arabic.
    Someone("osman", "عثمان", "حواء", ("Hawa Osman",), "female", "SD", ("ar",), "TRI", "charlie",
            30, 45),
    Someone("mahamat", "Mahamat", "Idriss", ("Mahamat Idris",), "male", "TD", ("ar", "fr"), "TRI",
            "charlie", 25, 130, (Vulnerability.DETENTION,)),
    Someone("kebede", "Kebede", "Hiwot", (), "female", "ET", ("am",), "TRI", "charlie", 21, 20),
    Someone("yousif", "يوسف", "آمنة", ("Amna Yousif",), "female", "SD", ("ar",), "TRI",
            "charlie", 19, 85),
    # Zwara, the day centre (notes in English).
    Someone("jalloh", "Jalloh", "Abubakar", ("Abu Bakarr Jalloh",), "male", "SL", ("en", "kri"),
            "ZWA", "claire", 22, 15),
    Someone("issoufou", "Issoufou", "Halima", (), "female", "NE", ("ha", "fr"), "ZWA", "claire",
            28, 60),
    Someone("nkurunziza", "Nkurunziza", "Aline", (), "female", "BI", ("rn", "fr"), "ZWA",
            "claire", 24, 110),
    Someone("tadesse", "Tadesse", "Mekdes", ("Mekdes Tadese",), "female", "ET", ("am",), "ZWA",
            "claire", 20, 35),
]
BY_KEY = {s.key: s for s in CAST}
# family, given, aliases, sex, nationality, languages: the names the programme-size
# generator (demo/scale.py) draws from.
PEOPLE = [(s.family, s.given, list(s.aliases), s.sex, s.nationality, list(s.languages))
          for s in CAST]
# Each demo site's usual programme, as the registration form offers it.
PROGRAMMES = {s.code: s.default_programme for s in DEMO_SITES}
# One person refused the processing of their data beyond their care; the TB patient's
# agreement to share with the national TB programme was to be reviewed last week.
REFUSED_DATA_PROCESSING = "ndiaye"
TO_RENEW = "gebremedhin"
ACCOMPANYING = "Éducatrice du centre de jour"


def needs_interpreter(someone: Someone) -> bool:
    return someone.languages[0] not in ("fr", "en")


def interpreter_language(someone: Someone) -> str | None:
    return someone.languages[0] if needs_interpreter(someone) else None


def _consent(someone: Someone, purpose, decision=ConsentDecision.GIVEN, scope="", *,
             when=None, review_on=None, partner_name=None) -> ConsentInput:
    minor = _UAM in someone.flags
    language = interpreter_language(someone)
    return ConsentInput(
        purpose=purpose, decision=decision, scope=scope, decided_on=when, review_on=review_on,
        decided_by=DecidedBy.MINOR_WITH_ADULT if minor
        else DecidedBy.LEGAL_REPRESENTATIVE if someone.parent else DecidedBy.PERSON,
        accompanying_adult=ACCOMPANYING if minor else None,
        method=ConsentMethod.ORAL,
        interpreter_kind=InterpreterKind.PROFESSIONAL_PHONE if language
        else InterpreterKind.NONE_NEEDED,
        interpreter_language=language, partner_name=partner_name,
        note="Consentement donné par le parent présent." if someone.parent else None,
    )


def start_day(someone: Someone, today: date) -> date:
    return working_day(someone.site, today, -someone.since)


def _identity(someone: Someone, started: date) -> Identity:
    year = started.year - someone.age
    if someone.born:
        born, precision = date(year, *someone.born), BirthDatePrecision.FULL
        source = BirthDateSource.DOCUMENT
    else:  # a declared year: the first of January, as the register prints it
        born, precision, source = date(year, 1, 1), BirthDatePrecision.YEAR, \
            BirthDateSource.DECLARED
    return Identity(
        family_name=someone.family, given_names=someone.given, aliases=list(someone.aliases),
        birth_date=born, birth_precision=precision, birth_source=source, sex=Sex(someone.sex),
        nationality=someone.nationality, languages=list(someone.languages),
        interpreter_needed=needs_interpreter(someone), phone=someone.phone)


@dataclass
class Registered:
    someone: Someone
    person: object
    started: date


def seed_demo_people(today: date | None = None) -> int:
    """Register the demo people unless some already exist; returns how many were created."""
    from caseflow.models.person import Person

    if db.session.scalar(select(Person.id).limit(1)):
        return 0
    sites = {s.code: s for s in db.session.scalars(select(Site))}
    users = {u.login: u for u in db.session.scalars(select(User))}
    created: dict[str, Registered] = {}
    for someone in CAST:
        site = sites[someone.site]
        started = start_day(someone, today or site_today(site))
        data = ConsentDecision.REFUSED if someone.key == REFUSED_DATA_PROCESSING \
            else ConsentDecision.GIVEN
        review = working_day(someone.site, today or site_today(site), -4) \
            if someone.key == TO_RENEW else None
        consents = [
            _consent(someone, ConsentPurpose.CARE, when=started),
            _consent(someone, ConsentPurpose.DATA_PROCESSING, data, when=started),
            _consent(someone, ConsentPurpose.TEAM_SHARING, scope="all", when=started,
                     review_on=review),
        ]
        person = register_person(users[someone.registrar], _identity(someone, started),
                                 site_id=site.id, programme=usual_programme(site),
                                 consents=consents, flags=list(someone.flags),
                                 started_on=started, confirmed_distinct_from=[])
        created[someone.key] = Registered(someone, person, started)
    _events_around(created, users, sites, today)
    return len(created) + 1


def _events_around(created: dict[str, Registered], users, sites, today: date | None) -> None:
    """The withdrawal, the transfer and the duplicate that the tests and the docs show."""
    # Awa withdrew her consent to sharing inside the team after a month: the medical
    # follow-up of her pregnancy stays with the doctor.
    awa = created["traore"]
    pan_today = today or site_today(sites["PAN"])
    add_consent(users["lea"], awa.person, _consent(
        awa.someone, ConsentPurpose.TEAM_SHARING, ConsentDecision.WITHDRAWN, "all",
        when=min(pan_today, awa.started + timedelta(days=30))), site_id=sites["PAN"].id)
    # Yonas left Calais for Paris and agreed that the Pantin team receives his record
    # (demo/history.py writes his Calais notes before the move, his Pantin notes after).
    # Selam, first seen in Calais, was registered again in Pantin under another spelling:
    # the coordinator finds the pair in the duplicates queue.
    selam = created["tesfaye"]
    twin = Someone("tesfay", "Tesfay", "Salam", ("Selam T.",), "female", "ER", ("ti",), "PAN",
                   "amina", 16, 3, _MINOR)
    register_person(
        users["amina"], _identity(twin, start_day(twin, pan_today)),
        site_id=sites["PAN"].id, programme="minority_recourse",
        consents=[_consent(twin, ConsentPurpose.CARE)], flags=list(twin.flags),
        started_on=start_day(twin, pan_today), confirmed_distinct_from=[selam.person.id])


def move_yonas_to_pantin(users, person) -> None:
    """Yonas's transfer from Calais to Pantin, between his Calais and his Pantin notes."""
    sites = {s.code: s for s in db.session.scalars(select(Site))}
    enrolment = next(e for e in person.enrolments if e.active)
    transfer(users["hugo"], person, enrolment, sites["PAN"].id,
             _consent(BY_KEY["haile"], ConsentPurpose.PARTNER_SHARING),
             reason="Parti à Paris pour son recours en minorité")
