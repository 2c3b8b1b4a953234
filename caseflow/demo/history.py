"""A realistic history for the demo people: notes in every discipline and at every
confidentiality level, pathway steps, written by the personas through the services.

Some people were last seen long ago, so that the lost-to-follow-up list has
something to show. Deterministic, like the demo people.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.user import User
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.services.care.pathway_events import allowed_targets, change_state
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind

# Who writes at which site, in which kind of note.
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


def seed_demo_history(today: date | None = None) -> int:
    """Write the demo notes and pathway steps unless notes exist; returns the notes written."""
    if db.session.scalar(select(Note.id).limit(1)):
        return 0
    today = today or date.today()
    rng = random.Random(5)
    users = {u.login: u for u in db.session.scalars(select(User))}
    written = 0
    people = db.session.scalars(select(Person).order_by(Person.created_at)).all()
    for index, person in enumerate(people):
        enrolment = next((e for e in person.enrolments if e.active), None)
        if enrolment is None:
            continue
        site = enrolment.site
        started = enrolment.started_on
        # One person in six has not been seen for months: lost to follow-up.
        last_day = today - timedelta(days=120) if index % 6 == 5 else today
        span = max((last_day - started).days, 1)
        for login, kind in WRITERS.get(site.code, []):
            author = users[login]
            for visit in range(rng.randint(1, 3)):
                day = started + timedelta(days=rng.randint(0, span))
                day = min(day, last_day)
                when = datetime.combine(day, time(rng.randint(9, 16), rng.choice([0, 15, 30])))
                when = min(when, utcnow() - timedelta(minutes=5))
                level = LEVELS[(index + visit) % len(LEVELS)]
                interpreted = bool(person.interpreter_needed and person.languages)
                record_note(author, person, NoteInput(
                    kind=kind, occurred_at=when, site_id=site.id, confidentiality=level,
                    interpreter_kind=InterpreterKind.PROFESSIONAL_PHONE if interpreted
                    else InterpreterKind.NONE_NEEDED,
                    interpreter_language=person.languages[0] if interpreted else None,
                    codes=dict(rng.choice(CODES[kind])),
                    details=_details(kind, rng),
                    text=rng.choice(TEXTS[kind]) if level != Confidentiality.PRIVATE
                    else "Note de travail : à revoir avec l'équipe avant la prochaine séance.",
                ))
                written += 1
        _advance_pathway(users, person, enrolment, index, today)
        _appointments_and_referrals(users, person, site.code, index)
    written += _protection_notes(users, people, today)
    from caseflow.demo.certificates import seed_demo_certificates

    seed_demo_certificates(users, people)
    return written


def _appointments_and_referrals(users, person, site_code: str, index: int) -> None:
    """Hearings and sessions to come, a missed appointment, referrals with and without
    the person's consent to share with the partner."""
    from caseflow.models.appointment import AppointmentKind, AppointmentStatus
    from caseflow.models.referral import PartnerKind, Urgency
    from caseflow.services.care import appointments, referrals
    from caseflow.services.care.consents import ConsentInput
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose, DecidedBy

    now = utcnow().replace(second=0, microsecond=0)
    site_id = next(e.site_id for e in person.enrolments if e.active)
    if site_code == "PAN" and index % 2 == 0:
        appointments.schedule(users["lea"], person, appointments.AppointmentInput(
            site_id=site_id, discipline=Discipline.LEGAL, kind=AppointmentKind.HEARING,
            scheduled_at=now + timedelta(days=7 + index % 20, hours=2),
            note="Audience devant le juge des enfants, tribunal de Bobigny."))
    if site_code in ("PAN", "MAR") and index % 3 == 0:
        missed = appointments.schedule(users["yasmine"], person, appointments.AppointmentInput(
            site_id=site_id, discipline=Discipline.MENTAL_HEALTH,
            kind=AppointmentKind.FOLLOW_UP, scheduled_at=now - timedelta(days=3),
            with_user_id=users["yasmine"].id))
        appointments.set_status(users["yasmine"], person, missed, AppointmentStatus.MISSED)
        appointments.schedule(users["yasmine"], person, appointments.AppointmentInput(
            site_id=site_id, discipline=Discipline.MENTAL_HEALTH,
            kind=AppointmentKind.FOLLOW_UP, scheduled_at=now + timedelta(days=4),
            with_user_id=users["yasmine"].id))
    if site_code == "PAN" and index % 4 == 0:
        consent = None
        if index % 8 == 0:
            consent = ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN,
                                   decided_by=DecidedBy.PERSON)
        referrals.create(users["amina"], person, referrals.ReferralInput(
            reason="Bilan hépatite B et vaccinations ; radiographie pulmonaire.",
            urgency=Urgency.SOON, partner_kind=PartnerKind.HOSPITAL_PASS,
            partner_name="PASS de l'hôpital Avicenne", site_id=site_id), consent)
    if site_code == "CAL" and index % 3 == 1:
        referrals.create(users["hugo"], person, referrals.ReferralInput(
            reason="Dort dehors, a besoin d'une mise à l'abri et d'une domiciliation.",
            urgency=Urgency.URGENT, target_discipline=Discipline.SOCIAL, site_id=site_id))


