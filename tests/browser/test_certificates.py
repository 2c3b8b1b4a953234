"""Amina, the demo doctor, issues certificates from a demo person's page in the real browser.

Read as sentences: "Amina drafts an age-recourse certificate for a young person of the demo,
records their consent in the form, reviews the draft PDF, issues it and downloads the same
file twice; a judge who follows the verification link sees 'valid' and nothing about them";
"in English, she issues an attestation of follow-up and finds it in the register".

The tests find the controls of the certificate pages by their ids, names and data attributes,
so that rewording the French catalogue does not break them; they read French text only on
older pages (login). The demo doctor is called Diallo, like a demo person: the checks that a
page shows no name look for the person's full declared name.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from caseflow.consent_state import is_given
from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.vocabulary import ConsentPurpose
from tests.browser.conftest import PHONE
from tests.browser.test_intake import sign_in
from tests.certificates.samples import pdf_text
from tests.support.browser import page_width

pytestmark = pytest.mark.browser

AMINA_RPPS = "10101234567"
HEALTH = "Asthme persistant léger, traité. Dénutrition modérée (IMC 16,8)."
VULNERABILITIES = "Isolement, sans hébergement stable, troubles du sommeil."
CARE = "Suivi médical mensuel au centre ; bilan dentaire à programmer."


@pytest.fixture
def pantin(app) -> list[dict]:
    """The demo data of `flask demo` (people, notes, certificates): the young people followed
    at Pantin, Amina's site, in its age-recourse programme, in the order they were registered.

    Seeding it takes about two seconds: the tests use the real demo, not a look-alike.
    """
    from caseflow.demo.history import seed_demo_history
    from caseflow.demo.people import seed_demo_people

    with app.app_context():
        seed_demo_people()
        seed_demo_history()
        people = [
            {"id": str(p.id), "family": p.family_name,
             # As certificates print it: the family name in capitals.
             "names": f"{p.family_name.upper()} {p.given_names}",
             "plain": f"{p.family_name} {p.given_names}",
             "consent": is_given(p.id, ConsentPurpose.CERTIFICATE)}
            for p in db.session.scalars(select(Person).order_by(Person.created_at))
            if any(e.active and e.site.code == "PAN" and e.programme == "minority_recourse"
                   for e in p.enrolments)]
        db.session.remove()
    return people


def render_pages(pdf: bytes, folder: Path, stem: str) -> list[Path]:
    """The PDF's pages as PNG images (pdftoppm, 60 dpi), for people to look at."""
    source = folder / f"{stem}.pdf"
    source.write_bytes(pdf)
    for old in folder.glob(f"{stem}-[0-9]*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(source), str(folder / stem)],
                   check=True, timeout=60)
    images = sorted(folder.glob(f"{stem}-[0-9]*.png"))
    assert images, f"pdftoppm rendered no page of {source}"
    return images


def no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= PHONE["width"], (
        "the page scrolls sideways on a 360 px phone")


