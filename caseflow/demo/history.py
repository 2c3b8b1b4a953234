"""The demo's history: the stories (demo/stories.py) played through the production services
(notes, appointments, referrals, pathway steps: encrypted and audited as in real use), then
one or two coherent visits for each person without a story.

Everything is dated in the site's working days and opening hours, in its time zone, counted
from the site's today; the people registered long ago and not seen since fill the
lost-to-follow-up list. Deterministic, like the demo people.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import select

from caseflow.demo import HOURS, local_time, working_day
from caseflow.demo.events import (
    Certify,
    Enrol,
    Move,
    Note,
    Refer,
    Step,
    Visit,
    vitals,
)
from caseflow.demo.people import (
    BY_KEY,
    CAST,
    Someone,
    _consent,
    interpreter_language,
    move_yonas_to_pantin,
)
from caseflow.demo.stories import STORIES
from caseflow.demo.team import seed_demo_team
from caseflow.extensions import db
from caseflow.models.note import Note as NoteRow
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.services.care.pathway_events import change_state
from caseflow.timezones import site_today, utc_from_local, zone_of
from caseflow.vocabulary import (
    Confidentiality,
    ConsentPurpose,
    InterpreterKind,
    NoteKind,
)

# Who writes at which site, in which kind of note; with TEXTS and CODES, what the
# programme-size generator (demo/scale.py) draws its synthetic notes from.
WRITERS = {
    "PAN": [("amina", NoteKind.MEDICAL_CONSULTATION), ("yasmine", NoteKind.MENTAL_HEALTH_SESSION),
            ("sara", NoteKind.SOCIAL_INTERVIEW), ("lea", NoteKind.LEGAL_APPOINTMENT)],
    "CAL": [("hugo", NoteKind.NURSING_CARE), ("sara", NoteKind.SOCIAL_INTERVIEW)],
    "MAR": [("yasmine", NoteKind.MENTAL_HEALTH_SESSION), ("claire", NoteKind.MEDICAL_CONSULTATION)],
    "TRI": [("charlie", NoteKind.MEDICAL_CONSULTATION)],
    "ZWA": [("claire", NoteKind.MEDICAL_CONSULTATION)],
}
TEXTS = {
    NoteKind.MEDICAL_CONSULTATION: [
        "Toux productive depuis 10 jours, pas de fièvre la nuit. Auscultation : ronchi diffus.",
        "Lésions de grattage interdigitales et des poignets, prurit nocturne. Traitement de la "
        "gale débuté, linge à laver.",
        "Douleur de la cheville droite depuis une chute au passage de la frontière. "
        "Pas de déformation, appui possible.",
    ],
    NoteKind.NURSING_CARE: [
        "Pansement de plaie du pied, propre, bourgeonnante. Prochain pansement dans 48 h.",
        "Prise des constantes, remise de paracétamol, orientation PASS pour bilan.",
    ],
    NoteKind.MENTAL_HEALTH_SESSION: [
        "Dort mal, cauchemars répétés du voyage. Se sent en sécurité au centre. Poursuite du "
        "suivi hebdomadaire.",
        "Tristesse, repli depuis le refus de minorité. Pas d'idées suicidaires exprimées.",
    ],
    NoteKind.SOCIAL_INTERVIEW: [
        "Dort dans un campement. Demande d'hébergement d'urgence faite, domiciliation en cours.",
        "Accompagnement pour la demande d'AME ; besoin de vêtements chauds.",
    ],
    NoteKind.LEGAL_APPOINTMENT: [
        "Refus d'évaluation reçu. Recours devant le juge des enfants préparé avec l'avocate.",
        "Audience fixée ; préparation de l'entretien et des pièces.",
    ],
}
CODES = {
    NoteKind.MEDICAL_CONSULTATION: [{"conditions": ["respiratory_infection"]},
                                    {"conditions": ["scabies"]},
                                    {"conditions": ["wound_trauma", "violence_sequelae"]}],
    NoteKind.NURSING_CARE: [{"conditions": ["wound_trauma"]}, {"conditions": ["other"]}],
    NoteKind.MENTAL_HEALTH_SESSION: [
        {"session_kind": "individual", "category": "psychotrauma", "cgi_s": 5},
        {"session_kind": "individual", "category": "precarity_reaction", "cgi_i": 3},
    ],
    NoteKind.SOCIAL_INTERVIEW: [{"housing": "street", "actions": ["domiciliation", "food"]},
                                {"housing": "emergency_shelter",
                                 "actions": ["health_coverage", "clothes"]}],
    NoteKind.LEGAL_APPOINTMENT: [{"procedure": "minority_recourse", "step": "recours"},
                                 {"procedure": "minority_recourse", "step": "audience",
                                  "decision": "pending"}],
}
LEVELS = [Confidentiality.TEAM, Confidentiality.TEAM, Confidentiality.DISCIPLINE,
          Confidentiality.PRIVATE]

# --- The people without a story: one visit, a second for some ---------------------------
# (reason, text, conditions, fever, treatment); {e}: « e » for a woman, {t}: the temperature
# as the note's language writes it. A fever is written in the text only with its measure.
FRENCH = [
    ("Douleur dentaire", "Douleur d'une molaire inférieure droite depuis une semaine, carie "
     "profonde, pas de gonflement de la joue. Pas de fièvre. Orienté{e} vers le dentiste de "
     "la PASS.", "dental", False, "Paracétamol, ibuprofène trois jours."),
    ("Toux", "Toux sèche et nez qui coule depuis quatre jours, gorge irritée. Pas de fièvre. "
     "Auscultation normale : rhinopharyngite.", "respiratory_infection", False,
     "Lavages de nez, paracétamol si besoin."),
    ("Démangeaisons", "Prurit nocturne depuis deux semaines, sillons entre les doigts et "
     "lésions de grattage aux poignets : gale, sans surinfection. Pas de fièvre.", "scabies",
     False, "Ivermectine à J1 et J8, linge lavé à 60 °C."),
    ("Douleurs d'estomac", "Brûlures d'estomac après les repas depuis un mois, pas de "
     "vomissement, selles normales. Pas de fièvre. Abdomen souple.", "digestive", False,
     "Oméprazole 20 mg pendant quatre semaines."),
    ("Fièvre", "Fièvre depuis hier soir avec frissons et courbatures, {t} °C au centre. "
     "Gorge rouge, pas de toux. Test rapide du paludisme négatif : angine virale probable.",
     "respiratory_infection", True, "Paracétamol ; revenir si la fièvre dure trois jours."),
    ("Douleur de la cheville", "Entorse de la cheville droite en jouant au football "
     "avant-hier. Œdème externe, appui possible, pas de douleur osseuse. Pas de fièvre.",
     "wound_trauma", False, "Strapping, glace, paracétamol."),
]
NURSING = [
    ("Plaies des pieds", "Ampoules percées et plaies superficielles des deux pieds après des "
     "jours de marche, sans signe d'infection. Pas de fièvre.", "wound_trauma", False,
     "Nettoyage, pansements, chaussettes sèches données."),
    ("Démangeaisons", "Prurit nocturne et lésions de grattage des mains et des poignets, "
     "plusieurs cas au campement : gale probable. Pas de fièvre. Orienté{e} vers la PASS.",
     "scabies", False, "Kit d'hygiène donné ; traitement à la PASS."),
    ("Toux", "Toux et nez qui coule depuis une semaine, nuits dehors. Pas de fièvre, pas de "
     "gêne respiratoire.", "respiratory_infection", False,
     "Paracétamol, boissons chaudes ; revoir si fièvre."),
    ("Fièvre", "Frissons et courbatures depuis la nuit, {t} °C. Boit bien, pas de gêne "
     "respiratoire. Orienté{e} vers la PASS de Calais dans la journée.",
     "respiratory_infection", True, "Paracétamol 1 g donné sur place."),
    ("Plaie de la main", "Coupure de la paume droite sur un grillage il y a deux jours, "
     "2 cm, bords propres, sans signe d'infection. Pas de fièvre. Vaccination antitétanique "
     "inconnue.", "wound_trauma", False, "Pansement ; vaccin antitétanique à la PASS."),
]
ENGLISH = [
    ("Itching", "Itching at night for two weeks, burrows between the fingers and scratch "
     "marks on the wrists; others in the same room itch too. Scabies, no secondary "
     "infection. Afebrile.", "scabies", False, "Permethrin 5% cream; bedding washed."),
    ("Cough", "Dry cough and runny nose for four days. Afebrile, chest clear: upper "
     "respiratory tract infection.", "respiratory_infection", False, "Paracetamol as needed."),
    ("Fever", "Fever and chills since last night, {t} °C. Sore throat, no cough, chest clear. "
     "Malaria rapid test negative.", "respiratory_infection", True,
     "Paracetamol; review in two days if still febrile."),
    ("Back pain", "Lower back pain for three weeks, carrying loads on a building site. No "
     "leg weakness, no numbness. Afebrile.", "other", False, "Ibuprofen for five days."),
    ("Diarrhoea", "Watery diarrhoea for two days, no blood; drinks well, not dehydrated. "
     "Afebrile.", "digestive", False, "Oral rehydration salts, zinc."),
    ("Knee pain", "Pain in the right knee since a fall on the boat ramp a week ago. Mild "
     "swelling, stable knee, walks without limping. Afebrile.", "wound_trauma", False,
     "Ibuprofen, rest."),
]
MENTAL = [
    ("Troubles du sommeil depuis l'arrivée, ruminations sur la famille restée au pays. Pas "
     "d'idées suicidaires. Suivi proposé.", "precarity_reaction", 3),
    ("Reviviscences des violences subies en chemin, sursauts au moindre bruit. Pas d'idées "
     "suicidaires. Séances hebdomadaires avec l'interprète.", "psychotrauma", 4),
    ("Tristesse et perte d'appétit depuis la mort d'un ami en mer. Pas d'idées suicidaires. "
     "Rendez-vous dans une semaine.", "depression", 4),
]
SOCIAL = [
    ("Dort dans un campement près de la gare. Domiciliation faite à l'association ; demande "
     "d'AME à déposer.", "street", ["domiciliation"], "AME, vêtements chauds."),
    ("Hébergé{e} au centre d'hébergement d'urgence depuis trois nuits. Demande d'AME "
     "déposée ; ticket de bus donné pour la PASS.", "emergency_shelter",
     ["health_coverage", "transport"], "Suivi de la demande d'AME."),
]
AGAIN = {"fr": "Revu{e} comme prévu : nettement mieux, plus de plainte. Pas de fièvre.",
         "en": "Seen again as planned: much better, no complaint. Afebrile."}
ENGLISH_SITES = ("TRI", "ZWA")


class _Calendar:
    """Working days and opening hours of each site, from its today."""

    def __init__(self, sites: dict[str, Site], today: date | None):
        self.sites, self.today = sites, {c: today or site_today(s) for c, s in sites.items()}

    def day(self, code: str, n: int) -> date:
        return working_day(code, self.today[code], n)

    def at(self, code: str, n: int, hhmm: str) -> datetime:
        """A working day's local time as stored (naive UTC)."""
        local = datetime.combine(self.day(code, n), local_time(hhmm))
        return utc_from_local(local, zone_of(self.sites[code]))

    def slot(self, code: str, rng: random.Random) -> str:
        """A quarter hour between the opening and half an hour before closing."""
        opens, closes = (local_time(t) for t in HOURS[code])
        first, last = opens.hour * 4 + opens.minute // 15, closes.hour * 4 + closes.minute // 15
        quarter = rng.randint(first, last - 2)
        return f"{quarter // 4:02d}:{quarter % 4 * 15:02d}"


