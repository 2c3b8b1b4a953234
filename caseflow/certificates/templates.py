"""The certificate templates, as data: titles, fixed texts, fields and who may sign.

A certificate's fixed wording is a legal text that a doctor, a lawyer and the
medical council read word for word. Its English msgids are kept together here
(and the layout's few words in render.py), marked `_l`, so that they are
reviewed together; every language's wording, French first, is in the gettext
catalogues (caseflow/translations/<code>/), like the rest of caseflow. A
certificate is written in its own language, whatever the reader's interface
language: `Wording.get(language)`, read under `force_locale(language)`; the
sentences that agree with the person or the signer, and the Istanbul Protocol's scale,
are in sentences.py. Each template has two names: its printed `title`, what the law
expects on paper (« Certificat médical »), and its `screen_title`, what it is for
(« Certificat médical — recours en minorité »), on every page that lists or opens one. The
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

from caseflow.certificates.scales import (
    PHYSICAL,
    PSYCHOLOGICAL,
    Scale,
)
from caseflow.certificates.sentences import (
    ALLEGES,
    ATTESTATION,
    CERTIFICATE,
    CONSULTATIONS_INTERPRETED,
    EXAMINATION_INTERPRETED,
    EXAMINED,
    FACTS_HEADING,
    FOLLOWED,
    INTERVIEWS_INTERPRETED,
    REPORT,
    REPORTS,
    REPORTS_FEELING,
    SEEN_IN_CONSULTATION,
    STATEMENTS,
    STATES,
    TRUTHFULNESS,
    WHAT_REPORTS,
    Noun,
)
from caseflow.certificates.wording import Gender, Wording

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)


class Registration(enum.StrEnum):
    """Which professional register identifies the signer on this template."""

    RPPS = "rpps"  # doctors (and, since 2023, nurses and midwives)
    ADELI = "adeli"  # ADELI only (no template asks for it alone since psychologists migrate)
    # RPPS or ADELI, whichever the clinician has: psychologists are moving from ADELI to
    # RPPS, so either identifies one while the registers migrate.
    ANY = "any"


class FieldKind(enum.StrEnum):
    TEXT = "text"  # the clinician's own words: objective findings, care needs
    STATEMENT = "statement"  # the person's words: printed in quotation marks, never as fact
    LESIONS = "lesions"  # list of Lesion: location, size, aspect
    FINDINGS = "findings"  # list of Finding: description + Istanbul consistency level
    DAYS = "days"  # a whole number of days, printed in words and figures (ITT)
    DATES = "dates"  # list of datetime.date (follow-up visits)
    CONSENT = "consent"  # must be True: no examination for a report without consent
    FACTS = "facts"  # data.Facts: the date or period and the place of the alleged facts
    LEVEL = "level"  # a Consistency: the overall evaluation, printed as a sentence (scales.py)
    # The number of photographs annexed: only with the person's consent to photographs in
    # force (checked by the workflow), printed as an annex.
    PHOTOS = "photos"


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
    # FINDINGS: the scale they are graded on (physical lesions, or psychological evidence).
    scale: Scale = PHYSICAL
    # Refuse a causal link written as a fact (« en lien avec ») without « selon ses dires »
    # (causal.py): a psychologist attests what they observed, not what caused it. On the
    # observations only: elsewhere « en lien avec le médecin traitant » is coordination.
    causal_guard: bool = False

    @property
    def placed_on_body(self) -> bool:
        """Lesions and physical findings are numbered and may be marked on the body diagram."""
        return self.kind is FieldKind.LESIONS or (self.kind is FieldKind.FINDINGS
                                                  and self.scale.key == "physical")


# How the first of the two mandatory dates is labelled: an exam, or a consultation.
DATE_OF_EXAMINATION = _l("Date of examination")
LAST_CONSULTATION = _l("Date of the last consultation")


# Where a template applies. The Istanbul Protocol is international; the attestations print
# no law; the minority-recourse certificate and the ITT are French law; the medical report
# is the Libya projects' document (in France a referral letter or a certificate says it).
FRANCE = frozenset({"FR"})
LIBYA = frozenset({"LY"})
EVERYWHERE = frozenset({"FR", "LY"})


@dataclass(frozen=True)
class CertificateTemplate:
    key: str
    # The printed title, what the law and the reader of the paper expect ("Certificat médical").
    title: Wording
    # Its name on screen, by purpose ("Certificat médical — recours en minorité"): the pages
    # that list, open or start a certificate, where five kinds sit side by side.
    screen_title: Wording
    signers: frozenset[str]  # caseflow.roles.Role values
    registration: Registration
    # The attestation sentence, agreed with the signer; placeholders: %(author)s,
    # %(exam_date)s, %(identity)s.
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
    # A DATES field whose last date is the one printed as the last consultation (under
    # `exam_label` and in the opening), so that the dates printed agree with the list.
    last_date_field: str | None = None
    # The sentence naming the interpreter: an examination, interviews, consultations.
    interpreter_sentence: Wording = field(default=EXAMINATION_INTERPRETED)
    # Who reads the content in caseflow: the members of this discipline (a
    # caseflow.disciplines.Discipline value); None means the author's own discipline.
    discipline: str | None = None
    # True when the certificate holds no clinical detail (dates of follow-up only), so the
    # whole care team may read it, the legal worker preparing a hearing included.
    open_to_team: bool = False
    # When an interpreter helped, their name must be printed (violence, torture).
    interpreter_named: bool = False
    # The countries (ISO 3166 alpha-2) whose sites may issue it: a template that cites
    # French law (the juge des enfants, the ITT of the code pénal) is offered in France only.
    countries: frozenset[str] = FRANCE
    # Violence found on a declared minor: before issuing, the author is reminded of the duty
    # to inform the prosecutor or the child-protection unit, and records what they decided.
    minor_duty: bool = False
    # The languages it is written in (the form offers these only); None: every interface
    # language. The Libya medical report is read by hospitals, the Libyan authorities and
    # partner agencies: Arabic and English.
    languages: tuple[str, ...] | None = None

    def applies_in(self, country: str) -> bool:
        return country in self.countries

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


# Photographs of the lesions, annexed on paper: only with the person's consent in force.
PHOTOGRAPHS = _l("Photographs")

DOCTORS = frozenset({"doctor"})
PSYCHOLOGISTS = frozenset({"psychologist"})
# Health professionals who see people in consultation. Social and legal workers
# belong to care teams in caseflow but cannot certify anything medical.
CLINICIANS = frozenset({"doctor", "nurse", "midwife", "psychologist"})

MINORITY_RECOURSE = CertificateTemplate(
    key="minority_recourse",
    title=_l("Medical certificate"),
    screen_title=_l("Medical certificate — minority recourse"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=EXAMINED,
    fields=(
        # What the person says (« Vit à la rue… »), reported as theirs, apart from and
        # before what the doctor found: hearsay never sits under the doctor's headings.
        FieldSpec("statements", FieldKind.STATEMENT, STATEMENTS, required=False,
                  lead=STATES),
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
    screen_title=_l("Certificate of findings — violence"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=EXAMINED,
    minor_duty=True,
    fields=(
        FieldSpec("facts", FieldKind.FACTS, FACTS_HEADING),
        FieldSpec("statements", FieldKind.STATEMENT, STATEMENTS, lead=STATES),
        FieldSpec("complaints", FieldKind.STATEMENT,
                  _l("Symptoms reported"), required=False, lead=REPORTS_FEELING),
        FieldSpec("examination", FieldKind.TEXT,
                  _l("Clinical examination: findings")),
        FieldSpec("lesions", FieldKind.LESIONS,
                  _l("Lesions found"), required=False),
        FieldSpec("photographs", FieldKind.PHOTOS, PHOTOGRAPHS, required=False),
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
    screen_title=_l("Medico-legal report — Istanbul Protocol"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    countries=EVERYWHERE,
    minor_duty=True,
    opening=EXAMINED,
    noun=REPORT,
    fields=(
        FieldSpec("case_information", FieldKind.TEXT,
                  _l("Case information")),
        FieldSpec("qualifications", FieldKind.TEXT,
                  _l("Clinician's qualifications")),
        FieldSpec("consent_recorded", FieldKind.CONSENT,
                  _l("Consent")),
        FieldSpec("persons_present", FieldKind.TEXT,
                  _l("Persons present during the examination")),
        FieldSpec("facts", FieldKind.FACTS, _l("Alleged events: date and place, as declared")),
        FieldSpec("allegations", FieldKind.STATEMENT,
                  _l("Allegations, including symptoms"), lead=ALLEGES),
        # Each scale, its degrees defined, prints under the findings it grades (render.py).
        FieldSpec("physical_findings", FieldKind.FINDINGS,
                  _l("Physical findings"), required=False),
        FieldSpec("photographs", FieldKind.PHOTOS, PHOTOGRAPHS, required=False),
        FieldSpec("psychological_findings", FieldKind.FINDINGS,
                  _l("Psychological findings"), required=False, scale=PSYCHOLOGICAL),
        FieldSpec("conclusion", FieldKind.LEVEL, _l("Overall evaluation")),
        FieldSpec("interpretation", FieldKind.TEXT,
                  _l("Interpretation")),
        FieldSpec("limits", FieldKind.TEXT, _l("Limits of the evaluation")),
        FieldSpec("recommendations", FieldKind.TEXT,
                  _l("Recommendations (treatment, referral)")),
    ),
    fixed=(TRUTHFULNESS,),
    one_of=(("physical_findings", "psychological_findings"),),
)

PSYCHOLOGICAL_ATTESTATION = CertificateTemplate(
    key="psychological_attestation",
    title=_l("Psychological attestation"),
    screen_title=_l("Psychological attestation — mental-health follow-up"),
    signers=PSYCHOLOGISTS,
    discipline="mental_health",
    registration=Registration.ANY,  # ADELI or RPPS: the registers are migrating
    countries=EVERYWHERE,
    opening=SEEN_IN_CONSULTATION,
    noun=ATTESTATION,
    exam_label=LAST_CONSULTATION,
    interpreter_sentence=INTERVIEWS_INTERPRETED,
    fields=(
        FieldSpec("consultations", FieldKind.TEXT,
                  _l("Setting and frequency of follow-up")),
        # What the person says apart from what the psychologist observed: the attestation
        # reports the first and attests only the second.
        FieldSpec("reported", FieldKind.STATEMENT, WHAT_REPORTS,
                  required=False, lead=REPORTS),
        FieldSpec("observations", FieldKind.TEXT,
                  _l("Clinical observations (what I observed)"), causal_guard=True),
        FieldSpec("recommendations", FieldKind.TEXT,
                  _l("Recommendations"), required=False),
    ),
)

FOLLOW_UP_ATTESTATION = CertificateTemplate(
    key="follow_up_attestation",
    title=_l("Attestation of follow-up"),
    screen_title=_l("Attestation of follow-up — dates only, no medical information"),
    signers=CLINICIANS,
    open_to_team=True,
    registration=Registration.ANY,
    countries=EVERYWHERE,
    opening=FOLLOWED,
    noun=ATTESTATION,
    exam_label=LAST_CONSULTATION,
    last_date_field="follow_up_dates",
    interpreter_sentence=CONSULTATIONS_INTERPRETED,
    fields=(
        FieldSpec("follow_up_dates", FieldKind.DATES,
                  _l("Dates of consultation")),
    ),
    fixed=(
        _l("This attestation deliberately contains no medical information."),
    ),
)

# The Libya projects' medical report (تقرير طبي): for a hospital the patient is sent to, a
# partner agency (UNHCR, IOM) or an evacuation file. A doctor's findings, diagnoses,
# treatment and recommendations, with the history as the person gives it kept apart; the
# addressee is printed so that the report is not reused for another purpose. Signed and
# sealed like the certificates, verified by the same page; no French law in it.
MEDICAL_REPORT = CertificateTemplate(
    key="medical_report",
    title=_l("Medical report"),
    screen_title=_l("Medical report — hospital, partner agency or evacuation file"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.ANY,
    countries=LIBYA,
    languages=("ar", "en"),
    opening=EXAMINED,
    noun=REPORT,
    fields=(
        FieldSpec("addressed_to", FieldKind.TEXT,
                  _l("Addressed to (hospital, partner agency or evacuation file)")),
        FieldSpec("history", FieldKind.STATEMENT, _l("History, as reported"), required=False,
                  lead=STATES),
        FieldSpec("findings", FieldKind.TEXT, _l("Clinical findings")),
        FieldSpec("diagnoses", FieldKind.TEXT, _l("Diagnoses")),
        FieldSpec("treatment", FieldKind.TEXT, _l("Treatment given and current treatment")),
        FieldSpec("recommendations", FieldKind.TEXT,
                  _l("Recommendations (care, follow-up, referral, travel)")),
    ),
)

TEMPLATES: dict[str, CertificateTemplate] = {
    t.key: t
    for t in (MINORITY_RECOURSE, VIOLENCE_FINDINGS, ISTANBUL_REPORT, PSYCHOLOGICAL_ATTESTATION,
              FOLLOW_UP_ATTESTATION, MEDICAL_REPORT)
}


def closing_mention(template: CertificateTemplate, mode: HandoverMode, recipient: str,
                    language: str, gender: Gender = Gender.INCLUSIVE, *, reference: str = "",
                    requested_on: str = "") -> str:
    """The handover sentence (docs/FIELD.md, Certificates), agreed with the template's noun.

    In hand: "Certificat établi à la demande de l'intéressé(e), dûment averti(e) des
    risques encourus par sa divulgation, et remis en main propre." On requisition the
    person did not ask for it, so the sentence says who did, the requisition's reference
    and date (`requested_on`, already written out), and "remis à l'autorité requérante".
    The sentences that name the person agree with `gender` (« l'intéressée, dûment avertie »).
    """
    noun = template.noun
    sentence = {HandoverMode.IN_HAND: noun.in_hand, HandoverMode.LAWYER: noun.to_lawyer,
                HandoverMode.REQUISITION: noun.on_requisition}[mode]
    return sentence.agree(language, gender) % {"recipient": recipient, "reference": reference,
                                                "date": requested_on}
