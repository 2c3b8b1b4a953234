"""Demo hospital follow-up in Tripoli (issue 19): a partner hospital, one stay with two visits
of the team and a discharge to the shelter, one stay still going on.

Made through the services, as Claire (the hospital, the costs) and Charlie (the stays and
the visits) would; run once (nothing is written when Tripoli already has a hospital)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from caseflow.demo import is_working_day
from caseflow.extensions import db
from caseflow.models.hospital import Outcome, PartnerHospital, ReferredBy
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.hospital import admissions, partners
from caseflow.timezones import site_today, site_zone, utc_from_local
from caseflow.vocabulary import NoteKind

HOSPITALS = ("Tripoli Central Hospital", "Abu Salim Trauma Hospital")


def _person(family: str, given: str) -> Person | None:
    for person in db.session.scalars(select(Person)):
        if (person.family_name, person.given_names) == (family, given):
            return person
    return None


def seed_libya_hospital(today: date | None = None) -> int:
    """Returns the admissions written (0 when Tripoli has partner hospitals already)."""
    site = db.session.scalar(select(Site).where(Site.code == "TRI"))
    users = {u.login: u for u in db.session.scalars(select(User).where(
        User.login.in_(("claire", "charlie"))))}
    if site is None or len(users) < 2 or db.session.scalar(
            select(PartnerHospital.id).where(PartnerHospital.site_id == site.id).limit(1)):
        return 0
    claire, charlie = users["claire"], users["charlie"]
    today = today or site_today(site)
    central, trauma = (partners.add_hospital(claire, partners.HospitalInput(name, site.id))
                       for name in HOSPITALS)
    written = 0
    mahamat = _person("Mahamat", "Idriss")
    if mahamat is not None and admissions.may_record(charlie, mahamat):
        stay = admissions.create_admission(charlie, mahamat, admissions.AdmissionInput(
            hospital_id=trauma.id, admitted_on=today - timedelta(days=20),
            reason_code="fracture", referred_by=ReferredBy.DETENTION_AUTHORITY,
            ward="Orthopaedics, room 4",
            reason_text="Closed fracture of the left forearm after a fall in detention; "
                        "reduction and cast under sedation."))
        for days_ago, words in ((18, "Seen on the ward: cast in place, pain controlled, eats "
                                     "well. Explained the follow-up at the shelter."),
                                (15, "X-ray control good. Discharge planned in two days; "
                                     "shelter bed reserved.")):
            # The team visits on its working days (Sunday to Thursday in Libya): a visit
            # falling on a weekend is the working day before (still after the admission).
            day = today - timedelta(days=days_ago)
            while not is_working_day(site.code, day):
                day -= timedelta(days=1)
            at = utc_from_local(datetime.combine(day, time(11, 0)), site_zone(site))
            admissions.record_visit(charlie, mahamat, stay, NoteKind.MEDICAL_CONSULTATION, at,
                                    words, reason=f"Hospital visit ({trauma.name})")
        stay = admissions.discharge(charlie, mahamat, stay, admissions.DischargeInput(
            today - timedelta(days=13), Outcome.SHELTER), stay.version)
        admissions.set_costs(claire, mahamat, stay, Decimal("1850.00"), "LYD", stay.version)
        written += 1
    blessing = _person("Okafor", "Blessing")
    if blessing is not None and admissions.may_record(charlie, blessing):
        admissions.create_admission(charlie, blessing, admissions.AdmissionInput(
            hospital_id=central.id, admitted_on=today - timedelta(days=2),
            reason_code="pregnancy", referred_by=ReferredBy.TEAM, ward="Maternity",
            reason_text="Pre-eclampsia at 34 weeks: admitted for monitoring."))
        written += 1
    return written