def seed_demo_history(today: date | None = None) -> int:
    """Write the stories and the other people's visits unless notes exist; returns the
    notes written."""
    if db.session.scalar(select(NoteRow.id).limit(1)):
        return 0
    users = {u.login: u for u in db.session.scalars(select(User))}
    calendar = _Calendar({s.code: s for s in db.session.scalars(select(Site))}, today)
    people = {}
    for person in db.session.scalars(select(Person)):
        for someone in CAST:
            if (person.family_name, person.given_names) == (someone.family, someone.given):
                people[someone.key] = person
    written = 0
    for key, events in STORIES.items():
        if key in people:
            written += _play(users, calendar, BY_KEY[key], people[key], events)
    rng = random.Random(2026)
    for someone in CAST:
        if someone.key not in STORIES and someone.key in people:
            written += _background(users, calendar, someone, people[someone.key], rng)
    seed_demo_team(users, people, calendar.sites)
    from caseflow.demo.libya_outreach import seed_libya_outreach  # issue 19

    seed_libya_outreach(today)
    from caseflow.demo.libya_hospital import seed_libya_hospital  # issue 19

    seed_libya_hospital(today)
    from caseflow.demo.libya_evacuation import seed_libya_evacuation  # issue 19

    seed_libya_evacuation(today)
    from caseflow.demo.libya_tb import seed_libya_tb  # issue 19

    seed_libya_tb(today)
    from caseflow.demo.pregnancy import seed_pregnancy  # issue 20

    seed_pregnancy(today)
    from caseflow.demo.safety import seed_safety  # issue 20, allergies and treatments

    seed_safety(today)
    return written


