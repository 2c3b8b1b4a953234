"""Every page and every PDF in a pseudo-locale: no interface text outside the catalogues.

A third language is one line in caseflow/languages.py plus a catalogue: this
test adds one (tests/pseudo_locale.py: Esperanto, each msgid said "[!…!]"),
signs every persona into it, opens every URL of the application as a persona
who may open it, and reads back every PDF caseflow prints (each certificate
template in that language, the referral letter, the subject-access copy, the
indicators report). Once the translated parts are taken out, what is left must
be data: the rows the test made, what CLDR says in that language (dates,
languages, countries), digits and punctuation. Anything else is a string that a
reader of a third language would see in English or French.
"""

from __future__ import annotations

import dataclasses
import zoneinfo

import pytest
from sqlalchemy import select, update

from caseflow import languages
from caseflow.extensions import db
from caseflow.models.user import User
from tests.clock import FIXED_NOW
from tests.pseudo_locale import (
    PSEUDO,
    Allowed,
    cldr_words,
    compile_pseudo,
    pdf_text,
    pseudo,
    pseudo_catalogue,
    untranslated,
    visible_text,
    without_translations,
)
from tests.security.access_table import ACCESS
from tests.security.conftest import build_records, expected, path_values, sign_in_as, url_of

pytestmark = pytest.mark.time_machine(FIXED_NOW)

# Whom each page is opened as: the first of these the access table lets in (200)...
VIEWERS = ("amina", "claire", "admin", "omar", "yasmine", "sara", "lea", "nadia", "hugo",
           "charlie", "anonymous")
# ...and these by everyone let in: each role has its own menu, the data manager her
# suppressed figures.
EVERY_VIEWER = {"main.home", "reports.dashboard"}


@pytest.fixture(scope="module")
def pseudo_translations(tmp_path_factory):
    return compile_pseudo(tmp_path_factory.mktemp("pseudo-locale"))


@pytest.fixture
def app_config(pseudo_translations):
    # The pseudo catalogue first; caseflow's own ("translations", beside the package) after.
    return {"BABEL_TRANSLATION_DIRECTORIES": f"{pseudo_translations};translations"}


@pytest.fixture
def pseudo_language(monkeypatch):
    """The third language, registered as any language is: one line in the registry."""
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, languages.language(PSEUDO)))


# --- The machinery, on its own -------------------------------------------------------------


def test_it_wraps_text_and_keeps_placeholders_intact() -> None:
    assert pseudo("Save") == "[!Save!]"
    assert pseudo("%(num)d person found") == "%(num)d[! person found!]"
    assert pseudo("Hello %s, {0}") == "[!Hello !]%s[!, !]{0}"
    assert pseudo("%(label)s: %(value)s") % {"label": "A", "value": "B"} == "A[!: !]B"


def test_it_says_every_plural_form(tmp_path) -> None:
    pot = tmp_path / "messages.pot"
    pot.write_text('msgid "%(num)d person"\nmsgid_plural "%(num)d people"\nmsgstr[0] ""\n'
                   'msgstr[1] ""\n', encoding="utf-8")
    message = pseudo_catalogue(pot).get("%(num)d person")
    assert message.string == ("%(num)d[! person!]", "%(num)d[! people!]")


def test_it_finds_a_hard_coded_word_and_lets_data_through() -> None:
    allowed = Allowed(phrases=["Awa Traoré", "PAN"], words={"Novembro"})
    page = ('<title>[!Person!] · PAN</title><h1>Awa Traoré</h1><p title="[!Help!]">'
            '[!Born on !]4 Novembro 2026</p><button>Save</button>'
            '<input type="submit" value="Send"><script>var x = "code";</script>')
    assert untranslated(visible_text(page), allowed) == ["'Save' (left: Save)",
                                                         "'Send' (left: Send)"]
    # An untranslated word handed to a translated sentence as a value is found too.
    assert untranslated([pseudo("Status: %(s)s") % {"s": "pending"}], allowed) == [
        "'[!Status: !]pending' (left: pending)"]
    assert without_translations("[!Date!][!: !]4") == "  4"


# --- Every page and every PDF ----------------------------------------------------------------

# Besides the rows the test made (`_allowed` reads them back: people and their codes,
# sites, accounts, what was written about Awa, what the certificates were drafted with),
# what may be left once the translations are out, each with why it is not interface text:
EXCEPTIONS = {
    "Σ": "the sum sign before the monthly totals in the indicators report's charts",
    "x": "the mark of a count hidden as a complement (reports.suppression.SECONDARY_MARK)",
    "K7Q-2M4-X9": "the example of a person's code in the audit search field's placeholder",
    "Mohamed Diallo": "the search page's examples of names, spelt as typed in every language",
    "Dialo Mouhamed": "the same name spelt otherwise, an example of the search's tolerance",
    "caseflow": "the application's name",
    "LYD": "ISO 4217 currency codes of the programme's costs, written as such everywhere",
    "EUR": "the same",
    "USD": "the same",
    "Europe/Paris": "the tz database's zone names, listed as such on the site form: an "
                    "identifier the server's clock must match (every zone, not only this one)",
    "PHQ-9": "the validated scales' own names (caseflow/scales), the same in every language",
    "PHQ-A": "the same",
    "GAD-7": "the same",
    "PCL-5": "the same",
    "CRIES-8": "the same",
    "RHS-15": "the same",
    "J01CA04": "the example of an ATC code (amoxicillin) in the treatment form's placeholder",
    "Français": "each interface language in its own words, in the language switch and the "
                "pickers of an account's and a certificate's language (so English, Esperanto)",
}

