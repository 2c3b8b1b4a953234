"""The five certificate templates, as data: titles, fixed texts, fields and who may sign.

A certificate's fixed wording is a legal text that a doctor, a lawyer and the
medical council read word for word. Its English msgids are kept together here
(and the layout's few words in render.py), marked `_l`, so that they are
reviewed together; every language's wording, French first, is in the gettext
catalogues (caseflow/translations/<code>/), like the rest of caseflow. A
certificate is written in its own language, whatever the reader's interface
language: `Wording.get(language)`, read under `force_locale(language)`. The
renderer (render.py) lays out whatever is declared here, so a new template or a
corrected sentence is a change to this file and its translations only.

What is deliberately absent: any field for an age estimate (docs/FIELD.md, Age).
Certificates for the juge des enfants describe health, vulnerability and care
needs; `render.validate` refuses any field a template does not declare, so an
age estimate cannot be slipped in either.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import has_app_context
from flask_babel import force_locale, get_translations, gettext
from flask_babel.speaklater import LazyString

# Where the catalogues are when no app runs (the renderer alone, in its tests and benches).
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

# In France a medical certificate is written in French: in any other language it says so.
LEGAL_LANGUAGE = "fr"


@cache
def _packaged(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [language])


def catalogue(language: str) -> NullTranslations:
    """The gettext catalogue a certificate in `language` is written from.

    In the app, Flask-Babel's under `force_locale(language)`, so that the app's
    BABEL_TRANSLATION_DIRECTORIES apply; without an app, caseflow/translations/.
    English is the msgids themselves (no catalogue: NullTranslations)."""
    if has_app_context():
        with force_locale(language):
            return get_translations()
    return _packaged(language)


class Wording(LazyString):
    """A fixed text of the certificates: an English msgid.

    `get(language)` says it in a certificate's language (the PDF); `str()` in the
    reader's interface language (the pages), like any lazy gettext string."""

    def __init__(self, msgid: str) -> None:
        super().__init__(gettext, msgid)
        self.msgid = msgid

    def get(self, language: str) -> str:
        return catalogue(language).gettext(self.msgid)


_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)


class Registration(enum.StrEnum):
    """Which professional register identifies the signer on this template."""

    RPPS = "rpps"  # doctors (and, since 2023, nurses and midwives)
    ADELI = "adeli"  # psychologists
    ANY = "any"  # RPPS or ADELI, whichever the clinician has


class FieldKind(enum.StrEnum):
    TEXT = "text"  # the clinician's own words: objective findings, care needs
    STATEMENT = "statement"  # the person's words: printed in quotation marks, never as fact
    LESIONS = "lesions"  # list of Lesion: location, size, aspect
    FINDINGS = "findings"  # list of Finding: description + Istanbul consistency level
    DAYS = "days"  # a whole number of days, printed in words and figures (ITT)
    DATES = "dates"  # list of datetime.date (follow-up visits)
    CONSENT = "consent"  # must be True: no examination for a report without consent


class Consistency(enum.StrEnum):
    """Istanbul Protocol grading of a finding against the allegation."""

    NOT_CONSISTENT = "not_consistent"
    CONSISTENT = "consistent"
    HIGHLY_CONSISTENT = "highly_consistent"
    TYPICAL = "typical"
    DIAGNOSTIC = "diagnostic"

    @property
    def label(self) -> Wording:
        return CONSISTENCY_LABELS[self]


# As printed in the findings table, under "Degree of consistency with the allegations".
CONSISTENCY_LABELS = {
    Consistency.NOT_CONSISTENT: _l("Not consistent"),
    Consistency.CONSISTENT: _l("Consistent"),
    Consistency.HIGHLY_CONSISTENT: _l("Highly consistent"),
    Consistency.TYPICAL: _l("Typical"),
    Consistency.DIAGNOSTIC: _l("Diagnostic"),
}


class HandoverMode(enum.StrEnum):
    IN_HAND = "in_hand"  # to the person, in person (the default)
    LAWYER = "lawyer"  # to a lawyer the person named, with their consent
    REQUISITION = "requisition"  # to the authority that issued a judicial requisition


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: FieldKind
    heading: Wording
    required: bool = True
    lead: Wording | None = None  # printed before the value ("The person states...:")


@dataclass(frozen=True)
class Noun:
    """What a document calls itself, and the sentences that name it.

    Whole sentences rather than a noun put into one: each language agrees them in
    its own way (French: "Certificat établi... remis", "Attestation établie...
    remise"), and a translator sees what the reader will. `to_lawyer` and
    `on_requisition` take %(recipient)s; `replaces`, %(serial)s and %(date)s."""

    in_hand: Wording
    to_lawyer: Wording
    on_requisition: Wording
    replaces: Wording


