"""Demo TB episodes in Tripoli (issue 19), recorded through the services as Charlie would.

- Hiwot Kebede: from presumptive TB to cured (Xpert positive, six months observed daily,
  smears negative at months 2, 5 and 6);
- Filmon Gebremedhin: on treatment since the day of his story (stories.py, day -47);
- Idriss Mahamat: clinically diagnosed, no observed dose for four months: the episode
  page warns that treatment is interrupted;
- Amna Yousif and Hawa Osman: in the quarter whose cohort is due (twelve months ago), one
  cured, one diagnosed who never started, so that the cohort report is not empty.

Run once: nothing is written when Tripoli already has a TB episode.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.tb import (
    DiagnosisBasis,
    DiseaseSite,
    HivStatus,
    LabResult,
    Observation,
    Regimen,
    RifResistance,
    TbEpisode,
    TbOutcome,
    TreatmentHistory,
    XpertResult,
    XrayResult,
)
from caseflow.models.user import User
from caseflow.reports.tb_cohort import Quarter
from caseflow.services.tb import episodes
from caseflow.services.tb.episodes import EpisodeInput
from caseflow.timezones import site_today


def _person(family: str, given: str) -> Person | None:
    for person in db.session.scalars(select(Person)):
        if (person.family_name, person.given_names) == (family, given):
            return person
    return None


def _confirmed(presumptive: date, started: date | None, **more) -> EpisodeInput:
    return EpisodeInput(
        presumptive_on=presumptive, xpert=XpertResult.DETECTED,
        rif_resistance=RifResistance.NOT_DETECTED, smear=LabResult.POSITIVE,
        xray=XrayResult.SUGGESTIVE, diagnosed_on=presumptive + timedelta(days=2),
        basis=DiagnosisBasis.BACTERIOLOGICAL, disease_site=DiseaseSite.PULMONARY,
        history=TreatmentHistory.NEW, hiv=HivStatus.NEGATIVE,
        regimen=Regimen.DRUG_SUSCEPTIBLE if started else None, treatment_started_on=started,
        **more)


def _doses(charlie, person, episode, first: date, last: date, step: int = 1) -> None:
    day = first
    while day <= last:
        episodes.record_dose(charlie, person, episode, day,
                             Observation.VIDEO if day.weekday() == 4 else Observation.DIRECT)
        day += timedelta(days=step)


def seed_libya_tb(today: date | None = None) -> int:
    """Returns the episodes written (0 when Tripoli has some already)."""
    site = db.session.scalar(select(Site).where(Site.code == "TRI"))
    charlie = db.session.scalar(select(User).where(User.login == "charlie"))
    if site is None or charlie is None or db.session.scalar(
            select(TbEpisode.id).where(TbEpisode.site_id == site.id).limit(1)):
        return 0
    today = today or site_today(site)
    written = 0

    def ready(person) -> bool:
        return person is not None and episodes.may_record(charlie, person)

    hiwot = _person("Kebede", "Hiwot")
    if ready(hiwot):
        start = today - timedelta(days=227)
        data = _confirmed(start - timedelta(days=3), start, register_number="TRI-TB-0117",
                          notes="Cough for a month, night sweats. Amharic interpreter by phone.")
        episode = episodes.create(charlie, hiwot, data)
        _doses(charlie, hiwot, episode, start, start + timedelta(days=181))
        data.smear_month2 = data.smear_month5 = data.smear_month6 = LabResult.NEGATIVE
        data.outcome, data.outcome_on = TbOutcome.CURED, start + timedelta(days=182)
        episodes.update(charlie, hiwot, episode, data, episode.version)
        written += 1
    filmon = _person("Gebremedhin", "Filmon")
    if ready(filmon):
        start = today - timedelta(days=47)
        episode = episodes.create(charlie, filmon, _confirmed(
            start - timedelta(days=2), start, register_number="TRI-TB-0131",
            notes="Right upper lobe cavity. Tigrinya interpreter."))
        _doses(charlie, filmon, episode, start, today - timedelta(days=1))
        written += 1
    idriss = _person("Mahamat", "Idriss")
    if ready(idriss):
        start = today - timedelta(days=200)
        data = _confirmed(start - timedelta(days=5), start)
        data.xpert, data.rif_resistance, data.smear = (XpertResult.NOT_DETECTED,
                                                       RifResistance.NOT_DONE,
                                                       LabResult.NEGATIVE)
        data.basis = DiagnosisBasis.CLINICAL
        episode = episodes.create(charlie, idriss, data)
        _doses(charlie, idriss, episode, start, today - timedelta(days=125), step=2)
        written += 1
    due = Quarter.reported(today)
    amna = _person("يوسف", "آمنة")
    if ready(amna):
        start = due.start + timedelta(days=10)
        data = _confirmed(start - timedelta(days=4), start, register_number="TRI-TB-0052")
        episode = episodes.create(charlie, amna, data)
        data.smear_month2 = data.smear_month5 = data.smear_month6 = LabResult.NEGATIVE
        data.outcome, data.outcome_on = TbOutcome.CURED, start + timedelta(days=185)
        episodes.update(charlie, amna, episode, data, episode.version)
        written += 1
    hawa = _person("عثمان", "حواء")
    if ready(hawa):
        episodes.create(charlie, hawa, _confirmed(due.start + timedelta(days=20), None,
                                                  notes="Referred for treatment; did not "
                                                        "come back."))
        written += 1
    return written
