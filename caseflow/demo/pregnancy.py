"""Demo pregnancy follow-up (issue 20), recorded through the services as Fatima, Pantin's
midwife, would.

Awa Traoré (17, Pantin; her story in demo/stories.py: a pregnancy after violence in
Libya, about ten weeks at working day -47, referred to the Delafontaine maternity):
registered with an uncertain last period, so that the first-trimester ultrasound dates
the pregnancy; risk factors "age under 18" and "pregnancy after sexual violence"; three
antenatal visits (anaemia flagged at the first, haemoglobin 10.4 g/dL); her next visit
is an appointment with Fatima today.

Run once: nothing is written when Pantin already follows a pregnancy.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from caseflow.demo import working_day
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind
from caseflow.models.person import Person
from caseflow.models.pregnancy import Pregnancy, RiskFactor
from caseflow.models.pregnancy_dating import ga_on
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.care import appointments
from caseflow.services.pregnancy import may_record
from caseflow.services.pregnancy import pregnancies as service
from caseflow.services.pregnancy.visits import VisitInput, add_visit
from caseflow.timezones import site_today, utc_from_local, zone_of


def _awa() -> Person | None:
    for person in db.session.scalars(select(Person)):
        if (person.family_name, person.given_names) == ("Traoré", "Awa"):
            return person
    return None


def seed_pregnancy(today: date | None = None) -> int:
    """Returns the pregnancies written (0 when Pantin follows one already)."""
    site = db.session.scalar(select(Site).where(Site.code == "PAN"))
    fatima = db.session.scalar(select(User).where(User.login == "fatima"))
    if site is None or fatima is None or db.session.scalar(
            select(Pregnancy.id).where(Pregnancy.site_id == site.id).limit(1)):
        return 0
    awa = _awa()
    if awa is None or not may_record(fatima, awa):
        return 0
    today = today or site_today(site)

    def day(n: int) -> date:
        return working_day("PAN", today, n)

    lmp = day(-47) - timedelta(weeks=10)  # "amenorrhoea of about ten weeks", uncertain
    scan_on = day(-40)
    scan_ga = (scan_on - lmp).days + 4
    pregnancy = service.create(fatima, awa, service.PregnancyInput(
        site_id=site.id, lmp_on=lmp, lmp_certain=False, scan_on=scan_on,
        scan_weeks=scan_ga // 7, scan_days=scan_ga % 7, gravida=1, para=0,
        risks=[RiskFactor.AGE_UNDER_18.value, RiskFactor.SEXUAL_VIOLENCE.value],
        referral_place="Maternité de l'hôpital Delafontaine, Saint-Denis",
        referral_on=day(-46),
        notes="Suivie avec Dr Diallo. Interprète en bambara par téléphone."))
    # Registered on the day of her first visit, as it happened (the service dates a
    # registration today).
    pregnancy.registered_on = day(-44)
    db.session.commit()
    visits = [
        VisitInput(visited_on=day(-44), systolic=110, diastolic=70, weight=55.4,
                   urine_protein="negative", haemoglobin=10.4, hiv="negative",
                   syphilis="negative", hepatitis_b="negative", blood_group="O+",
                   iron_folic_acid=True, td_dose="td1", next_visit_on=day(-30),
                   note="Nausées. Bilan prénatal fait. Fer et acide folique."),
        VisitInput(visited_on=day(-30), systolic=108, diastolic=68, weight=56.1,
                   fetal_heart_rate=156, urine_protein="negative", iron_folic_acid=True,
                   td_dose="td2", next_visit_on=day(-10)),
        VisitInput(visited_on=day(-10), systolic=112, diastolic=70, weight=57.4,
                   fundal_height=17, fetal_heart_rate=148, fetal_movements=True,
                   urine_protein="trace", haemoglobin=10.9, iron_folic_acid=True,
                   next_visit_on=today,
                   note="Premiers mouvements perçus. Fatigue."),
    ]
    for data in visits:
        if ga_on(pregnancy.edd, data.visited_on) >= 0:
            add_visit(fatima, awa, pregnancy, data)
    when = utc_from_local(datetime.combine(today, time(11, 0)), zone_of(site))
    appointments.schedule(fatima, awa, appointments.AppointmentInput(
        site_id=site.id, discipline=Discipline.MEDICAL, kind=AppointmentKind.FOLLOW_UP,
        scheduled_at=when, with_user_id=fatima.id, note="Consultation prénatale"))
    return 1