# Certificates made in the pseudo-locale, by an author who may sign each template:
# the walk opens the first two through the pages; all are read back as PDFs.
AUTHORS = {"minority_recourse": "amina", "violence_findings": "amina",
           "istanbul_report": "amina", "psychological_attestation": "yasmine",
           "follow_up_attestation": "amina"}


def test_it_shows_no_untranslated_text_on_any_page_or_pdf(app, client, register,
                                                         pseudo_language) -> None:
    records = build_records(app, register, "amina", "PAN", "Traoré", "Awa")
    issued, drafts = _certificates_in_pseudo_locale(app, records)
    # A certificate is written in the language it was drafted in, not the reader's: the
    # walk opens certificates drafted in the pseudo-locale (same templates, same author).
    records = dataclasses.replace(
        records, certificate_id=issued["minority_recourse"][0],
        serial=issued["minority_recourse"][1], draft_id=drafts["violence_findings"])
    with app.app_context():
        db.session.execute(update(User).values(language=PSEUDO))
        db.session.commit()
    # Every page's rows made now (a hospital stay, an outreach session...), so that what
    # they hold is read back as data.
    for rule in app.url_map.iter_rules():
        path_values(app, records, rule)
    with app.app_context():
        allowed = _allowed()
    found: dict[str, list[str]] = {}

    def check(url: str, viewer: str | None, status: int = 200) -> None:
        sign_in_as(app, client, viewer)
        if viewer is None:
            with client.session_transaction() as session:
                session["lang"] = PSEUDO
        response = client.get(url)
        assert response.status_code == status, f"{url} as {viewer}: {response.status_code}"
        texts = _texts(response)
        if texts is None:  # JSON (the health check, the subject-access data): keys and codes
            assert response.mimetype == "application/json", f"{url}: {response.mimetype}"
            return
        problems = untranslated(texts, allowed)
        if problems:
            found[f"{url} ({viewer or 'anonymous'}, {response.status_code})"] = problems

    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        line = expected(ACCESS, rule)
        if line is None or rule.endpoint == "static":
            continue  # a URL missing from the table fails tests/security/test_access_matrix.py
        viewers = [v for v in VIEWERS if line[v] == 200]
        for viewer in viewers if rule.endpoint in EVERY_VIEWER else viewers[:1]:
            check(url_of(rule, path_values(app, records, rule)),
                  None if viewer == "anonymous" else viewer)
    # The error pages, and every certificate template as a draft and as issued.
    check("/no-such-page", "amina", 404)
    check("/admin/users", "amina", 403)
    for key, author in AUTHORS.items():
        check(f"/certificates/{issued[key][0]}.pdf", author)
    for key, draft_id in drafts.items():
        check(f"/certificates/{draft_id}/preview.pdf", AUTHORS[key])
    with app.app_context():
        found.update(_certificate_variants(allowed))
    assert not found, "untranslated text:\n" + "\n".join(
        f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())


def _texts(response) -> list[str] | None:
    if response.mimetype == "text/html":
        return visible_text(response.get_data(as_text=True))
    if response.mimetype == "application/pdf":
        return pdf_text(response.data)
    if response.mimetype == "text/csv":  # the indicators export, read in a spreadsheet
        return response.get_data(as_text=True).splitlines()
    return None


def _certificates_in_pseudo_locale(app, records):
    """Each template drafted (and a copy issued) in the pseudo-locale for Awa."""
    from caseflow.services.documents import certificates
    from tests.support.certificates import BASE_URL, asked, draft_input
    from tests.support.records import person, user

    issued, drafts = {}, {}
    with app.app_context():
        for key, login in AUTHORS.items():
            for keep in (drafts, issued):
                draft = certificates.create_draft(
                    user(login), person(records.person_id),
                    draft_input(key, site=records.site, language=PSEUDO), asked())
                if keep is drafts:
                    drafts[key] = str(draft.id)
                else:
                    done = certificates.issue(user(login), person(records.person_id), draft,
                                              draft.version, BASE_URL)
                    issued[key] = (str(done.id), done.serial)
        db.session.remove()
    return issued, drafts


REQUISITION, LAWYER = "l'OPJ de Pantin", "Maître Claire Martin"  # handed over to


