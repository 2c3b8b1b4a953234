"""The person's timeline shows the Libya programme records: "Charlie sees on Salem's page that
TB was presumed, treatment started and ended cured, and that Salem was admitted to Tripoli
Central and discharged to the shelter"; the coordinator sees the same; a colleague of
another discipline, of another site, or the data manager sees none of it; the page costs
as many statements with one episode and one stay as with five of each. Then his evacuation:
each step on its day (a corrected date once, at the right day) and the doctor's fitness
assessment, in codes and dates, for the evacuation team only, in that same query."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import event, select

from caseflow import timeline
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership
from caseflow.services.care.timeline_sources import SOURCES
from caseflow.services.evacuation import history as evacuation_history
from tests.people.libya_records import (
    ADMITTED,
    DISCHARGED,
    EVACUATION_NOTES,
    EVACUATION_STEPS,
    FIT_ON,
    FITNESS_DETAILS,
    NOW,
    OUTCOME_ON,
    PARTNER_NAME,
    PARTNER_NUMBER,
    PRESUMED,
    REASON_TEXT,
    REGISTER,
    STARTED,
    SUBMITTED_AS_TYPED,
    TB_NOTES,
    WARD,
    add_evacuation,
    add_libya_records,
)
from tests.support.records import person, site_id, user


def site_name(code: str) -> str:
    return db.session.scalar(select(Site.name).where(Site.code == code))

pytestmark = pytest.mark.time_machine(NOW)

ENTRY = re.compile(r'<li class="timeline-entry entry-(tb_episode|hospital_stay)"[^>]*'
                   r'data-entry-step="([a-z_]+)"[^>]*>\s*<p class="entry-head"><time '
                   r'datetime="(\d{4}-\d\d-\d\d)')
STEPS = [("tb_episode", "outcome", OUTCOME_ON), ("hospital_stay", "discharged", DISCHARGED),
         ("hospital_stay", "admitted", ADMITTED), ("tb_episode", "treatment_started", STARTED),
         ("tb_episode", "presumed", PRESUMED)]


@pytest.fixture
def salem(app, register):
    person_id = register("charlie", "TRI", "Belhaj", "Salem", born=1995)
    with app.app_context():
        return add_libya_records(person_id, "charlie", "TRI")


def _shown(text: str) -> list[tuple]:
    return [(kind, step, datetime.fromisoformat(day).date())
            for kind, step, day in ENTRY.findall(text)]


@pytest.mark.parametrize("login", ["charlie", "claire"])
def test_it_shows_the_tb_episode_and_the_hospital_stay_on_the_timeline(app, as_user, client,
                                                                        salem, login):
    as_user(login)
    page = client.get(f"/people/{salem.person_id}")
    assert page.status_code == 200
    assert _shown(page.text) == STEPS  # newest first, among the other entries
    assert "Tripoli Central Hospital" in page.text
    assert f'href="/tb/episodes/{salem.episode_id}"' in page.text
    assert f'href="/hospital/admissions/{salem.admission_id}"' in page.text
    # The visit is a note of its own, on the timeline as every note.
    assert "Visite : apyrétique" in page.text


def _entries(app, person_id: str, login: str, window=None) -> list:
    """The timeline's Libya entries for `login`, built in English."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        page = timeline.build(person(person_id), user(login), window or timeline.Window(),
                              SOURCES)
        return [e for e in page.entries if e.kind in ("tb_episode", "hospital_stay")]


def test_it_says_what_happened_in_words_and_nothing_encrypted(app, salem):
    """Titles and details in the reader's words; the register number, notes, ward and reason
    in words stay on the records' own pages (audited there)."""
    ours = _entries(app, salem.person_id, "charlie")
    with app.app_context():
        tripoli = site_name("TRI")
    said = {e.attrs["data-entry-step"]: (e.title, e.details, e.site, e.author) for e in ours}
    assert said["presumed"][0] == "Presumptive TB"
    assert said["treatment_started"][:2] == ("TB treatment started",
                                             [("Regimen", "Drug-susceptible regimen")])
    assert said["outcome"][0] == "TB treatment outcome: Cured"
    assert said["admitted"][:2] == ("Admitted to hospital", [
        ("Partner hospital", "Tripoli Central Hospital"),
        ("Reason (morbidity list)", "Respiratory infection")])
    assert said["discharged"][:2] == (
        "End of the hospital stay: Discharged to the shelter",
        [("Partner hospital", "Tripoli Central Hospital"), ("Length of stay", "4 days")])
    assert {author for *_, author in said.values()} == {"Charlie Okafor"}
    assert {site for *_, site, _author in said.values()} == {tripoli}
    words = " ".join(f"{e.title} {e.body} {e.details}" for e in ours)
    for secret in (REGISTER, TB_NOTES, WARD, REASON_TEXT):
        assert secret not in words


@pytest.mark.parametrize("login", ["amina", "omar"])
def test_it_shows_nothing_to_who_may_not_read_them(app, salem, login):
    """Amina (Pantin) does not follow Salem; Omar, the data manager, reads no record."""
    assert _entries(app, salem.person_id, login) == []