def _site_code(person) -> str:
    """The site that follows the person (the last one, once a programme has ended)."""
    enrolments = sorted(person.enrolments, key=lambda e: (e.active, e.started_on))
    return enrolments[-1].site.code


def _note(users, calendar, someone: Someone, person, note: Note) -> None:
    code = _site_code(person)
    language = interpreter_language(someone)
    details = dict(note.details)
    if isinstance(details.get("next_hearing"), int):
        details["next_hearing"] = calendar.day(code, details["next_hearing"]).isoformat()
    record_note(users[note.author], person, NoteInput(
        kind=note.kind, occurred_at=calendar.at(code, note.day, note.at),
        site_id=calendar.sites[code].id, confidentiality=note.level,
        interpreter_kind=InterpreterKind.PROFESSIONAL_PHONE if language
        else InterpreterKind.NONE_NEEDED, interpreter_language=language,
        codes=dict(note.codes), details=details, text=note.text))


def _play(users, calendar, someone: Someone, person, events) -> int:
    written = 0
    for event in events:
        if isinstance(event, Note):
            _note(users, calendar, someone, person, event)
            written += 1
        elif isinstance(event, Visit):
            _visit(users, calendar, person, event)
        elif isinstance(event, Step):
            _step(users, calendar, person, event)
        elif isinstance(event, Enrol):
            from caseflow.services.intake.people import enrol

            code = _site_code(person)
            enrol(users[event.author], person, site_id=calendar.sites[code].id,
                  programme=event.programme, started_on=calendar.day(code, event.day))
        elif isinstance(event, Refer):
            _refer(users, calendar, someone, person, event)
        elif isinstance(event, Certify):
            from caseflow.demo.certificates import certify

            certify(users, someone.key, person, calendar.day)
        elif isinstance(event, Move):
            move_yonas_to_pantin(users, person)
            db.session.refresh(person)
    return written


