"""A TB episode through its pages: Charlie records Semhar's episode at Tripoli, from
presumptive TB to cured; bad input comes back with a message and what was typed; the
register number and notes are not in clear in the database; other sites and other
disciplines do not see it; every change is audited without the number."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, insert, select, text

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.tb import Observation, TbDose, TbEpisode
from caseflow.services import ServiceError
from caseflow.services.tb import episodes
from tests.support.records import person, user
from tests.support.web import csrf_token_from

NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)
FORM = {"presumptive_on": "2026-03-02", "xpert": "detected", "rif_resistance": "not_detected",
        "smear": "positive", "culture": "not_done", "xray": "suggestive",
        "diagnosed_on": "2026-03-05", "basis": "bacteriological", "disease_site": "pulmonary",
        "history": "new", "hiv": "negative", "regimen": "drug_susceptible",
        "treatment_started_on": "2026-03-06", "register_number": "LY-TRI-2026-0042",
        "smear_month2": "negative", "smear_month5": "not_done", "smear_month6": "not_done",
        "outcome": "", "outcome_on": "", "notes": "Toux depuis 3 semaines, amaigrissement."}


def _post_new(client, person_id, **changes):
    page = client.get(f"/tb/people/{person_id}/episodes/new")
    assert page.status_code == 200
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    data = dict(FORM, site_id=site, csrf_token=csrf_token_from(page.text))
    data.update(changes)
    return client.post(f"/tb/people/{person_id}/episodes/new", data=data)


def _episode_id(app) -> str:
    with app.app_context():
        return str(db.session.scalars(select(TbEpisode.id)).one())


@pytest.mark.time_machine(NOW)
def test_it_records_an_episode_from_presumptive_to_cured(app, as_user, tri_person):
    client = as_user("charlie")
    answer = _post_new(client, tri_person)
    assert answer.status_code == 302
    episode_id = _episode_id(app)
    page = client.get(f"/tb/episodes/{episode_id}")
    assert page.status_code == 200 and "LY-TRI-2026-0042" in page.text
    # An observed dose, then the outcome.
    answer = client.post(f"/tb/episodes/{episode_id}/doses", data={
        "taken_on": "2026-06-16", "observation": "video",
        "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302
    page = client.get(f"/tb/episodes/{episode_id}")
    assert 'data-tb-doses="1"' in page.text
    version = page.text.split('name="version"')[1].split('value="')[1].split('"')[0]
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    answer = client.post(f"/tb/episodes/{episode_id}", data=dict(
        FORM, site_id=site, outcome="cured", outcome_on="2026-06-16", smear_month5="negative",
        smear_month6="negative", version=version, csrf_token=csrf_token_from(page.text)))
    assert answer.status_code == 302
    person_page = client.get(f"/people/{tri_person}")
    assert 'id="tb"' in person_page.text and 'data-tb-stage="outcome"' in person_page.text
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type.in_(("tb_episode", "tb_dose"))).order_by(AuditEvent.seq))
        events = list(events)
        kinds = [(e.action, e.object_type, (e.details or {}).get("stage")) for e in events
                 if e.action != "view"]
        assert kinds == [("create", "tb_episode", "on_treatment"), ("create", "tb_dose", None),
                         ("update", "tb_episode", "outcome")]
        # Each request that opens the episode (two pages read, the dose and the outcome
        # posted to it) is a read of the TB file in the audit trail, as for a hospital stay.
        reads = [e for e in events if e.action == "view"]
        assert len(reads) == 4 and {e.object_id for e in reads} == {episode_id}
        trail = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
        assert "LY-TRI" not in trail and "Toux" not in trail


@pytest.mark.time_machine(NOW)
def test_it_keeps_the_number_and_notes_encrypted_in_the_raw_row(app, as_user, tri_person):
    assert _post_new(as_user("charlie"), tri_person).status_code == 302
    with app.app_context():
        raw = db.session.execute(text("SELECT * FROM tb_episode")).mappings().one()
        assert raw["register_number"] and raw["notes"]  # stored, as ciphertext
        blob = b"".join(bytes(v) for v in raw.values() if isinstance(v, bytes | memoryview))
        assert b"LY-TRI" not in blob and b"Toux" not in blob
        assert raw["basis"] == "bacteriological" and raw["outcome"] is None  # coded: clear


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize(("changes", "message"), [
    ({"presumptive_on": ""}, "Give the date TB was presumed."),
    ({"presumptive_on": "2027-01-01"}, "This date is in the future."),
    ({"history": ""}, "A diagnosis needs its basis, its site and the treatment history."),
    ({"smear": "negative", "xpert": "not_detected"}, "A bacteriological confirmation needs"),
    ({"treatment_started_on": "2026-03-01"}, "Treatment cannot start before the diagnosis."),
    ({"regimen": ""}, "Choose the regimen."),
    ({"outcome": "cured"}, "An outcome needs its date, and a date its outcome."),
    ({"basis": "clinical", "smear": "not_done", "xpert": "not_detected", "outcome": "cured",
      "outcome_on": "2026-06-01"},
     "Only a bacteriologically confirmed pulmonary case can be declared cured"),
    # WHO consistency (review): a positive test is a bacteriological confirmation; a
    # resistant TB on first-line drugs; cured without the end-of-treatment smears, or
    # with a positive one (a failure).
    ({"basis": "clinical"}, "makes the case bacteriologically confirmed"),
    ({"basis": "clinical", "xpert": "not_detected", "smear": "not_done", "culture": "positive"},
     "makes the case bacteriologically confirmed"),
    ({"rif_resistance": "detected"}, "Rifampicin resistance is detected"),
    ({"outcome": "cured", "outcome_on": "2026-06-01"},
     "needs a negative smear at the end of treatment"),
    ({"outcome": "cured", "outcome_on": "2026-06-01", "smear_month2": "not_done",
      "smear_month6": "negative"}, "needs a negative smear at the end of treatment"),
    ({"outcome": "cured", "outcome_on": "2026-06-01", "smear_month5": "negative",
      "smear_month6": "positive"}, "A positive smear at month 5 or later is a treatment failure"),
    ({"outcome": "completed", "outcome_on": "2026-06-01", "smear_month5": "positive"},
     "A positive smear at month 5 or later is a treatment failure"),
    ({"treatment_started_on": "", "regimen": "", "outcome": "lost",
      "outcome_on": "2026-06-01"}, "An outcome is recorded only once treatment has started"),
    # WTForms' own checks (their messages come translated): the field is marked.
    ({"diagnosed_on": "99999-99-99"}, "diagnosed_on"),
    ({"xpert": "tampered"}, "xpert"),
    ({"register_number": "9" * 80}, "register_number"),
    # Tampered numbers and dates (review): a message, never a 500.
    ({"site_id": "1" * 5000}, "site_id"),
    ({"site_id": "²"}, "site_id"),
    ({"diagnosed_on": "²" * 5000}, "diagnosed_on"),
])
def test_it_refuses_bad_input_with_a_message_and_keeps_what_was_typed(app, as_user,
                                                                      tri_person, changes,
                                                                      message):
    answer = _post_new(as_user("charlie"), tri_person, **changes)
    assert answer.status_code == 200, answer.status_code
    if " " in message:
        assert message in answer.text.replace("&#39;", "'")
    else:  # a field's name: that field is marked invalid
        assert re.search(rf'<(input|select)[^>]*aria-invalid="true"[^>]*id="{message}"',
                         answer.text)
    assert "Toux depuis 3 semaines" in answer.text  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(select(TbEpisode.id)) is None


@pytest.mark.time_machine(NOW)
def test_it_detects_a_concurrent_edit(app, as_user, tri_person):
    client = as_user("charlie")
    assert _post_new(client, tri_person).status_code == 302
    episode_id = _episode_id(app)
    page = client.get(f"/tb/episodes/{episode_id}")
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    stale = dict(FORM, site_id=site, version="1", csrf_token=csrf_token_from(page.text))
    assert client.post(f"/tb/episodes/{episode_id}", data=stale).status_code == 302
    again = client.post(f"/tb/episodes/{episode_id}", data=dict(stale, notes="Autre note"))
    assert again.status_code == 200
    assert "Someone else changed this TB episode" in again.text and "Autre note" in again.text


def _hidden_version(html: str) -> str:
    return html.split('name="version"')[1].split('value="')[1].split('"')[0]


@pytest.mark.time_machine(NOW)
def test_it_lets_the_user_save_again_after_a_conflict(app, as_user, tri_person):
    client = as_user("charlie")
    assert _post_new(client, tri_person).status_code == 302
    episode_id = _episode_id(app)
    page = client.get(f"/tb/episodes/{episode_id}")
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    stale = dict(FORM, site_id=site, version="1", csrf_token=csrf_token_from(page.text))
    assert client.post(f"/tb/episodes/{episode_id}", data=stale).status_code == 302
    again = client.post(f"/tb/episodes/{episode_id}", data=dict(stale, notes="Autre note"))
    assert "Someone else changed this TB episode" in again.text
    # The re-displayed form keeps the typed note and now carries the current version.
    assert "Autre note" in again.text and _hidden_version(again.text) == "2"
    resent = dict(stale, notes="Autre note", version=_hidden_version(again.text))
    assert client.post(f"/tb/episodes/{episode_id}", data=resent).status_code == 302
    with app.app_context():
        assert db.session.get(TbEpisode, uuid.UUID(episode_id)).notes == "Autre note"


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize("version", ["1" * 5000, "9" * 5000, "²", "", "abc", "-1", "99999999999"])
def test_it_refuses_a_missing_or_tampered_version_as_a_conflict(app, as_user, tri_person,
                                                                version):
    client = as_user("charlie")
    assert _post_new(client, tri_person).status_code == 302
    episode_id = _episode_id(app)
    page = client.get(f"/tb/episodes/{episode_id}")
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    answer = client.post(f"/tb/episodes/{episode_id}", data=dict(
        FORM, site_id=site, notes="Changée", version=version,
        csrf_token=csrf_token_from(page.text)))
    assert answer.status_code == 200
    assert "Someone else changed this TB episode" in answer.text and "Changée" in answer.text
    assert _hidden_version(answer.text) == "1"
    with app.app_context():
        episode = db.session.get(TbEpisode, uuid.UUID(episode_id))
        assert episode.version == 1 and episode.notes != "Changée"


@pytest.mark.time_machine(NOW)
def test_it_refuses_an_outcome_dated_before_the_last_dose(app, as_user, tri_person):
    client = as_user("charlie")
    assert _post_new(client, tri_person).status_code == 302
    episode_id = _episode_id(app)
    page = client.get(f"/tb/episodes/{episode_id}")
    assert client.post(f"/tb/episodes/{episode_id}/doses", data={
        "taken_on": "2026-06-16", "observation": "direct",
        "csrf_token": csrf_token_from(page.text)}).status_code == 302
    page = client.get(f"/tb/episodes/{episode_id}")
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    answer = client.post(f"/tb/episodes/{episode_id}", data=dict(
        FORM, site_id=site, outcome="completed", outcome_on="2026-06-15",
        version=_hidden_version(page.text), csrf_token=csrf_token_from(page.text)))
    assert answer.status_code == 200
    assert "the outcome cannot come before the last dose" in answer.text


@pytest.mark.time_machine(NOW)
def test_it_refuses_a_second_dose_for_the_same_day_with_a_message(app, as_user, tri_person):
    client = as_user("charlie")
    assert _post_new(client, tri_person).status_code == 302
    episode_id = _episode_id(app)
    page = client.get(f"/tb/episodes/{episode_id}")
    dose = {"taken_on": "2026-06-16", "observation": "direct",
            "csrf_token": csrf_token_from(page.text)}
    assert client.post(f"/tb/episodes/{episode_id}/doses", data=dose).status_code == 302
    again = client.post(f"/tb/episodes/{episode_id}/doses", data=dose)
    assert again.status_code == 422 and "A dose is already recorded for this day." in again.text


@pytest.mark.time_machine(NOW)
def test_it_turns_a_racing_dose_into_a_message_not_a_500(app, as_user, tri_person):
    """Two quick submissions: the second read the episode's doses before the first was
    saved. Played here as: doses read (none), then the other dose written behind the
    ORM's back (a plain INSERT), then this one: the unique index refuses it, and the
    service turns that into the duplicate message."""
    assert _post_new(as_user("charlie"), tri_person).status_code == 302
    episode_id = uuid.UUID(_episode_id(app))
    with app.app_context():
        charlie, who = user("charlie"), person(tri_person)
        episode = db.session.get(TbEpisode, episode_id)
        assert episode.doses == []  # what this request read
        db.session.execute(insert(TbDose).values(
            id=uuid.uuid4(), episode_id=episode_id, taken_on=date(2026, 6, 16),
            observation=Observation.VIDEO, recorded_by_id=charlie.id,
            recorded_at=datetime(2026, 6, 17, 9, 0)))
        with pytest.raises(ServiceError) as refused:
            episodes.record_dose(charlie, who, episode, date(2026, 6, 16), Observation.DIRECT)
        assert refused.value.field == "taken_on"
        assert refused.value.message is episodes.DUPLICATE_DOSE  # "A dose is already…"
        assert db.session.scalar(select(func.count()).select_from(TbDose)) == 0  # rolled back
        db.session.remove()


@pytest.mark.time_machine(NOW)
def test_it_keeps_the_episode_to_the_medical_team_of_its_site(app, as_user, tri_person):
    assert _post_new(as_user("charlie"), tri_person).status_code == 302
    episode_id = _episode_id(app)
    # Another site's doctor, a social worker, a mangled id: not found.
    assert as_user("amina").get(f"/tb/episodes/{episode_id}").status_code == 404
    assert as_user("sara").get(f"/tb/episodes/{episode_id}").status_code == 404
    assert as_user("amina").get(f"/tb/people/{tri_person}/episodes/new").status_code == 404
    assert as_user("charlie").get(f"/tb/episodes/{uuid.uuid4()}").status_code == 404
    assert as_user("charlie").get("/tb/episodes/not-an-id").status_code == 404
    # Aggregates only for the data manager and the administrator.
    assert as_user("omar").get(f"/tb/episodes/{episode_id}").status_code == 403
    assert as_user("admin").get(f"/tb/episodes/{episode_id}").status_code == 403
    # The coordinator reads for supervision, but records at her own sites only.
    claire = as_user("claire")
    page = claire.get(f"/tb/episodes/{episode_id}")
    assert page.status_code == 200 and 'id="tb-episode-form"' not in page.text
    assert claire.post(f"/tb/episodes/{episode_id}", data={}).status_code in (400, 403)


@pytest.mark.time_machine(NOW)
def test_it_hides_the_panel_from_other_disciplines(app, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa", born=2000)
    amina = as_user("amina")
    assert 'id="tb"' in amina.get(f"/people/{person_id}").text
    for login in ("sara", "lea", "yasmine"):
        page = as_user(login).get(f"/people/{person_id}")
        assert page.status_code == 200 and 'id="tb"' not in page.text
        assert as_user(login).get(f"/tb/people/{person_id}/episodes/new").status_code == 403


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_it_serves_the_pages_in_each_language(app, as_user, tri_person, lang):
    client = as_user("charlie")
    assert _post_new(client, tri_person).status_code == 302
    episode_id = _episode_id(app)
    for path in (f"/tb/episodes/{episode_id}", f"/tb/people/{tri_person}/episodes/new"):
        page = client.get(path, headers={"Accept-Language": lang})
        assert page.status_code == 200
    page = as_user("claire").get("/tb/cohort", headers={"Accept-Language": lang})
    assert page.status_code == 200