@pytest.mark.parametrize("login", ["sara", "lea"])
def test_it_hides_them_from_the_other_disciplines_of_the_team(app, as_user, client, register,
                                                              login):
    """At Pantin Amina records an episode and a stay; the social worker and the lawyer, who
    read the person's record, see neither (the TB and hospital services' rules)."""
    person_id = register("amina", "PAN", "Traoré", "Awa", born=1990)
    with app.app_context():
        add_libya_records(person_id, "amina", "PAN")
    as_user(login)
    page = client.get(f"/people/{person_id}")
    assert page.status_code == 200
    assert 'class="timeline-entry' in page.text  # the consents taken at registration
    assert _shown(page.text) == []
    as_user("amina")
    assert len(_shown(client.get(f"/people/{person_id}").text)) == 5


def test_it_follows_the_timeline_filters(app, as_user, client, salem):
    as_user("charlie")
    social = client.get(f"/people/{salem.person_id}?discipline=social")
    assert _shown(social.text) == []
    medical = client.get(f"/people/{salem.person_id}?discipline=medical")
    assert _shown(medical.text) == STEPS
    april = timeline.Window(since=datetime(2026, 4, 1), until=datetime(2026, 5, 1))
    assert [(e.kind, e.attrs["data-entry-step"])
            for e in _entries(app, salem.person_id, "charlie", april)] == [
        ("hospital_stay", "discharged"), ("hospital_stay", "admitted")]
    with app.test_request_context():
        two = timeline.Window(discipline=Discipline.MEDICAL, limit=2)
        page = timeline.build(person(salem.person_id), user("charlie"), two, SOURCES)
        assert [e.attrs.get("data-entry-step") for e in page.entries] == [
            "outcome", "discharged"]  # 10 June, 5 April; then the visit note (2 April)...
        assert page.has_more