CERTIFICATE = Noun(
    _l("Certificate drawn up at the request of the person concerned, duly warned of the risks "
       "of its disclosure, and handed over to them in person."),
    _l("Certificate drawn up at the request of the person concerned, duly warned of the risks "
       "of its disclosure, and handed over, with their consent, to their lawyer, "
       "%(recipient)s."),
    _l("Certificate drawn up on the requisition of %(recipient)s and handed over to the "
       "requisitioning authority."),
    _l("This certificate cancels and replaces certificate no. %(serial)s issued on %(date)s."),
)
REPORT = Noun(
    _l("Report drawn up at the request of the person concerned, duly warned of the risks of "
       "its disclosure, and handed over to them in person."),
    _l("Report drawn up at the request of the person concerned, duly warned of the risks of "
       "its disclosure, and handed over, with their consent, to their lawyer, %(recipient)s."),
    _l("Report drawn up on the requisition of %(recipient)s and handed over to the "
       "requisitioning authority."),
    _l("This report cancels and replaces report no. %(serial)s issued on %(date)s."),
)
ATTESTATION = Noun(
    _l("Attestation drawn up at the request of the person concerned, duly warned of the risks "
       "of its disclosure, and handed over to them in person."),
    _l("Attestation drawn up at the request of the person concerned, duly warned of the risks "
       "of its disclosure, and handed over, with their consent, to their lawyer, "
       "%(recipient)s."),
    _l("Attestation drawn up on the requisition of %(recipient)s and handed over to the "
       "requisitioning authority."),
    _l("This attestation cancels and replaces attestation no. %(serial)s issued on %(date)s."),
)

# How the first of the two mandatory dates is labelled: an exam, or a consultation.
DATE_OF_EXAMINATION = _l("Date of examination")
LAST_CONSULTATION = _l("Date of the last consultation")


@dataclass(frozen=True)
class CertificateTemplate:
    key: str
    title: Wording
    signers: frozenset[str]  # caseflow.roles.Role values
    registration: Registration
    # The attestation sentence; placeholders: %(author)s, %(exam_date)s, %(identity)s.
    opening: Wording
    fields: tuple[FieldSpec, ...]
    # Fixed paragraphs printed after the fields, before the closing mention.
    fixed: tuple[Wording, ...] = ()
    # Groups of fields of which at least one must be filled (e.g. physical or psychological).
    one_of: tuple[tuple[str, ...], ...] = ()
    # What the document calls itself, with the sentences that name it.
    noun: Noun = field(default=CERTIFICATE)
    # How the first of the two mandatory dates is labelled (an exam, or a consultation).
    exam_label: Wording = field(default=DATE_OF_EXAMINATION)
    # Who reads the content in caseflow: the members of this discipline (a
    # caseflow.disciplines.Discipline value); None means the author's own discipline.
    discipline: str | None = None
    # True when the certificate holds no clinical detail (dates of follow-up only), so the
    # whole care team may read it, the legal worker preparing a hearing included.
    open_to_team: bool = False
    # When an interpreter helped, their name must be printed (violence, torture).
    interpreter_named: bool = False

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


DOCTORS = frozenset({"doctor"})
PSYCHOLOGISTS = frozenset({"psychologist"})
# Health professionals who see people in consultation. Social and legal workers
# belong to care teams in caseflow but cannot certify anything medical.
CLINICIANS = frozenset({"doctor", "nurse", "midwife", "psychologist"})

# The exam sentence shared by the three medical templates.
_EXAMINED = _l("I, the undersigned, %(author)s, certify that on %(exam_date)s I examined "
               "%(identity)s.")

