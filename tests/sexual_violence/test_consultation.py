"""A consultation through its pages: Dr Amina Diallo records Mariam's consultation at
Pantin; PEP after 72 hours is questioned, not refused; a forensic referral needs the
person's consent; impossible dates are refused with a message; the notes are encrypted;
each read is audited with codes only; the French reminder for a minor shows at Pantin
and not at Tripoli; two edits at once are detected."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.sexual_violence import SvConsultation
from caseflow.services.sexual_violence import consultations
from caseflow.vocabulary import Sex
from tests.sexual_violence.conftest import NOW, consultation_input
from tests.support.records import person, user
from tests.support.web import csrf_token_from

ITEMS = ("pep", "ec", "sti", "hepb", "tetanus", "pregnancy_test", "forensic", "pfa",
         "mh_referral")
FORM = {"consulted_at": "2026-03-09T10:00", "assault_on": "2026-03-07", "assault_time": "22:00",
        "assault_approx": "", "ec_method": "levonorgestrel", "pregnancy_result": "negative",
        "forensic_consent": "no", "confidentiality": "discipline",
        "notes": "Examen : ecchymoses des avant-bras.",
        **{f"{i}_status": "given" for i in ITEMS}, **{f"{i}_reason": "" for i in ITEMS},
        "forensic_status": "not_given", "forensic_reason": "declined",
        "follow_up_weeks_2": "y", "follow_up_month_1": "y", "follow_up_months_3": "y",
        "follow_up_months_6": "y"}


def _post_new(client, person_id, **changes):
    page = client.get(f"/svc/people/{person_id}/new")
    assert page.status_code == 200
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    data = dict(FORM, site_id=site, csrf_token=csrf_token_from(page.text))
    data.update(changes)
    return client.post(f"/svc/people/{person_id}/new",
                       data={k: v for k, v in data.items() if v is not None})


def _only(app) -> str:
    with app.app_context():
        return str(db.session.scalars(select(SvConsultation.id)).one())


@pytest.mark.time_machine(NOW)
def test_it_records_a_consultation_and_shows_its_clock(app, as_user, mariam):
    client = as_user("amina")
    answer = _post_new(client, mariam)
    assert answer.status_code == 302, answer.text
    cid = _only(app)
    assert answer.headers["Location"].endswith(f"/svc/{cid}")
    page = client.get(f"/svc/{cid}")
    assert page.status_code == 200
    assert 'data-sv-delay="within_72h"' in page.text and "36 h" in page.text
    assert 'data-sv-care="pep" data-sv-given="yes"' in page.text
    assert 'data-sv-care="forensic" data-sv-given="no"' in page.text
    assert "Declined by the person" in page.text
    assert "ecchymoses" in page.text
    person_page = client.get(f"/people/{mariam}")
    assert 'id="sexual-violence"' in person_page.text
    assert 'data-sv-delay="within_72h"' in person_page.text
    assert "Next follow-up" in person_page.text
    # No personal data, and no word of the subject, in the URLs.
    assert re.fullmatch(r"/svc/[0-9a-f-]{36}", f"/svc/{cid}")


@pytest.mark.time_machine(NOW)
def test_it_keeps_the_notes_and_the_assault_date_encrypted(app, as_user, mariam):
    assert _post_new(as_user("amina"), mariam).status_code == 302
    with app.app_context():
        raw = db.session.execute(text("SELECT * FROM sv_consultation")).mappings().one()
        blob = b"".join(bytes(v) for v in raw.values() if isinstance(v, bytes | memoryview))
        assert b"ecchymoses" not in blob and b"2026-03-07" not in blob and b"22:00" not in blob
        assert raw["pep_status"] == "given" and raw["forensic_reason"] == "declined"
        trail = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
        assert "ecchymoses" not in trail and "2026-03-07" not in trail


@pytest.mark.time_machine(NOW)
def test_it_questions_pep_after_72_hours_and_saves_once_confirmed(app, as_user, mariam):
    client = as_user("amina")
    late = {"assault_on": "2026-03-05", "assault_time": "09:00", "ec_method": "ulipristal"}
    answer = _post_new(client, mariam, **late)
    assert answer.status_code == 200
    assert "PEP is recorded as given more than 72 hours after the assault" in answer.text
    assert 'name="confirm_outside_window"' in answer.text
    with app.app_context():
        assert db.session.scalar(select(SvConsultation.id)) is None
    answer = _post_new(client, mariam, confirm_outside_window="y", **late)
    assert answer.status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(SvConsultation)).one()
        assert saved.delay.value == "from_72h_to_120h" and saved.outside_window_confirmed


@pytest.mark.time_machine(NOW)
def test_it_questions_levonorgestrel_after_72_hours(app, mariam):
    with app.app_context():
        data = consultation_input(assault_on=date(2026, 3, 5), ec=True)
        with pytest.raises(consultations.OutsideWindow, match="emergency contraception"):
            consultations.create(user("amina"), person(mariam), data)
        data = consultation_input(assault_on=date(2026, 3, 5), ec=True, confirm=True)
        assert consultations.create(user("amina"), person(mariam), data).ec_method.value == \
            "levonorgestrel"


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize(("changes", "message"), [
    ({"forensic_status": "given", "forensic_reason": "", "forensic_consent": "no"},
     "A referral to a forensic unit needs the person&#39;s consent"),
    ({"forensic_status": "given", "forensic_reason": "", "forensic_consent": ""},
     "A referral to a forensic unit needs the person&#39;s consent"),
    ({"assault_on": "2026-03-10", "assault_time": ""}, "The date of the assault is in the future."),
    ({"assault_on": "2026-03-09", "assault_time": "11:00"},
     "The assault cannot come after the consultation."),
    ({"assault_on": "", "assault_time": ""}, "Give the date of the assault, or say"),
    ({"consulted_at": "2026-03-10T10:00"}, "The consultation cannot be in the future."),
    ({"sti_status": ""}, "Say whether this was given or done, and if not, why"),
    ({"hepb_status": "not_given"}, "Say why it was not given or not done."),
    ({"ec_method": ""}, "Say which emergency contraception was given."),
    ({"pregnancy_result": ""}, "Give the result of the pregnancy test."),
    ({"pep_reason": "tampered"}, "pep_reason"),
    ({"assault_on": "²" * 5000}, "assault_on"),
    ({"site_id": "1" * 5000}, "site_id"),
])
def test_it_refuses_bad_input_with_a_message(app, as_user, mariam, changes, message):
    answer = _post_new(as_user("amina"), mariam, **changes)
    assert answer.status_code == 200, answer.status_code
    if " " in message:
        assert message in answer.text
    else:
        assert re.search(rf'id="{message}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*'
                         rf'id="{message}"', answer.text), message
    with app.app_context():
        assert db.session.scalar(select(SvConsultation.id)) is None


@pytest.mark.time_machine(NOW)
def test_it_accepts_the_referral_with_consent(app, as_user, mariam):
    answer = _post_new(as_user("amina"), mariam, forensic_status="given", forensic_reason="",
                       forensic_consent="yes")
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(SvConsultation)).one().forensic_consent is True


@pytest.mark.time_machine(NOW)
def test_it_audits_each_read_with_codes_only(app, as_user, mariam):
    client = as_user("amina")
    assert _post_new(client, mariam).status_code == 302
    cid = _only(app)
    client.get(f"/svc/{cid}")
    client.get(f"/svc/{cid}/edit")
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "sv_consultation").order_by(AuditEvent.seq)))
        reads = [e for e in events if e.action == "view"]
        assert len(reads) == 2 and {e.object_id for e in reads} == {cid}
        created = next(e for e in events if e.action == "create")
        assert created.details["delay"] == "within_72h"
        assert "given" not in created.details and "pep" not in str(created.details)


@pytest.mark.time_machine(NOW)
def test_it_detects_two_edits_at_once(app, as_user, mariam):
    client = as_user("amina")
    assert _post_new(client, mariam).status_code == 302
    cid = _only(app)
    page = client.get(f"/svc/{cid}/edit")
    form = dict(FORM, site_id=page.text.split('name="site_id"')[1].split('value="')[1]
                .split('"')[0], csrf_token=csrf_token_from(page.text))
    form["version"] = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*'
                                r'name="version"', page.text).group(1) or "1"
    assert client.post(f"/svc/{cid}/edit", data=dict(form, notes="first")).status_code == 302
    answer = client.post(f"/svc/{cid}/edit", data=dict(form, notes="second"))
    assert answer.status_code == 200 and "Someone else changed this consultation" in answer.text
    with app.app_context():
        assert db.session.get(SvConsultation, __import__("uuid").UUID(cid)).notes == "first"


@pytest.mark.time_machine(NOW)
def test_it_reminds_of_the_french_duty_for_a_minor_at_pantin_only(app, as_user, register):
    minor = register("amina", "PAN", "Diarra", "Fanta", born=2011, sex=Sex.FEMALE)
    adult = register("amina", "PAN", "Sow", "Aïcha", born=1990, sex=Sex.FEMALE)
    libyan_minor = register("charlie", "TRI", "Ali", "Amal", born=2011, sex=Sex.FEMALE)
    amina = as_user("amina")
    page = amina.get(f"/svc/people/{minor}/new")
    assert "data-sv-minor-reminder" in page.text and "226-14" in page.text
    assert "data-sv-minor-reminder" not in amina.get(f"/svc/people/{adult}/new").text
    page = as_user("charlie").get(f"/svc/people/{libyan_minor}/new")
    assert page.status_code == 200
    assert "226-14" not in page.text and "CRIP" not in page.text
