"""The demo's care teams: referents beyond the one intake gives (whoever registered the
person), and tasks on the stories, so that each persona's home page has a day to show.

Written through the services (set_referent, add_task): audited, the task texts encrypted.
Due dates are working days of the site from its own today (caseflow.demo.working_day).
"""

from __future__ import annotations

from caseflow.demo import working_day
from caseflow.disciplines import Discipline
from caseflow.services.care import referents, tasks
from caseflow.timezones import site_today

# (person key, site, discipline, referent)
REFERENTS = [
    ("bah", "PAN", Discipline.MENTAL_HEALTH, "yasmine"),
    ("bah", "PAN", Discipline.LEGAL, "lea"),
    ("bah", "PAN", Discipline.PROTECTION, "nadia"),
    ("camara", "PAN", Discipline.MENTAL_HEALTH, "yasmine"),
    ("ahmadzai", "PAN", Discipline.PROTECTION, "nadia"),
    ("rahimi", "CAL", Discipline.SOCIAL, "sara"),
    ("hosseini", "CAL", Discipline.PROTECTION, "nadia"),
    ("tesfaye", "CAL", Discipline.PROTECTION, "nadia"),
]

# (person key, site, author, for whom, working days from today, text)
TASKS = [
    ("bah", "PAN", "lea", "lea", 2,
     "Appeler l'avocate avant l'audience : transmettre le certificat médical."),
    ("bah", "PAN", "amina", "yasmine", 1,
     "Proposer un entretien avec interprète en peul (sommeil, cauchemars)."),
    ("diallo", "PAN", "amina", "amina", 0,
     "Relancer la PASS pour le rendez-vous de dermatologie."),
    ("camara", "PAN", "yasmine", "yasmine", 0,
     "Rappeler Ibrahima après la séance manquée."),
    ("hosseini", "CAL", "hugo", "sara", 1,
     "Chercher une place en hébergement pour la famille avant le froid."),
    ("rahimi", "CAL", "hugo", "hugo", 3, "Refaire le pansement de la main gauche."),
    ("gebremedhin", "TRI", "charlie", "charlie", 0,
     "Collect the month-2 sputum smear result from the TB centre."),
]


def _since_intake(people: dict) -> None:
    """The demo registers everyone today and dates their enrolment back: the referent set at
    intake is dated from the enrolment's first day too, as it would have been."""
    from datetime import datetime, time

    from caseflow.extensions import db

    for person in people.values():
        started = {e.site_id: e.started_on for e in person.enrolments if e.active}
        for row in referents.current([person.id]):
            if row.site_id in started:
                row.started_at = datetime.combine(started[row.site_id], time(9, 0))
    db.session.commit()


def seed_demo_team(users: dict, people: dict, sites: dict) -> None:
    """`users` by login, `people` by story key, `sites` by code."""
    _since_intake(people)
    for key, code, discipline, login in REFERENTS:
        person = people.get(key)
        if person is None or sites[code].id not in referents.followed_site_ids(person):
            continue
        referents.set_referent(users["claire"], person, site_id=sites[code].id,
                               discipline=discipline, user_id=users[login].id)
    for key, code, author, login, days, text in TASKS:
        person = people.get(key)
        if person is None or sites[code].id not in referents.followed_site_ids(person):
            continue
        due = working_day(code, site_today(sites[code]), days)
        tasks.add_task(users[author], person, tasks.TaskInput(
            site_id=sites[code].id, assigned_to_id=users[login].id, due_on=due, text=text))
