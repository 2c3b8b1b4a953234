"""The signer follows the site's country and the document's language (issue 16).

Read as a reader of the paper would: "an English certificate by Dr Benali says general
practitioner, not « médecin généraliste »"; "a report issued in Tripoli prints the
doctor's Libyan licence and no RPPS line"; "in France a doctor without an RPPS number
still cannot sign". Rendered PDFs read back with pypdf; the French wording needs the
catalogue with /work/i18n/signer.po merged.
"""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from caseflow.certificates import (
    TEMPLATES,
    CertificateError,
    Gender,
    check_signer,
    render_certificate,
    validate,
)
from caseflow.certificates.professions import Profession
from caseflow.certificates.signer import REGISTERS_BY_COUNTRY, UNLISTED_COUNTRY, Author
from caseflow.extensions import db
from caseflow.services.documents.certificate_signer import author_of
from tests.certificates.samples import DOCTOR, PSYCHOLOGIST, pdf_text, sample
from tests.support.app import make_app
from tests.support.certificates import issue
from tests.support.records import user

LICENCE = "LMS-2019-04417"
GP = dataclasses.replace(DOCTOR, profession_code=Profession.GENERAL_PRACTITIONER,
                         gender=Gender.FEMININE)
# A doctor of a Libyan site: a licence number, no French register.
LIBYAN_DOCTOR = Author("Dr Salem Ben Ali", "doctor", "", profession_code=Profession.DOCTOR,
                       gender=Gender.MASCULINE, licence=LICENCE)


def _text(key: str, language: str, **changes) -> str:
    return pdf_text(render_certificate(sample(key, **changes), language))


# --- The profession in the certificate's language --------------------------------------------


def test_it_prints_the_profession_in_english_on_an_english_certificate() -> None:
    text = _text("minority_recourse", "en", author=GP)
    assert "I, the undersigned, Dr Amina Benali, general practitioner, RPPS no. 10101234567" \
        in text
    # The signature block too: the profession under the name, in English.
    assert text.count("general practitioner") == 2
    assert "médecin" not in text and "généraliste" not in text


def test_it_prints_the_profession_in_french_on_a_french_certificate() -> None:
    text = _text("minority_recourse", "fr", author=GP)
    assert "Je soussignée, Dr Amina Benali, médecin généraliste, RPPS n° 10101234567" in text
    assert text.count("médecin généraliste") == 2
    assert "general practitioner" not in text


@pytest.mark.parametrize(("gender", "printed", "absent"), [
    (Gender.FEMININE, "psychologue clinicienne", "clinicien(ne)"),
    (Gender.MASCULINE, "psychologue clinicien,", "clinicienne"),
    (Gender.INCLUSIVE, "psychologue clinicien(ne)", "clinicienne"),
])
def test_it_agrees_the_psychologists_profession_with_her_form_of_address(gender, printed,
                                                                         absent) -> None:
    author = dataclasses.replace(PSYCHOLOGIST, gender=gender,
                                 profession_code=Profession.CLINICAL_PSYCHOLOGIST)
    text = _text("psychological_attestation", "fr", author=author)
    assert printed in text and absent not in text
    english = _text("psychological_attestation", "en", author=author)
    assert "Jeanne Ouédraogo, clinical psychologist, ADELI no. 939312345" in english
    assert "psychologue" not in english


def test_it_prints_a_nurse_agreed_in_french_and_plain_in_english() -> None:
    nurse = Author("Zoé Lefèvre", "nurse", "", rpps="10109876543",
                   profession_code=Profession.NURSE, gender=Gender.FEMININE)
    assert "Zoé Lefèvre, infirmière, RPPS n°" in _text("follow_up_attestation", "fr",
                                                      author=nurse)
    assert "Zoé Lefèvre, nurse, RPPS no." in _text("follow_up_attestation", "en", author=nurse)