def _count(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


@pytest.mark.parametrize("login", ["charlie", "claire"])
def test_it_reads_them_in_the_same_number_of_statements_whatever_their_number(
        app, as_user, client, register, login):
    person_id = register("charlie", "TRI", "Belhaj", "Salem", born=1995)
    with app.app_context():  # oldest first: a stay is recorded after the ones before it
        add_libya_records(person_id, "charlie", "TRI", shift=400)
    as_user(login)
    path = f"/people/{person_id}"
    one = _count(app, client, path)
    with app.app_context():  # four more episodes and stays, a hundred days apart
        for shift in (300, 200, 100, 0):
            add_libya_records(person_id, "charlie", "TRI", shift=shift)
    assert _count(app, client, path) == one


# --- The evacuation ----------------------------------------------------------------------------

EVACUATION = re.compile(r'<li class="timeline-entry entry-(evacuation_step|fitness_assessment)"'
                        r'[^>]*data-entry-step="([a-z_]+)"[^>]*>\s*<p class="entry-head"><time '
                        r'datetime="(\d{4}-\d\d-\d\d)')
EVACUATED = sorted([("evacuation_step", status.value, day) for status, day in EVACUATION_STEPS]
                   + [("fitness_assessment", "fit_with_conditions", FIT_ON)])
EVACUATION_KINDS = ("evacuation_step", "fitness_assessment")


@pytest.fixture
def evacuated(app, register):
    """Salem with his TB episode and hospital stay, then evacuated (Charlie, Tripoli)."""
    person_id = register("charlie", "TRI", "Belhaj", "Salem", born=1995)
    with app.app_context():
        record = add_libya_records(person_id, "charlie", "TRI")
        record.evacuation = add_evacuation(person_id)
        return record


def _evacuation_shown(text: str) -> list[tuple]:
    return [(kind, step, datetime.fromisoformat(day).date())
            for kind, step, day in EVACUATION.findall(text)]


def _evacuation_entries(app, person_id: str, login: str, window=None) -> list:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        page = timeline.build(person(person_id), user(login), window or timeline.Window(),
                              SOURCES)
        return [e for e in page.entries if e.kind in EVACUATION_KINDS]


@pytest.mark.parametrize("login", ["charlie", "claire"])
def test_it_shows_the_evacuation_steps_and_the_fitness_on_the_timeline(app, as_user, client,
                                                                        evacuated, login):
    as_user(login)
    page = client.get(f"/people/{evacuated.person_id}")
    assert page.status_code == 200
    shown = _evacuation_shown(page.text)
    assert sorted(shown) == EVACUATED  # the mistyped date (replaced) is not among them
    assert [day for *_, day in shown] == sorted((day for *_, day in shown), reverse=True)
    assert page.text.count(f'href="/evacuations/cases/{evacuated.evacuation.case_id}"') >= 7
    assert page.text.count('data-entry-corrected="1"') == 1
    assert _shown(page.text) == STEPS  # the TB and hospital entries as before


def test_it_says_the_evacuation_in_codes_and_dates_only(app, evacuated):
    ours = _evacuation_entries(app, evacuated.person_id, "charlie")
    trip = [("Mechanism", "UNHCR emergency transit (Niger or Rwanda)"),
            ("Destination country", "Rwanda")]
    said = {(e.kind, e.attrs["data-entry-step"]): (e.title, e.details, e.discipline)
            for e in ours}
    assert said[("evacuation_step", "departed")] == ("Evacuation: Departed", trip, None)
    assert said[("evacuation_step", "submitted")] == (
        "Evacuation: Submitted (date corrected)", trip, None)
    assert said[("fitness_assessment", "fit_with_conditions")] == (
        "Fitness to travel: Fit to travel with conditions",
        [("Valid until", "Jul 14, 2026"), *trip], Discipline.MEDICAL)
    assert {e.author for e in ours} == {"Charlie Okafor"}
    assert SUBMITTED_AS_TYPED not in {e.when.date() for e in ours}
    words = " ".join(f"{e.title} {e.body} {e.details}" for e in ours)
    for secret in (PARTNER_NAME, PARTNER_NUMBER, EVACUATION_NOTES, FITNESS_DETAILS, "Oxygen",
                   "Wheelchair"):
        assert secret not in words, secret


def _on_mission_in_tripoli(*logins: str) -> None:
    """The only Libya persona is Charlie: the others' roles are tried on mission there."""
    for login in logins:
        db.session.add(SiteMembership(user_id=user(login).id, site_id=site_id("TRI")))
    db.session.commit()


@pytest.mark.parametrize(("login", "seen"), [("sara", 7), ("lea", 7), ("nadia", 7),
                                             ("yasmine", 0)])
def test_it_shows_the_evacuation_to_the_evacuation_team_only(app, as_user, client, evacuated,
                                                             login, seen):
    """The social, legal and protection workers, who organise the journey, see the steps and
    the fitness category (not the TB or the hospital stay); the psychologist, whose file it
    is not, sees none of it."""
    with app.app_context():
        _on_mission_in_tripoli(login)
    as_user(login)
    page = client.get(f"/people/{evacuated.person_id}")
    assert page.status_code == 200
    assert len(_evacuation_shown(page.text)) == seen
    assert _shown(page.text) == []


@pytest.mark.parametrize("login", ["amina", "omar"])
def test_it_shows_no_evacuation_to_who_may_not_read_it(app, evacuated, login):
    assert _evacuation_entries(app, evacuated.person_id, login) == []


def test_it_follows_the_timeline_filters_for_the_evacuation(app, as_user, client, evacuated):
    """A step is no one discipline's (left out under any discipline, as a consent is); the
    fitness assessment is a doctor's, shown under "medical"."""
    as_user("charlie")
    medical = client.get(f"/people/{evacuated.person_id}?discipline=medical")
    assert _evacuation_shown(medical.text) == [("fitness_assessment", "fit_with_conditions",
                                                FIT_ON)]
    assert _evacuation_shown(client.get(
        f"/people/{evacuated.person_id}?discipline=social").text) == []
    days = timeline.Window(since=datetime(2026, 6, 12), until=datetime(2026, 6, 15))
    assert sorted((e.kind, e.attrs["data-entry-step"]) for e in _evacuation_entries(
        app, evacuated.person_id, "charlie", days)) == [
        ("evacuation_step", "accepted"), ("evacuation_step", "submitted"),
        ("fitness_assessment", "fit_with_conditions")]


@pytest.mark.parametrize("login", ["charlie", "claire"])
def test_it_reads_the_evacuation_in_the_programme_query(app, as_user, client, evacuated,
                                                        monkeypatch, login):
    """No statement of its own: the page costs as much with the steps and the assessment on
    the timeline as without them, and as much with two cases as with one."""
    as_user(login)
    path = f"/people/{evacuated.person_id}"
    shown = _count(app, client, path)
    with monkeypatch.context() as off:
        off.setattr(evacuation_history, "may_read", lambda _viewer, _person: False)
        assert _count(app, client, path) == shown
    with app.app_context():  # a second case, the same steps
        add_evacuation(evacuated.person_id, report=False)
    assert _count(app, client, path) == shown
    assert len(_evacuation_shown(client.get(path).text)) == 14


def test_it_costs_a_social_worker_one_statement_for_a_libya_record_only(
        app, as_user, client, register, evacuated, monkeypatch):
    """Sara reads no TB, hospital or outreach record: the evacuation rows are the programme
    query's only part for her, one statement on a Tripoli record; none on a Pantin one
    (never followed where evacuations are done)."""
    pantin = register("amina", "PAN", "Traoré", "Awa", born=1990)
    with app.app_context():
        _on_mission_in_tripoli("sara")
    as_user("sara")
    for path, added in ((f"/people/{evacuated.person_id}", 1), (f"/people/{pantin}", 0)):
        shown = _count(app, client, path)
        with monkeypatch.context() as off:
            off.setattr(evacuation_history, "may_read", lambda _viewer, _person: False)
            assert _count(app, client, path) == shown - added