def _visit(users, calendar, person, visit: Visit) -> None:
    from caseflow.models.appointment import AppointmentStatus
    from caseflow.services.care import appointments

    author, code = users[visit.author], _site_code(person)
    discipline = appointments.allowed_disciplines(author)[0]
    booked = appointments.schedule(author, person, appointments.AppointmentInput(
        site_id=calendar.sites[code].id, discipline=discipline, kind=visit.kind,
        scheduled_at=calendar.at(code, visit.day, visit.at), with_user_id=author.id,
        note=visit.note))
    if visit.status != "scheduled":
        appointments.set_status(author, person, booked, AppointmentStatus(visit.status))


def _step(users, calendar, person, step: Step) -> None:
    from caseflow import pathways

    enrolment = next(e for e in person.enrolments if e.active and step.state in
                     pathways.get(e.programme).states)
    change_state(users[step.author], person, enrolment, step.state,
                 calendar.day(enrolment.site.code, step.day), note=step.note)


def _refer(users, calendar, someone: Someone, person, refer: Refer) -> None:
    from caseflow.models.referral import ReferralStatus
    from caseflow.services.care import referrals

    author, code = users[refer.author], _site_code(person)
    consent = _consent(someone, ConsentPurpose.PARTNER_SHARING,
                       partner_name=refer.partner_name) if refer.partner else None
    referral = referrals.create(author, person, referrals.ReferralInput(
        reason=refer.reason, urgency=refer.urgency, target_discipline=refer.target,
        partner_kind=refer.partner, partner_name=refer.partner_name,
        site_id=calendar.sites[code].id), consent)
    for status in refer.path:
        final = status in ("completed", "declined", "no_show")
        referrals.set_status(author, person, referral, ReferralStatus(status),
                             outcome=refer.outcome if final else None,
                             outcome_on=calendar.day(code, refer.answered) if final else None)