@pytest.mark.parametrize("code", [Profession.OTHER, None])
def test_it_prints_another_profession_as_typed_in_every_language(code) -> None:
    author = dataclasses.replace(DOCTOR, profession="médecin addictologue",
                                 profession_code=code)
    for language in ("fr", "en"):
        assert _text("minority_recourse", language, author=author).count(
            "médecin addictologue") == 2


@pytest.mark.parametrize(("code", "typed", "missing"), [
    (Profession.GENERAL_PRACTITIONER, "", False),  # a code is a profession
    (None, "médecin généraliste", False),  # the free text as before
    (Profession.OTHER, "", True),  # "other" prints the text: there must be one
    (None, "  ", True),
    ("no_such_code", "", True),  # a code this version does not know prints the text
])
def test_it_asks_for_a_profession_coded_or_typed(code, typed, missing) -> None:
    author = dataclasses.replace(DOCTOR, profession=typed, profession_code=code)
    texts = [p.text for p in check_signer(TEMPLATES["minority_recourse"], author, "FR")]
    assert ("the author's profession is missing" in texts) is missing


# --- Register numbers by country --------------------------------------------------------------


def test_it_prints_the_licence_and_no_rpps_on_a_libyan_istanbul_report() -> None:
    data = sample("istanbul_report", author=LIBYAN_DOCTOR, country="LY")
    assert validate(data, "en").key == "istanbul_report"
    text = pdf_text(render_certificate(data, "en"))
    assert "Dr Salem Ben Ali, doctor, Licence no. LMS-2019-04417" in text
    assert text.count("Licence no. LMS-2019-04417") == 2  # opening and signature
    assert "RPPS" not in text and "ADELI" not in text
    french = _text("istanbul_report", "fr", author=LIBYAN_DOCTOR, country="LY")
    assert "Dr Salem Ben Ali, médecin, Autorisation d'exercer n° LMS-2019-04417" in french


def test_it_accepts_a_libyan_doctor_without_any_number() -> None:
    author = dataclasses.replace(LIBYAN_DOCTOR, licence=None)
    data = sample("istanbul_report", author=author, country="LY")
    assert check_signer(TEMPLATES["istanbul_report"], author, "LY") == []
    validate(data, "en")
    text = pdf_text(render_certificate(data, "en"))
    assert "Dr Salem Ben Ali, doctor, certify" in text
    assert "RPPS" not in text and "Licence" not in text


def test_it_neither_asks_nor_prints_a_french_number_in_libya() -> None:
    # An account that also has an RPPS (a French doctor on mission): not printed there.
    author = dataclasses.replace(GP, licence=LICENCE)
    text = _text("follow_up_attestation", "en", author=author, country="LY")
    assert "Licence no. LMS-2019-04417" in text
    assert "RPPS" not in text and "10101234567" not in text


def test_it_still_refuses_a_doctor_without_rpps_in_france() -> None:
    author = dataclasses.replace(LIBYAN_DOCTOR)  # a licence is no RPPS
    texts = [p.text for p in check_signer(TEMPLATES["istanbul_report"], author, "FR")]
    assert texts == ["a istanbul_report needs the author's RPPS number"]
    with pytest.raises(CertificateError):
        validate(sample("istanbul_report", author=author, country="FR"), "fr")
    # Nor is the licence printed in France.
    assert "LMS-2019-04417" not in _text("istanbul_report", "fr", author=GP)


def test_it_asks_a_psychologist_in_france_for_rpps_or_adeli() -> None:
    author = dataclasses.replace(PSYCHOLOGIST, adeli=None, licence=LICENCE)
    texts = [p.text for p in check_signer(TEMPLATES["psychological_attestation"], author,
                                          "FR")]
    assert texts == ["a psychological_attestation needs the author's RPPS or ADELI number"]
    assert check_signer(TEMPLATES["psychological_attestation"], author, "LY") == []


