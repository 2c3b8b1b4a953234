"""Demo outreach in Libya (issue 19): Tripoli's places, a disembarkation session with about
twenty rapid contacts, a detention visit refused and one with partial access counted; and
the links to full records: Hiwot Kebede, seen on the quay five weeks ago and sent to the
shelter, linked to her shelter record (proposed by Charlie, confirmed by Claire); Mahamat
Idriss, intercepted at sea again two days ago, proposed and waiting in Claire's queue.

Made through the services, as Claire (places) and Charlie (sessions) would; run once
(nothing is written when Tripoli already has places)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.outreach import AccessObtained, OutreachPlace, PlaceKind
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.outreach import contacts, links, places, sessions
from caseflow.timezones import site_today

PLACES = [("Tripoli port, Abu Sitta quay", PlaceKind.DISEMBARKATION_POINT),
          ("Tajoura detention centre", PlaceKind.DETENTION_CENTRE),
          ("Abu Salim detention centre", PlaceKind.DETENTION_CENTRE)]
COMPLAINTS = ["scabies", "respiratory_infection", "wound_trauma", "digestive", "other_skin",
              "violence_sequelae", None, None]
NATIONALITIES = ["SD", "SD", "SD", "ER", "NG", "BD", "EG", "ML"]


def seed_libya_outreach(today: date | None = None) -> int:
    """Returns the contacts written (0 when the demo's places exist already)."""
    site = db.session.scalar(select(Site).where(Site.code == "TRI"))
    users = {u.login: u for u in db.session.scalars(select(User).where(
        User.login.in_(("claire", "charlie"))))}
    if site is None or len(users) < 2 or db.session.scalar(
            select(OutreachPlace.id).where(OutreachPlace.site_id == site.id).limit(1)):
        return 0
    claire, charlie = users["claire"], users["charlie"]
    today = today or site_today(site)
    made = [places.add_place(claire, places.PlaceInput(site.id, name, kind))
            for name, kind in PLACES]
    quay = sessions.create_session(charlie, sessions.SessionInput(
        made[0].id, today - timedelta(days=2), AccessObtained.FULL,
        team="Charlie Okafor, Mariam (nurse), Yousef (cultural mediator)"))
    rng = random.Random(19)
    written = 0
    for number in range(1, 21):
        if number in (7, 15):
            sessions.record_declined(charlie, quay)
        triage = rng.choices(["green", "yellow", "red"], weights=[14, 5, 1])[0]
        sex = rng.choice(["male"] * 5 + ["female"])
        age_group = rng.choice(["18_59"] * 6 + ["5_17"] * 2 + ["under_5"])
        if number == 4:  # the unaccompanied boy of the protection concern below
            sex, age_group = "male", "5_17"
        nationality = rng.choice(NATIONALITIES)
        if number == 9:  # Mahamat, intercepted at sea again (linked below)
            sex, age_group, nationality = "male", "18_59", "TD"
        contacts.add_contact(charlie, quay, contacts.ContactInput(
            number=number, sex=sex, age_group=age_group,
            nationality=nationality, complaint_code=rng.choice(COMPLAINTS) or "",
            triage=triage, temperature=f"{rng.uniform(36.4, 38.9):.1f}",
            heart_rate=rng.randint(70, 118), spo2=rng.randint(93, 99),
            treatment="Water, ORS, dry clothes" if triage == "green" else "Wound care, referred",
            referral="hospital" if triage == "red" else "none",
            protection_concern="Unaccompanied, says he is 15" if number == 4 else "",
            declared_name="Mahamat Idris" if number == 9 else "",
            consent_explained_by_id=charlie.id, consent_confirmed=True))
        written += 1
    sessions.create_session(charlie, sessions.SessionInput(
        made[1].id, today - timedelta(days=5), AccessObtained.REFUSED,
        refusal_reason="Centre director: no visit this week without a new authorisation "
                       "letter from the directorate."))
    partial = sessions.create_session(charlie, sessions.SessionInput(
        made[2].id, today - timedelta(days=9), AccessObtained.PARTIAL,
        access_note="Only the women's section; the men's cells were closed to us."))
    sessions.update_counts(charlie, partial, sessions.parse_counts({
        "present_count": 85, "seen_count": 31, "female_count": 27, "male_count": 4,
        "under_5_count": 4, "age_5_17_count": 5, "age_18_59_count": 22,
        "referred_count": 3}), partial.version)
    written += _seed_links(claire, charlie, made[0], quay, today)
    db.session.commit()
    return written


def _person(family: str, given: str, nationality: str) -> Person | None:
    """A demo person by name (names are encrypted: those of the nationality are read)."""
    return next((p for p in db.session.scalars(select(Person).where(
        Person.nationality == nationality))
                 if (p.family_name, p.given_names) == (family, given)), None)


def _seed_links(claire, charlie, place, quay, today: date) -> int:
    """An earlier session on the quay, its contact linked to Hiwot's shelter record (confirmed
    by Claire), and #9 of the latest session proposed for Mahamat's (waiting for her)."""
    hiwot, mahamat = (_person("Kebede", "Hiwot", "ET"),
                       _person("Mahamat", "Idriss", "TD"))
    if hiwot is None or mahamat is None:
        return 0
    earlier = sessions.create_session(charlie, sessions.SessionInput(
        place.id, today - timedelta(days=35), AccessObtained.FULL,
        team="Charlie Okafor, Mariam (nurse)"))
    seen = contacts.add_contact(charlie, earlier, contacts.ContactInput(
        number=31, declared_name="Hiwot Kebede", sex="female", age_group="18_59",
        nationality="ET", complaint_code="respiratory_infection", triage="yellow",
        temperature="38.4", heart_rate=104, respiratory_rate=24, spo2=94,
        treatment="Paracetamol, water; referred to the shelter", referral="shelter",
        consent_explained_by_id=charlie.id, consent_confirmed=True))
    links.confirm(claire, links.propose(charlie, seen, earlier, hiwot))
    again = next(c for c in contacts.contacts_of(quay) if c.number == 9)
    links.propose(charlie, again, quay, mahamat)
    return 1