# Nadia's protection interviews: read by the protection discipline only (the default).
PROTECTION = [
    ({"risks": ["trafficking_indicators", "violence_in_transit"], "family_links": "rfl_opened",
      "referred_to": ["red_cross_family_links"]},
     {"situation": "Dit avoir travaillé sans salaire plusieurs mois en Libye pour payer le "
                   "passage ; dette envers le passeur évoquée.",
      "sought_relatives": "Frère aîné, dernières nouvelles depuis Agadez (2025)"}),
    ({"risks": ["family_separation"], "child_protection": ["no_legal_representative"],
      "best_interest": "bia_started", "referred_to": ["child_welfare_services"]},
     {"safety_plan": "Hébergement de mise à l'abri demandé ; passage quotidien au centre."}),
]


def _protection_notes(users, people, today: date) -> int:
    """One protection interview for every third person followed at Pantin or Calais, written
    after the other notes with a random source of its own (the rest of the demo is unchanged)."""
    nadia, rng, written = users.get("nadia"), random.Random(15), 0
    if nadia is None:
        return 0
    for index, person in enumerate(people):
        enrolment = next((e for e in person.enrolments if e.active), None)
        if enrolment is None or enrolment.site.code not in ("PAN", "CAL") or index % 3:
            continue
        day = min(enrolment.started_on + timedelta(days=rng.randint(0, 20)), today)
        when = min(datetime.combine(day, time(rng.randint(9, 16), 0)),
                   utcnow() - timedelta(minutes=5))
        codes, details = PROTECTION[(index // 3) % len(PROTECTION)]
        record_note(nadia, person, NoteInput(
            kind=NoteKind.PROTECTION_INTERVIEW, occurred_at=when, site_id=enrolment.site_id,
            confidentiality=Confidentiality.DISCIPLINE, codes=dict(codes),
            details=dict(details), text="Entretien seul à seule, dans le bureau fermé."))
        written += 1
    return written


def _details(kind: NoteKind, rng: random.Random) -> dict:
    if kind == NoteKind.MEDICAL_CONSULTATION:
        return {"reason": rng.choice(["toux", "démangeaisons", "douleur", "bilan"]),
                "weight_kg": round(rng.uniform(45, 70), 1),
                "temperature_c": round(rng.uniform(36.4, 38.6), 1),
                "pulse": rng.randint(64, 104), "treatment": "selon protocole"}
    if kind == NoteKind.MENTAL_HEALTH_SESSION:
        return {"suicidal_ideation": "no"}
    if kind == NoteKind.SOCIAL_INTERVIEW:
        return {"needs": "hébergement, vêtements"}
    if kind == NoteKind.LEGAL_APPOINTMENT:
        return {"lawyer": "Me Martin (barreau de Bobigny)"}
    return {}


def _advance_pathway(users, person, enrolment, index: int, today: date) -> None:
    """Minority recourse at Pantin: the legal worker moves some files a few steps."""
    if enrolment.programme != "minority_recourse":
        return
    lea = users["lea"]
    steps = ["evaluation_refused", "recourse_filed", "hearing_scheduled"][: index % 4]
    day = enrolment.started_on
    for step in steps:
        if step not in dict(allowed_targets(lea, person, enrolment)):
            return
        day = min(today, day + timedelta(days=10))
        change_state(lea, person, enrolment, step, day, note="Étape enregistrée par la juriste.")