def test_it_refuses_a_malformed_number_only_where_it_prints() -> None:
    author = dataclasses.replace(LIBYAN_DOCTOR, rpps="123", licence="LMS 04417 / Tripoli")
    assert check_signer(TEMPLATES["istanbul_report"], author, "LY") == []
    assert [p.text for p in check_signer(TEMPLATES["istanbul_report"],
                                         dataclasses.replace(author, licence="<b>"), "LY")
            ] == ["the licence number is malformed"]


def test_it_requires_registers_only_where_a_rule_says_so() -> None:
    # A country no rule names: nothing required, every number the account has printed.
    assert "TN" not in REGISTERS_BY_COUNTRY
    bare = dataclasses.replace(DOCTOR, rpps=None)
    assert check_signer(TEMPLATES["istanbul_report"], bare, "TN") == []
    assert {r.label for r in UNLISTED_COUNTRY.printed} == {"RPPS", "ADELI", "licence"}
    assert not UNLISTED_COUNTRY.required
    assert REGISTERS_BY_COUNTRY["FR"].required and not REGISTERS_BY_COUNTRY["LY"].required


# --- From the account, through the app ---------------------------------------------------------


def test_it_builds_the_signer_from_the_account(app) -> None:
    with app.app_context():
        charlie, amina = author_of(user("charlie")), author_of(user("amina"))
    assert (charlie.licence, charlie.rpps, charlie.profession_code) == (LICENCE, None,
                                                                         "doctor")
    assert (amina.profession_code, amina.rpps, amina.licence) == (
        "general_practitioner", "10101234567", None)


def test_it_issues_a_tripoli_report_with_the_licence_and_no_rpps(app, register) -> None:
    pid = register("charlie", "TRI", "Saleh", "Ali", born=1990)
    with app.app_context():
        issued = issue("charlie", pid, "istanbul_report", site="TRI", language="en")
        text = pdf_text(issued.issued_pdf)
    assert "Charlie Okafor, doctor, Licence no. LMS-2019-04417" in text
    assert "RPPS" not in text and "10109999999" not in text


def test_it_offers_a_libyan_doctor_the_istanbul_report_and_no_french_certificate(
        app, register, as_user) -> None:
    pid = register("charlie", "TRI", "Saleh", "Ali", born=1990)
    page = as_user("charlie").get(f"/people/{pid}/certificates/new")
    assert page.status_code == 200
    assert 'data-template="istanbul_report"' in page.text
    assert 'data-template="minority_recourse"' not in page.text
    assert 'data-template="violence_findings"' not in page.text


# --- The migration: the free text the administrators typed, coded ---------------------------


def test_it_codes_the_professions_it_recognises_when_migrating(tmp_path, keys_dir) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'professions.sqlite'}", keys_dir)
    typed = {"a": "Médecin Généraliste", "b": "psychologue clinicienne.", "c": "INFIRMIÈRE",
             "d": "Nurse", "e": "sage femme", "f": "Clinical psychologist",
             "g": "médecin coordinatrice", "h": "", "i": "Pédiatre"}
    with app.app_context():
        upgrade(revision="b7d2e4f9a1c3")
        users = sa.table("user_account", *(sa.column(name) for name in (
            "login", "display_name", "role", "profession", "password_hash",
            "password_changed_at", "must_change_password", "active", "failed_logins",
            "session_token", "created_at", "version", "form_of_address")))
        now = sa.func.current_timestamp()
        with db.engine.begin() as conn:
            for login, profession in typed.items():
                conn.execute(users.insert().values(
                    login=login, display_name=login, role="doctor", profession=profession,
                    password_hash="x", password_changed_at=now, must_change_password=False,
                    active=True, failed_logins=0, session_token=login, created_at=now,
                    version=1, form_of_address="inclusive"))
        upgrade()
        with db.engine.connect() as conn:
            coded = dict(conn.execute(sa.text(
                "SELECT login, profession_code FROM user_account")).all())
        db.engine.dispose()
    assert coded == {"a": "general_practitioner", "b": "clinical_psychologist", "c": "nurse",
                     "d": "nurse", "e": "midwife", "f": "clinical_psychologist", "g": None,
                     "h": None, "i": "paediatrician"}
