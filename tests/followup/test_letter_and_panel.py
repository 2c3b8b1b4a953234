"""The referral letter holds only what the consent allows; the person page's follow-up panel."""

import io
import re
from datetime import timedelta

import pytest
from flask import render_template
from pypdf import PdfReader

from caseflow.blueprints.followup.presenters import followup_panel
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind
from caseflow.models.referral import PartnerKind, Urgency
from caseflow.pdf import Letterhead, build_pdf, styles
from caseflow.services.care import appointments, referrals
from caseflow.services.care.consents import ConsentInput
from caseflow.vocabulary import ConsentDecision, ConsentPurpose, Vulnerability
from tests.clock import FIXED_NOW
from tests.support.records import add_appointment, add_note, person, site_id, user, utc

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()

REASON = "Douleurs abdominales depuis trois semaines ; bilan et avis chirurgical."
SECRET_NOTE = "Cicatrices multiples décrites comme des brûlures de cigarette"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def referral(app, register):
    person_id = register("amina", "PAN", "Traoré", "Awa Ñúñez", born=2008)
    with app.app_context():
        from caseflow.services.intake.people import set_flag

        p = person(person_id)
        set_flag(user("amina"), p, Vulnerability.TORTURE, True)
        add_note(person_id, "amina", "PAN", Discipline.MEDICAL, days_ago=2, text=SECRET_NOTE)
        other = referrals.create(user("amina"), p, referrals.ReferralInput(
            reason="Autre motif confidentiel", target_discipline=Discipline.MENTAL_HEALTH))
        assert other.id
        made = referrals.create(user("amina"), p, referrals.ReferralInput(
            reason=REASON, urgency=Urgency.URGENT, partner_kind=PartnerKind.HOSPITAL_PASS,
            partner_name="PASS de l’hôpital Avicenne"),
            ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        return person_id, made.id


@pytest.mark.parametrize("lang, words", [
    ("fr", ["qui dit se nommer Traoré Awa Ñúñez", "date de naissance déclarée : 2008",
            "Motif de l’orientation", "Urgent"]),
    ("en", ["states that their name is Traoré Awa Ñúñez", "declared date of birth: 2008",
            "Reason for the referral", "Urgent"]),
])
def test_it_prints_the_declared_identity_reason_author_and_site_only(app, client, as_user,
                                                                      referral, lang, words):
    _person_id, referral_id = referral
    as_user("amina")
    response = client.get(f"/referrals/{referral_id}/letter.pdf?lang={lang}")
    assert response.status_code == 200
    text = _text(response.data)
    for expected in words:
        assert expected in text, expected
    assert REASON in text
    assert "Dr Amina Diallo" in text and "10101234567" in text  # author and RPPS
    assert "Pantin" in text and "12 rue de la Liberté, 93500 Pantin" in text  # letterhead
    assert "PASS de l’hôpital Avicenne" in text
    assert "1/1" in text  # page numbers
    # Nothing else of the record: no note, no other referral, no vulnerability flag.
    assert "Cicatrices" not in text and "Autre motif" not in text
    assert "torture" not in text.lower() and "Torture" not in text
    reader = PdfReader(io.BytesIO(response.data))
    title = str(reader.metadata.title)
    assert "Traor" not in title and "Awa" not in title
    assert "Traor" not in str(reader.metadata.author or "")
    fonts = [str(f.get_object()["/BaseFont"])
             for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any(name.endswith("+DejaVuSans") for name in fonts)  # embedded subset
    assert any(name.endswith("+DejaVuSans-Bold") for name in fonts)


def test_it_defaults_the_letter_to_the_user_s_language(app, client, as_user, referral):
    _person_id, referral_id = referral
    as_user("amina")
    text = _text(client.get(f"/referrals/{referral_id}/letter.pdf").data)
    assert "qui dit se nommer" in text  # French by default
    text = _text(client.get(f"/referrals/{referral_id}/letter.pdf?lang=xx").data)
    assert "qui dit se nommer" in text


def test_it_numbers_the_pages_of_a_long_document(app):
    from reportlab.platypus import Paragraph

    with app.app_context():
        story = [Paragraph(f"Ligne numéro {i} — ÉÀÇÑ", styles()["body"]) for i in range(120)]
        pdf = build_pdf(story, letterhead=Letterhead("Organisation", "Pantin"),
                        title="Document")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    total = len(reader.pages)
    assert f"1/{total}" in reader.pages[0].extract_text()
    assert f"{total}/{total}" in reader.pages[-1].extract_text()


def test_it_offers_the_panel_s_links_only_to_those_who_may_write(app, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    with app.app_context():
        p = person(person_id)
        appointments.schedule(user("amina"), p, appointments.AppointmentInput(
            site_id=site_id("PAN"), discipline=Discipline.MEDICAL,
            kind=AppointmentKind.FOLLOW_UP, scheduled_at=utc(TODAY + timedelta(days=4))))
        add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                        utc(TODAY - timedelta(days=4)))  # past: not upcoming
        referrals.create(user("amina"), p, referrals.ReferralInput(
            reason="Bilan", partner_kind=PartnerKind.UNHCR, partner_name="UNHCR Paris"))
        db.session.commit()
        with app.test_request_context():
            panel = followup_panel(p, user("amina"))
            assert panel["may_schedule"] and panel["new_appointment_url"]
            assert panel["new_referral_url"].endswith(f"/people/{person_id}/referrals/new")
            assert len(panel["upcoming"]) == 1 and len(panel["referrals"]) == 1
            assert panel["referrals"][0].consent_missing is True
            html = render_template("followup/_person_panel.html", followup=panel)
            assert "UNHCR Paris" in html and 'data-entry-kind="appointment"' in html

            claire_sees = followup_panel(p, user("claire"))
            assert claire_sees["may_schedule"]
            omar = followup_panel(p, user("omar"))
            assert omar["upcoming"] == [] and omar["referrals"] == []
            assert omar["new_appointment_url"] is None and omar["new_referral_url"] is None


def test_it_shows_the_panel_read_only_to_a_former_site(app, register):
    from caseflow.services.intake.transfers import transfer

    person_id = register("hugo", "CAL", "Haile", "Yonas")
    with app.app_context():
        p = person(person_id)
        appointments.schedule(user("hugo"), p, appointments.AppointmentInput(
            site_id=site_id("CAL"), discipline=Discipline.MEDICAL,
            kind=AppointmentKind.CONSULTATION,
            scheduled_at=utc(TODAY + timedelta(days=2))))
        transfer(user("hugo"), p, p.enrolments[0], site_id("PAN"),
                 ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        with app.test_request_context():
            panel = followup_panel(person(person_id), user("hugo"))
            assert panel["new_appointment_url"] is None and panel["new_referral_url"] is None
            assert len(panel["upcoming"]) == 1  # his own appointment stays readable