def _certificate_variants(allowed: Allowed) -> dict[str, list[str]]:
    """What the pages' certificates do not show: the other handovers, a replacement,
    every precision of a birth date, an ITT of one day (tests/certificates/samples.py)."""
    from caseflow.certificates import (
        Correction,
        CorrectionKind,
        Facts,
        Handover,
        HandoverMode,
        Lesion,
        render_certificate,
    )
    from tests.certificates.samples import FIELDS, PERSON, sample

    placed = [Lesion("Bras gauche", "3 cm", "ecchymose", "arm_upper_left_front")]
    variants = {
        "requisition": sample("violence_findings",
                              handover=Handover(HandoverMode.REQUISITION, REQUISITION,
                                                "PV 1", PERSON.birth_date)),
        "lawyer": sample("istanbul_report", handover=Handover(HandoverMode.LAWYER, LAWYER)),
        "replaces": sample("psychological_attestation", correction=Correction(
            "PAN-2026-00001", PERSON.birth_date, CorrectionKind.CLINICAL, "Dates")),
        "clerical": sample("violence_findings", correction=Correction(
            "PAN-2026-00001", PERSON.birth_date, CorrectionKind.CLERICAL, "Nom")),
        "annex, quoted, a day, photographs": sample("violence_findings", fields={
            **FIELDS["violence_findings"], "statements": "Je", "lesions": placed,
            "facts": Facts(PERSON.birth_date), "photographs": 2}),
        "photograph": sample("violence_findings", fields={
            **FIELDS["violence_findings"], "photographs": 1}),
        "one day": sample("violence_findings",
                          fields={**FIELDS["violence_findings"], "itt_days": 1}),
    }
    for precision in ("month", "year", "unknown"):
        variants[precision] = sample("minority_recourse", person=dataclasses.replace(
            PERSON, birth_precision=precision,
            birth_date=None if precision == "unknown" else PERSON.birth_date))
    found = {}
    for name, data in variants.items():
        texts = pdf_text(render_certificate(data, PSEUDO))
        typed = _strings([data.fields, data.handover, data.correction])  # the author's words
        problems = untranslated(texts, Allowed([*allowed.phrases, *typed], allowed.words))
        if problems:
            found[f"certificate, {name}"] = problems
    return found


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    return []


def _libya_rows() -> list[str]:
    """What the Libya programme's rows hold (hospitals, stays, TB episodes, outreach)."""
    from caseflow.models.hospital import HospitalAdmission, PartnerHospital
    from caseflow.models.outreach import OutreachContact, OutreachPlace, OutreachSession
    from caseflow.models.tb import TbEpisode

    phrases = [h.name for h in db.session.scalars(select(PartnerHospital))]
    phrases += [p.name for p in db.session.scalars(select(OutreachPlace))]
    for stay in db.session.scalars(select(HospitalAdmission)):
        phrases += [stay.ward, stay.reason_text]
    for episode in db.session.scalars(select(TbEpisode)):
        phrases += [episode.register_number, episode.notes]
    for session in db.session.scalars(select(OutreachSession)):
        phrases += [session.team, session.refusal_reason, session.access_note]
    for contact in db.session.scalars(select(OutreachContact)):
        phrases += [contact.declared_name, contact.complaint, contact.treatment,
                    contact.protection_concern]
    from caseflow.models.evacuation import EvacuationCase, FitnessAssessment

    for case in db.session.scalars(select(EvacuationCase)):
        phrases += [case.partner_name, case.partner_case_number, case.notes]
    phrases += [a.details for a in db.session.scalars(select(FitnessAssessment))]
    return [phrase for phrase in phrases if phrase]


def _allowed() -> Allowed:
    """The data the pages and PDFs may show, read back from the rows the test made."""
    from caseflow.models.appointment import Appointment
    from caseflow.models.note import Note
    from caseflow.models.person import Person
    from caseflow.models.referral import Referral
    from caseflow.models.site import Site
    from tests.certificates import samples

    phrases: list[str] = [*EXCEPTIONS, *zoneinfo.available_timezones()]
    for site in db.session.scalars(select(Site)):
        phrases += [site.name, site.code, site.organisation, site.address, site.phone,
                    site.email]
    for account in db.session.scalars(select(User)):
        phrases += [account.display_name, account.login, account.profession, account.rpps,
                    account.adeli]
    for person in db.session.scalars(select(Person)):
        # Certificates print the family name in capitals ("TRAORÉ Awa").
        phrases += [person.code, person.family_name, person.family_name.upper(),
                    person.given_names, *(person.aliases or [])]
    phrases += [note.text for note in db.session.scalars(select(Note))]
    phrases += [appointment.note for appointment in db.session.scalars(select(Appointment))]
    for referral in db.session.scalars(select(Referral)):
        phrases += [referral.partner_name, referral.reason, referral.outcome]
    phrases += _libya_rows()
    # What the certificates were drafted with (tests/certificates/samples.py).
    phrases += _strings([getattr(samples, name) for name in dir(samples) if name.isupper()])
    phrases += _strings([samples.sample(key) for key in AUTHORS])
    phrases += [REQUISITION, LAWYER]
    phrases += [name for _code, name in languages.choices()]
    return Allowed(phrases, cldr_words(PSEUDO))