def _background(users, calendar, someone: Someone, person, rng: random.Random) -> int:
    """One visit on the day the person was first seen, by who registered them; a second,
    a week later, for a third of them; an appointment to come for some."""
    code, author = someone.site, users[someone.registrar]
    english = code in ENGLISH_SITES
    e = "e" if someone.sex == "female" else ""
    day = -someone.since
    if author.discipline.value == "mental_health":
        text, category, severity = rng.choice(MENTAL)
        notes = [Note(day, calendar.slot(code, rng), someone.registrar,
                      NoteKind.MENTAL_HEALTH_SESSION, text,
                      {"session_kind": "individual", "category": category, "cgi_s": severity},
                      {"suicidal_ideation": "no"})]
    elif author.discipline.value == "social":
        text, housing, actions, needs = rng.choice(SOCIAL)
        notes = [Note(day, calendar.slot(code, rng), someone.registrar,
                      NoteKind.SOCIAL_INTERVIEW, text.format(e=e),
                      {"housing": housing, "actions": actions}, {"needs": needs})]
    elif author.discipline.value == "legal":
        notes = [Note(day, calendar.slot(code, rng), "lea", NoteKind.LEGAL_APPOINTMENT,
                      "Premier entretien : refus de prise en charge après l'évaluation de "
                      "minorité. Recours expliqué ; documents d'état civil à demander à la "
                      "famille.", {"procedure": "minority_recourse", "step": "recours"})]
    else:
        notes = _medical(calendar, someone, rng, english, e)
    for note in notes:
        _note(users, calendar, someone, person, note)
    if rng.random() < 0.3 and someone.since > 30:
        _visit(users, calendar, person, Visit(rng.randint(1, 8), calendar.slot(code, rng),
                                              someone.registrar))
    return len(notes)


def _medical(calendar, someone: Someone, rng: random.Random, english: bool, e: str):
    """A consultation whose reason, text and vital signs agree; for some, a check a week
    later with the same weight, give or take a few hundred grams."""
    code = someone.site
    kind = NoteKind.NURSING_CARE if someone.registrar == "hugo" \
        else NoteKind.MEDICAL_CONSULTATION
    reason, text, condition, fever, treatment = rng.choice(
        ENGLISH if english else NURSING if kind == NoteKind.NURSING_CARE else FRENCH)
    heavy = someone.sex == "male" and someone.age >= 18
    weight = round(rng.uniform(58, 72) if heavy else rng.uniform(48, 60), 1)
    temp = round(rng.uniform(38.2, 38.9), 1) if fever else round(rng.uniform(36.5, 37.2), 1)
    written = f"{temp:.1f}" if english else f"{temp:.1f}".replace(".", ",")
    codes, details = vitals(weight=weight, temp=temp, reason=reason, treatment=treatment,
                            pulse=rng.randint(96, 110) if fever else rng.randint(64, 86),
                            conditions=[condition])
    day = -someone.since
    notes = [Note(day, calendar.slot(code, rng), someone.registrar, kind,
                  text.format(e=e, t=written), codes, details)]
    if rng.random() < 0.35 and someone.since >= 10:
        again_codes, again = vitals(weight=round(weight + rng.uniform(-0.4, 0.4), 1),
                                    temp=round(rng.uniform(36.5, 37.1), 1),
                                    pulse=rng.randint(64, 84), conditions=[condition],
                                    reason=("Follow-up: " if english else "Contrôle : ")
                                    + reason.lower())
        notes.append(Note(day + 5, calendar.slot(code, rng), someone.registrar, kind,
                          AGAIN["en" if english else "fr"].format(e=e), again_codes, again))
    return notes
