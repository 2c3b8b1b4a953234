"""The app's documents in Arabic, from the real database: the referral letter, the subject
access copy and the indicators report lay out right to left, shape their Arabic (the glyphs
drawn are HarfBuzz's) and keep Latin data (a record's code, a phone number, a date in
Western digits) left to right inside their lines."""

from __future__ import annotations

import re
from datetime import date

import pytest

from caseflow.extensions import db
from caseflow.models.referral import PartnerKind
from caseflow.pdf import ARABIC_FONT_BOLD, FONT, MARGIN, PAGE_SIZE
from caseflow.services.care import referrals
from caseflow.services.care.consents import ConsentInput
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.clock import FIXED_NOW
from tests.pdf import glyphs
from tests.pdf.glyphs import save
from tests.reports.conftest import _enrol, _person
from tests.support.records import person, site_id, user

FAMILY, GIVEN = "الورفلي", "عائشة محمد"  # Al-Warfalli, Aisha Mohamed
PHONE = "+218 91 234 5678"
REASON = "آلام في البطن منذ 12/03/2026، فحص جراحي"  # a date in Western digits inside Arabic
WIDTH = PAGE_SIZE[0]


@pytest.fixture
def arabic_referral(app, register):
    person_id = register("amina", "PAN", FAMILY, GIVEN, born=1990, phone=PHONE)
    with app.app_context():
        made = referrals.create(user("amina"), person(person_id), referrals.ReferralInput(
            reason=REASON, partner_kind=PartnerKind.HOSPITAL_PASS,
            partner_name="مستشفى طرابلس المركزي"),
            ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        return person_id, made.id, person(person_id).code


@pytest.mark.time_machine(FIXED_NOW)
def test_it_prints_an_arabic_referral_letter_right_to_left(app, client, as_user,
                                                           arabic_referral):
    _person_id, referral_id, _code = arabic_referral
    as_user("amina")
    pdf = client.get(f"/referrals/{referral_id}/letter.pdf?lang=ar").data
    save("referral-letter-ar", pdf)
    lines = glyphs.lines(pdf)
    # The name, shaped, in the identity sentence; given names and family name each whole.
    identity = next(line for line in lines if glyphs.has(line, FAMILY))
    assert glyphs.has(identity, GIVEN.split()[0]) and glyphs.has(identity, GIVEN.split()[1])
    # Right to left: the subject line (bold, short) ends at the right margin.
    subject = next(line for line in lines if line and line[0].font == ARABIC_FONT_BOLD
                   and 500 < line[0].y < 720)
    assert max(d.end for d in subject) == pytest.approx(WIDTH - MARGIN, abs=0.5)
    assert min(d.x for d in subject) > WIDTH / 2
    # The reason's date in Western digits, in its own order inside the Arabic line.
    reason = next(line for line in lines if "12/03/2026" in glyphs.chars(line))
    assert glyphs.has(reason, "فحص جراحي")
    # The site's phone number (letterhead, signature) left to right, on a line of its own
    # (a line with no Arabic is laid out left to right, aligned on the right).
    with app.app_context():
        from caseflow.models.site import Site

        phone = db.session.get(Site, site_id("PAN")).phone
    signed = [line for line in lines if glyphs.chars(line) == phone]
    assert signed and max(d.end for d in signed[0]) == pytest.approx(WIDTH - MARGIN, abs=0.5)


@pytest.mark.time_machine(FIXED_NOW)
def test_it_prints_an_arabic_subject_access_copy_right_to_left(app, as_user, arabic_referral):
    person_id, _referral_id, code = arabic_referral
    response = as_user("claire").get(f"/people/{person_id}/subject-access.pdf?lang=ar")
    assert response.status_code == 200
    pdf = response.data
    save("subject-access-ar", pdf)
    lines = glyphs.lines(pdf)
    family = next(line for line in lines if glyphs.has(line, FAMILY))
    # "<b>اسم العائلة</b>: الورفلي": label and value on one right-aligned line.
    assert max(d.end for d in family) == pytest.approx(WIDTH - MARGIN, abs=0.5)
    assert any(glyphs.has(line, GIVEN) for line in lines)
    # Latin data, left to right: the record's code, the phone number.
    assert re.fullmatch(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{2,}", code)
    assert any(code in glyphs.chars(line) for line in lines)
    assert any(PHONE in glyphs.chars(line) for line in lines)
    assert any("12/03/2026" in glyphs.chars(line) for line in lines)
    # Body lines start on the right: every Arabic line of the body ends at the right margin,
    # less the quotes (indented on the start side) and the footer's page number.
    body = [line for line in lines if glyphs.arabic(line) and MARGIN + 20 < line[0].y < 700]
    ends = [max(d.end for d in line) for line in body]
    assert ends and sum(abs(end - (WIDTH - MARGIN)) < 0.5 for end in ends) > len(ends) * 0.8


@pytest.fixture
def arabic_month(app):
    with app.app_context():
        for i, site in enumerate(["PAN"] * 6 + ["MAR"]):
            _enrol(_person("male", 2010, f"Name{i}"), site, "general", date(2026, 3, 2 + i))
        db.session.commit()


def test_it_prints_the_indicators_report_mirrored_in_arabic(app, as_user, arabic_month):
    pdf = as_user("omar").get("/indicators/report.pdf?month=2026-03&lang=ar").data
    save("indicators-ar", pdf)
    lines = glyphs.lines(pdf)
    # No Arabic drawn unshaped: every Arabic character is printed in Noto Naskh Arabic.
    for line in lines:
        assert not any(d.font == FONT and "\u0600" <= d.char <= "\u06ff" for d in line)
    from flask_babel import force_locale

    from caseflow.reports.definitions import BY_CODE, CHARTED

    with app.test_request_context(), force_locale("ar"):
        title = str(BY_CODE[CHARTED[0]].label)
    # The chart's title, shaped and at the right (over the chart's start).
    charted = [line for line in lines if line and all(d.font == ARABIC_FONT_BOLD or d.char == " "
                                                      for d in line)
               and glyphs.arabic(line, ARABIC_FONT_BOLD) == glyphs.expected(title,
                                                                "NotoNaskhArabic-Bold.ttf")]
    assert charted and min(d.x for d in charted[0]) > WIDTH / 2
    # The months run right to left: the oldest (2025-10) right of the newest (2026-03).
    months = {}
    for line in lines:
        chars = glyphs.chars(line)
        if re.fullmatch(r"20\d\d-\d\d", chars):
            months.setdefault(chars, line[0].x)
    assert months["2025-10"] > months["2026-03"]
    # The legend's figures in the same order as the bars: March (7, hidden "<5") leftmost,
    # each mask as the table prints it.
    legend = {glyphs.chars(line) for line in lines}
    assert "7 0 0 0 0 0 :Σ" in legend
    assert "<5 0 0 0 0 0 :MAR ■" in legend and "x 0 0 0 0 0 :PAN ■" in legend
