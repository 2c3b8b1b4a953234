"""Recording a scale through its pages: Yasmine gives Awa a PHQ-A at Pantin and sees the
score and its band at once, with the suicide warning when item 9 is above 0; a missing
item or an impossible answer comes back with a message listing the items and what was
ticked; the answers, total and band are not in clear in the database; corrections and
entries in error never overwrite, and every change and read is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.scale_result import ResultStatus, ScaleResult
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.scales import results
from caseflow.services.scales.results import ResultInput
from tests.scales.conftest import NOW, answers
from tests.support.records import person, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(NOW)


def _post(client, url, given: dict[int, int], **fields):
    page = client.get(url)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token_from(page.text), "administered_on": "2026-11-19"}
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    data["site_id"] = site
    if 'name="version"' in page.text:
        data["version"] = page.text.split('name="version"')[1].split('value="')[1].split('"')[0]
    data.update({f"item_{n}": str(v) for n, v in given.items()})
    data.update(fields)
    return client.post(url, data=data)


def _only(app) -> ScaleResult:
    with app.app_context():
        row = db.session.scalars(select(ScaleResult)).one()
        db.session.expunge(row)
        return row


def test_it_suggests_the_adolescent_versions_by_declared_age(as_user, awa, karim):
    client = as_user("yasmine")
    page = client.get(f"/scales/people/{awa}/new")
    assert page.status_code == 200 and 'data-age="17"' in page.text
    suggested = [part.split('"')[0] for part in page.text.split('data-scale="')[1:]
                 if 'data-suggested="true"' in part.split(">")[0]]
    assert suggested == ["phqa", "cries8"]
    assert f"/scales/people/{awa}/new/phq9" in page.text  # the clinician may still choose
    adult = client.get(f"/scales/people/{karim}/new")
    suggested = [part.split('"')[0] for part in adult.text.split('data-scale="')[1:]
                 if 'data-suggested="true"' in part.split(">")[0]]
    assert suggested == ["phq9", "pcl5"]


def test_it_records_a_phqa_and_shows_the_score_band_and_suicide_warning(app, as_user, awa):
    client = as_user("yasmine")
    url = f"/scales/people/{awa}/new/phqa"
    form = client.get(url)
    assert "validated translation" in form.text and form.text.count('type="radio"') == 36
    answer = _post(client, url, answers(9, 2, item_9=1))
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"])
    assert 'data-total="17"' in page.text and 'data-band="moderately_severe"' in page.text
    assert "Moderately severe" in page.text
    assert "data-suicide-warning" in page.text and "Ask about suicide risk now." in page.text
    row = _only(app)
    assert (row.scale, row.administered_on.isoformat(), row.discipline) == (
        "phqa", "2026-11-19", "mental_health")


def test_it_refuses_missing_items_listing_them_and_keeps_what_was_ticked(app, as_user, awa):
    client = as_user("yasmine")
    given = answers(7, 2)
    del given[3], given[6]
    answer = _post(client, f"/scales/people/{awa}/new/gad7", given)
    assert answer.status_code == 422
    assert "Missing: 3, 6" in answer.text
    assert answer.text.count("Not answered.") == 2
    assert 'id="item_1_2" value="2" checked' in answer.text  # what was ticked stays
    with app.app_context():
        assert db.session.scalar(select(ScaleResult.id)) is None


@pytest.mark.parametrize(("code", "item", "value"), [("cries8", 2, "2"), ("phq9", 1, "4"),
                                                     ("gad7", 5, "9" * 5000)])
def test_it_refuses_an_answer_outside_the_scale_without_a_500(as_user, karim, code, item,
                                                               value):
    client = as_user("amina")
    n = {"cries8": 8, "phq9": 9, "gad7": 7}[code]
    answer = _post(client, f"/scales/people/{karim}/new/{code}", answers(n, 0),
                   **{f"item_{item}": value})
    assert answer.status_code == 422
    assert f"the scale does not offer: {item}." in answer.text


def test_it_refuses_a_future_date_and_an_unknown_scale(as_user, karim):
    client = as_user("amina")
    answer = _post(client, f"/scales/people/{karim}/new/gad7", answers(7, 0),
                   administered_on="2026-11-21")
    assert answer.status_code == 422 and "This date is in the future." in answer.text
    assert client.get(f"/scales/people/{karim}/new/bdi2").status_code == 404


def test_it_keeps_answers_total_and_band_encrypted(app, make_result, karim):
    make_result("amina", karim, "pcl5", answers(20, 3))
    with app.app_context():
        raw = db.session.execute(text(
            "SELECT scale, answers, total, band, outcome FROM scale_result")).one()
        assert raw.scale == "pcl5"  # the code alone is clear
        for blob in raw[1:]:
            blob = bytes(blob)
            assert b"probable" not in blob and b"60" not in blob and b'"1"' not in blob


def test_it_corrects_by_a_new_result_and_keeps_the_old_one(app, as_user, make_result, karim):
    rid = make_result("amina", karim, "gad7", answers(7, 1))
    client = as_user("amina")
    answer = _post(client, f"/scales/results/{rid}/correct", answers(7, 3))
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"])
    assert 'data-total="21"' in page.text and "History of corrections" in page.text
    old = client.get(f"/scales/results/{rid}")
    assert 'data-result-status="superseded"' in old.text
    with app.app_context():
        rows = {r.id.hex: r for r in db.session.scalars(select(ScaleResult))}
        assert len(rows) == 2
        first = rows[rid.replace("-", "")]
        assert first.status == ResultStatus.SUPERSEDED and first.total == 7
        second = db.session.get(ScaleResult, first.replaced_by_id)
        assert second.replaces_id == first.id and second.total == 21
        # Nobody else corrects it, and a superseded result is not corrected again.
        with pytest.raises(ServiceError):
            results.correct(user("amina"), person(karim), first,
                            ResultInput("gad7", NOW.date(), answers(7, 0)), first.version)
    assert as_user("claire").get(f"/scales/results/{second.id}/correct").status_code == 403


def test_it_refuses_a_correction_from_a_stale_form(app, make_result, karim):
    rid = make_result("amina", karim, "gad7", answers(7, 1))
    with app.app_context():
        row = db.session.get(ScaleResult, __import__("uuid").UUID(rid))
        with pytest.raises(ConcurrentEditError):
            results.correct(user("amina"), person(karim), row,
                            ResultInput("gad7", NOW.date(), answers(7, 2)), row.version + 1)
        with pytest.raises(ConcurrentEditError):
            results.mark_in_error(user("amina"), person(karim), row, "wrong person", None)


def test_it_marks_a_result_entered_in_error_with_its_reason(app, as_user, make_result, karim):
    rid = make_result("amina", karim, "phq9", answers(9, 0))
    client = as_user("amina")
    page = client.get(f"/scales/results/{rid}")
    token = csrf_token_from(page.text)
    refused = client.post(f"/scales/results/{rid}/error",
                          data={"csrf_token": token, "version": "1", "reason": "  "})
    assert refused.status_code == 422
    answer = client.post(f"/scales/results/{rid}/error", data={
        "csrf_token": token, "version": "1", "reason": "Recorded for the wrong person"})
    assert answer.status_code == 302
    page = client.get(f"/scales/results/{rid}")
    assert 'data-result-status="entered_in_error"' in page.text
    assert "Recorded for the wrong person" in page.text
    person_page = client.get(f"/people/{karim}")
    assert "data-scale-panel" not in person_page.text  # no longer charted
    with app.app_context():
        raw = bytes(db.session.execute(text("SELECT error_reason FROM scale_result")).scalar())
        assert b"wrong person" not in raw


def test_it_audits_each_change_and_read_with_codes_only(app, as_user, make_result, karim):
    rid = make_result("amina", karim, "phq9", answers(9, 2))
    client = as_user("amina")
    client.get(f"/scales/results/{rid}")
    _post(client, f"/scales/results/{rid}/correct", answers(9, 1))
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "scale_result").order_by(AuditEvent.seq)).all()
        actions = [(e.action, (e.details or {}).get("status")) for e in events]
        assert actions[0] == ("create", None)
        assert ("view", None) in actions and ("update", "superseded") in actions
        assert actions.count(("create", None)) == 2
        for event in events:  # codes and ids only: never an answer, a total or a band
            assert set(event.details or {}) <= {"scale", "status", "replaces", "replaced_by"}
            assert event.person_code is not None