def test_it_lets_a_doctor_issue_an_age_recourse_certificate_and_download_it(
        app, pantin, open_page, live_server, artifacts):
    # A young person of the demo who has not yet asked for a certificate.
    person = next((p for p in pantin if not p["consent"]), None)
    assert person, "every demo person at Pantin already agreed to a certificate"
    person_id, declared = person["id"], person["names"]

    page = open_page()
    sign_in(page, live_server, "amina")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.goto(f"{live_server}/people/{person_id}")
    page.locator("section#certificates .actions a").click()
    expect(page.locator("#certificate-kinds")).to_be_visible()
    expect(page.locator("[data-template=psychological_attestation]")).to_have_count(0)
    page.locator("[data-template=minority_recourse] a").click()

    form = page.locator("#certificate-form")
    expect(form).to_have_attribute("data-template", "minority_recourse")
    # No certificate consent in the demo data yet: the form asks for it inline.
    expect(page.locator("#certificate-consent")).to_be_visible()
    # No box where an age estimate could be typed.
    names = form.locator("[name]").evaluate_all("els => els.map(e => e.name)")
    assert not [n for n in names if "age" in n.split("_") or "estimat" in n], names
    form.locator("select[name=consent_decision]").select_option("given")
    # The record says this person needs an interpreter: the question comes pre-filled
    # (issue 16, asked once), and the interpreter's name is what is left to give.
    expect(form.locator("select[name=interpreter_kind]")).not_to_have_value("none_needed")
    form.locator("[name=interpreter_name]").fill("Fatoumata Keïta")
    form.locator("[name=health_state]").fill(HEALTH)
    form.locator("[name=vulnerabilities]").fill(VULNERABILITIES)
    form.locator("[name=care_and_follow_up]").fill(CARE)
    page.screenshot(path=str(artifacts / "certificate-form-fr-desktop.png"), full_page=True)

    phone = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(phone, live_server, "amina")
    phone.goto(page.url)
    expect(phone.locator("#certificate-form")).to_be_visible()
    phone.screenshot(path=str(artifacts / "certificate-form-fr-360.png"), full_page=True)
    no_sideways_scrolling(phone)

    form.locator("button[type=submit]").click()
    certificate = page.locator("section#certificate")
    expect(certificate).to_have_attribute("data-certificate-status", "draft")
    page.screenshot(path=str(artifacts / "certificate-draft-fr-desktop.png"), full_page=True)
    with app.app_context():
        assert is_given(uuid.UUID(person_id), ConsentPurpose.CERTIFICATE)
        db.session.remove()

    review = page.request.get(live_server + page.locator("#preview").get_attribute("href"))
    assert review.ok and review.headers["content-type"] == "application/pdf"
    assert "PROJET — NON VALIDE" in pdf_text(review.body())
    render_pages(review.body(), artifacts, "certificate-draft-fr-pdf")

    page.locator("input[name=confirm]").check()
    page.locator("input[name=keep_age_proxies]").check()  # the sample's BMI and dentition
    page.locator("#issue-button").click()
    expect(certificate).to_have_attribute("data-certificate-status", "issued")
    serial = page.locator("#serial").inner_text().strip()
    assert re.fullmatch(r"PAN-\d{4}-\d{5}", serial), serial
    expect(page.locator("#preview")).to_have_count(0)
    expect(page.locator("#issue-button")).to_have_count(0)
    page.screenshot(path=str(artifacts / "certificate-issued-fr-desktop.png"), full_page=True)
    phone.goto(page.url)
    expect(phone.locator("#serial")).to_have_text(serial)
    phone.screenshot(path=str(artifacts / "certificate-issued-fr-360.png"), full_page=True)
    no_sideways_scrolling(phone)

    href = page.locator("#download").get_attribute("href")
    first = page.request.get(live_server + href)
    second = page.request.get(live_server + href)
    assert first.ok and first.headers["content-type"] == "application/pdf"
    assert "no-store" in first.headers["cache-control"]
    assert serial in first.headers["content-disposition"]
    assert person["family"] not in first.headers["content-disposition"]  # a file name
    pdf = first.body()
    assert pdf == second.body(), "two downloads of an issued certificate must be identical"
    text = pdf_text(pdf)
    assert serial in text
    assert "qui dit se nommer" in text
    assert declared in text
    assert "RPPS" in text and AMINA_RPPS in text
    assert "PROJET" not in text
    assert "aucune estimation de l'âge" in text
    for sentence in (HEALTH, VULNERABILITIES, CARE):
        assert sentence in text
    render_pages(pdf, artifacts, "certificate-minority-recourse-fr-pdf")

    # The person's page lists it.
    page.locator(".page-head .actions a").last.click()
    listed = page.locator("section#certificates [data-entry-kind=certificate]", has_text=serial)
    expect(listed).to_have_attribute("data-certificate-status", "issued")

    # A judge follows the verification link, with no session.
    page.go_back()
    verify_url = page.locator("section#certificate a[href*='/verify/']").get_attribute("href")
    assert verify_url.startswith(f"/verify/{serial}?c=")
    judge = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    judge.goto(live_server + verify_url)
    verification = judge.locator("#verification")
    expect(verification).to_have_attribute("data-verification", "valid")
    expect(verification).to_contain_text(serial)
    body = judge.locator("body").inner_text()
    for personal in (*declared.split(), *person["plain"].split(), "Asthme", "Isolement"):
        assert personal not in body, personal
    expect(judge.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    judge.screenshot(path=str(artifacts / "certificate-verify-fr-360.png"), full_page=True)
    no_sideways_scrolling(judge)
    judge.set_viewport_size({"width": 1280, "height": 800})
    judge.screenshot(path=str(artifacts / "certificate-verify-fr-desktop.png"), full_page=True)


def test_it_shows_the_certificate_pages_in_english(app, pantin, open_page, live_server,
                                                    artifacts):
    # A young person of the demo who already agreed to an earlier certificate: each new
    # certificate still records the person's request, so the form asks again.
    person = next((p for p in pantin if p["consent"]), None)
    assert person, "no demo person at Pantin agreed to a certificate"
    person_id = person["id"]
    page = open_page()
    sign_in(page, live_server, "amina")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{live_server}/people/{person_id}")
    new = page.locator("section#certificates .actions a")
    expect(new).to_have_text("New certificate")
    new.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which certificate?")
    page.locator("[data-template=follow_up_attestation] a").click()
    # On screen a template is named by its purpose (issue 16); the printed title stays.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Attestation of follow-up — dates only, no medical information")
    form = page.locator("#certificate-form")
    expect(form.locator("#certificate-consent")).to_be_visible()
    form.locator("select[name=consent_decision]").select_option("given")
    # Pre-filled from the record (issue 16): when it says an interpreter helps, give the name.
    if form.locator("select[name=interpreter_kind]").input_value() != "none_needed":
        form.locator("[name=interpreter_name]").fill("Fatoumata Keïta")
    form.locator("select[name=language]").select_option("en")
    # The dates of the notes Amina may read are offered, one a line.
    dates = form.locator("[name=follow_up_dates]").input_value()
    assert re.search(r"\d{2}/\d{2}/\d{4}", dates), dates
    page.screenshot(path=str(artifacts / "certificate-form-en-desktop.png"), full_page=True)
    form.locator("button[type=submit]").click()

    expect(page.locator("section#certificate")).to_have_attribute("data-certificate-status",
                                                                  "draft")
    expect(page.locator("#issue h2")).to_have_text("Issue")
    expect(page.locator("#preview")).to_have_text("Review the PDF")
    page.locator("input[name=confirm]").check()
    expect(page.locator("input[name=keep_age_proxies]")).to_have_count(0)  # dates only
    page.locator("#issue-button").click()
    expect(page.locator("section#certificate")).to_have_attribute("data-certificate-status",
                                                                  "issued")
    expect(page.locator("#download")).to_have_text("Download the PDF")
    serial = page.locator("#serial").inner_text().strip()
    page.screenshot(path=str(artifacts / "certificate-issued-en-desktop.png"), full_page=True)
    pdf = page.request.get(live_server + page.locator("#download").get_attribute("href")).body()
    text = pdf_text(pdf)
    assert serial in text and "Attestation of follow-up" in text
    assert "a person who states that their name is" in text
    assert "deliberately contains no medical information" in text
    render_pages(pdf, artifacts, "certificate-follow-up-en-pdf")

    page.goto(f"{live_server}/certificates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate register")
    row = page.locator("#register tbody tr", has_text=serial)
    expect(row).to_contain_text("Attestation of follow-up")
    expect(row).to_have_attribute("data-certificate-status", "issued")
    expect(page.locator("#register")).not_to_contain_text(person["names"])
    expect(page.locator("#register")).not_to_contain_text(person["plain"])
    page.screenshot(path=str(artifacts / "certificate-register-en-desktop.png"), full_page=True)

    # Amina's choice of English follows her to her phone.
    phone = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(phone, live_server, "amina")
    phone.goto(f"{live_server}/certificates/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Certificate register")
    expect(phone.locator("#register")).to_contain_text(serial)
    phone.screenshot(path=str(artifacts / "certificate-register-en-360.png"), full_page=True)
    no_sideways_scrolling(phone)


def test_it_keeps_the_verify_page_readable_on_a_phone(app, pantin, open_page, live_server,
                                                      artifacts):
    from caseflow.models.certificate import Certificate, CertificateStatus

    with app.app_context():
        issued = db.session.scalars(select(Certificate).where(
            Certificate.status == CertificateStatus.ISSUED)).first()
        serial, code = issued.serial, issued.code
        db.session.remove()
    judge = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    judge.goto(f"{live_server}/verify/{serial}?c={code}")
    expect(judge.locator("#verification")).to_have_attribute("data-verification", "valid")
    judge.screenshot(path=str(artifacts / "certificate-verify-demo-fr-360.png"), full_page=True)
    narrow = {text: box["width"] for text, box in (
        (dd.inner_text(), dd.bounding_box()) for dd in judge.locator("#verification dd").all())
        if box["width"] < 120}
    assert not narrow, f"values squeezed to a few pixels on a phone: {narrow}"