MINORITY_RECOURSE = CertificateTemplate(
    key="minority_recourse",
    title=_l("Medical certificate"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=_EXAMINED,
    fields=(
        FieldSpec("health_state", FieldKind.TEXT, _l("State of health found")),
        FieldSpec("vulnerabilities", FieldKind.TEXT, _l("Vulnerabilities")),
        FieldSpec("care_and_follow_up", FieldKind.TEXT,
                  _l("Care and follow-up under way or needed")),
    ),
    fixed=(
        _l("This certificate contains no estimate of age: no medical method determines age "
           "reliably (French High Council for Public Health, 2014; article 388 of the Civil "
           "Code)."),
    ),
)

VIOLENCE_FINDINGS = CertificateTemplate(
    key="violence_findings",
    interpreter_named=True,
    title=_l("Medical certificate of findings after violence"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=_EXAMINED,
    fields=(
        FieldSpec("statements", FieldKind.STATEMENT,
                  _l("Statements of the person"),
                  lead=_l("The person states, in their own words:")),
        FieldSpec("complaints", FieldKind.STATEMENT,
                  _l("Symptoms reported"), required=False,
                  lead=_l("The person reports feeling:")),
        FieldSpec("examination", FieldKind.TEXT,
                  _l("Clinical examination: findings")),
        FieldSpec("lesions", FieldKind.LESIONS,
                  _l("Lesions found"), required=False),
        FieldSpec("psychological_state", FieldKind.TEXT,
                  _l("Psychological state observed")),
        FieldSpec("itt_days", FieldKind.DAYS,
                  _l("Total incapacity for work (ITT)")),
    ),
)

ISTANBUL_REPORT = CertificateTemplate(
    key="istanbul_report",
    interpreter_named=True,
    title=_l("Medico-legal report (Istanbul Protocol)"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=_EXAMINED,
    noun=REPORT,
    fields=(
        FieldSpec("case_information", FieldKind.TEXT,
                  _l("Case information")),
        FieldSpec("qualifications", FieldKind.TEXT,
                  _l("Clinician's qualifications")),
        FieldSpec("consent_recorded", FieldKind.CONSENT,
                  _l("Consent")),
        FieldSpec("allegations", FieldKind.STATEMENT,
                  _l("Allegations, including symptoms"),
                  lead=_l("The person alleges, in their own words:")),
        FieldSpec("physical_findings", FieldKind.FINDINGS,
                  _l("Physical findings"), required=False),
        FieldSpec("psychological_findings", FieldKind.FINDINGS,
                  _l("Psychological findings"),
                  required=False),
        FieldSpec("interpretation", FieldKind.TEXT,
                  _l("Overall interpretation")),
        FieldSpec("recommendations", FieldKind.TEXT,
                  _l("Recommendations (treatment, referral)")),
    ),
    one_of=(("physical_findings", "psychological_findings"),),
    fixed=(
        _l("Each finding is graded against the allegations on the Istanbul Protocol scale: "
           "not consistent with, consistent with, highly consistent with, typical of, "
           "diagnostic of."),
    ),
)

CONSENT_TEXT = _l(
    "The person's informed consent was obtained before the examination, after being told its "
    "purpose, how the report will be used and its possible consequences; the person was told "
    "they could refuse or stop the examination at any time.")

PSYCHOLOGICAL_ATTESTATION = CertificateTemplate(
    key="psychological_attestation",
    title=_l("Psychological attestation"),
    signers=PSYCHOLOGISTS,
    discipline="mental_health",
    registration=Registration.ADELI,
    opening=_l("I, the undersigned, %(author)s, attest that I have seen in consultation, most "
               "recently on %(exam_date)s, %(identity)s."),
    noun=ATTESTATION,
    exam_label=LAST_CONSULTATION,
    fields=(
        FieldSpec("consultations", FieldKind.TEXT,
                  _l("Setting and frequency of follow-up")),
        FieldSpec("observations", FieldKind.TEXT,
                  _l("Clinical observations")),
        FieldSpec("recommendations", FieldKind.TEXT,
                  _l("Recommendations"), required=False),
    ),
)

FOLLOW_UP_ATTESTATION = CertificateTemplate(
    key="follow_up_attestation",
    title=_l("Attestation of follow-up"),
    signers=CLINICIANS,
    open_to_team=True,
    registration=Registration.ANY,
    opening=_l("I, the undersigned, %(author)s, attest that %(identity)s, is followed by our "
               "team, most recently on %(exam_date)s."),
    noun=ATTESTATION,
    exam_label=LAST_CONSULTATION,
    fields=(
        FieldSpec("follow_up_dates", FieldKind.DATES,
                  _l("Dates of consultation")),
    ),
    fixed=(
        _l("This attestation deliberately contains no medical information."),
    ),
)

TEMPLATES: dict[str, CertificateTemplate] = {
    t.key: t
    for t in (MINORITY_RECOURSE, VIOLENCE_FINDINGS, ISTANBUL_REPORT, PSYCHOLOGICAL_ATTESTATION,
              FOLLOW_UP_ATTESTATION)
}


def closing_mention(template: CertificateTemplate, mode: HandoverMode, recipient: str,
                    language: str) -> str:
    """The handover sentence (docs/FIELD.md, Certificates), agreed with the template's noun.

    In hand: "Certificat établi à la demande de l'intéressé(e), dûment averti(e) des
    risques encourus par sa divulgation, et remis en main propre." On requisition the
    person did not ask for it, so the sentence says who did and "remis à l'autorité
    requérante".
    """
    noun = template.noun
    sentence = {HandoverMode.IN_HAND: noun.in_hand, HandoverMode.LAWYER: noun.to_lawyer,
                HandoverMode.REQUISITION: noun.on_requisition}[mode]
    return sentence.get(language) % {"recipient": recipient}
