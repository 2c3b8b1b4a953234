"""The five certificate templates, as data: titles, fixed texts, fields and who may sign.

Why data and not gettext: a certificate's fixed wording is a legal text that a
doctor, a lawyer and the medical council read word for word; both languages
are kept side by side here, reviewed together, and never drift with the UI
catalogue. The renderer (render.py) lays out whatever is declared here, so a
new template or a corrected sentence is a change to this file only.

What is deliberately absent: any field for an age estimate (DOMAIN.md, Age).
Certificates for the juge des enfants describe health, vulnerability and care
needs; `render.validate` refuses any field a template does not declare, so an
age estimate cannot be slipped in either.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bilingual:
    """One text in French (the language of the certificate in France) and English."""

    fr: str
    en: str

    def get(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


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
    def label(self) -> Bilingual:
        return CONSISTENCY_LABELS[self]


# As printed in the findings table, under "Degree of consistency with the allegations".
CONSISTENCY_LABELS = {
    Consistency.NOT_CONSISTENT: Bilingual("Non compatible", "Not consistent"),
    Consistency.CONSISTENT: Bilingual("Compatible", "Consistent"),
    Consistency.HIGHLY_CONSISTENT: Bilingual("Très compatible", "Highly consistent"),
    Consistency.TYPICAL: Bilingual("Typique", "Typical"),
    Consistency.DIAGNOSTIC: Bilingual("Caractéristique (diagnostique)", "Diagnostic"),
}


class HandoverMode(enum.StrEnum):
    IN_HAND = "in_hand"  # to the person, in person (the default)
    LAWYER = "lawyer"  # to a lawyer the person named, with their consent
    REQUISITION = "requisition"  # to the authority that issued a judicial requisition


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: FieldKind
    heading: Bilingual
    required: bool = True
    lead: Bilingual | None = None  # printed before the value ("L'intéressé(e) déclare :")


@dataclass(frozen=True)
class CertificateTemplate:
    key: str
    title: Bilingual
    signers: frozenset[str]  # caseflow.roles.Role values
    registration: Registration
    # The attestation sentence; placeholders: {author}, {exam_date}, {identity}.
    opening: Bilingual
    fields: tuple[FieldSpec, ...]
    # Fixed paragraphs printed after the fields, before the closing mention.
    fixed: tuple[Bilingual, ...] = ()
    # Groups of fields of which at least one must be filled (e.g. physical or psychological).
    one_of: tuple[tuple[str, ...], ...] = ()
    # Grammatical gender of the French noun in the closing mention ("établi" / "établie").
    feminine: bool = False
    noun: Bilingual = field(default=Bilingual("Certificat", "Certificate"))
    # How the first of the two mandatory dates is labelled (an exam, or a consultation).
    exam_label: Bilingual = field(default=Bilingual("Date de l'examen", "Date of examination"))
    # Who reads the content in caseflow: the members of this discipline (a
    # caseflow.roles.Discipline value); None means the author's own discipline.
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
_EXAMINED = Bilingual(
    "Je soussigné(e), {author}, certifie avoir examiné le {exam_date} {identity}.",
    "I, the undersigned, {author}, certify that on {exam_date} I examined {identity}.",
)

MINORITY_RECOURSE = CertificateTemplate(
    key="minority_recourse",
    title=Bilingual("Certificat médical", "Medical certificate"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=_EXAMINED,
    fields=(
        FieldSpec("health_state", FieldKind.TEXT,
                  Bilingual("État de santé constaté", "State of health found")),
        FieldSpec("vulnerabilities", FieldKind.TEXT,
                  Bilingual("Vulnérabilités", "Vulnerabilities")),
        FieldSpec("care_and_follow_up", FieldKind.TEXT,
                  Bilingual("Soins et suivi en cours ou nécessaires",
                            "Care and follow-up under way or needed")),
    ),
    fixed=(
        Bilingual(
            "Le présent certificat ne comporte aucune estimation de l'âge : aucune méthode "
            "médicale ne permet de le déterminer de façon fiable (Haut Conseil de la santé "
            "publique, 2014 ; article 388 du code civil).",
            "This certificate contains no estimate of age: no medical method determines age "
            "reliably (French High Council for Public Health, 2014; article 388 of the Civil "
            "Code).",
        ),
    ),
)

VIOLENCE_FINDINGS = CertificateTemplate(
    key="violence_findings",
    interpreter_named=True,
    title=Bilingual("Certificat médical de constatation de violences",
                    "Medical certificate of findings after violence"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=_EXAMINED,
    fields=(
        FieldSpec("statements", FieldKind.STATEMENT,
                  Bilingual("Déclarations de l'intéressé(e)", "Statements of the person"),
                  lead=Bilingual("L'intéressé(e) déclare, selon ses propres termes :",
                                 "The person states, in their own words:")),
        FieldSpec("complaints", FieldKind.STATEMENT,
                  Bilingual("Doléances", "Symptoms reported"), required=False,
                  lead=Bilingual("L'intéressé(e) dit ressentir :",
                                 "The person reports feeling:")),
        FieldSpec("examination", FieldKind.TEXT,
                  Bilingual("Examen clinique : constatations", "Clinical examination: findings")),
        FieldSpec("lesions", FieldKind.LESIONS,
                  Bilingual("Lésions constatées", "Lesions found"), required=False),
        FieldSpec("psychological_state", FieldKind.TEXT,
                  Bilingual("Retentissement psychologique constaté",
                            "Psychological state observed")),
        FieldSpec("itt_days", FieldKind.DAYS,
                  Bilingual("Incapacité totale de travail", "Total incapacity for work (ITT)")),
    ),
)

ISTANBUL_REPORT = CertificateTemplate(
    key="istanbul_report",
    interpreter_named=True,
    title=Bilingual("Rapport médico-légal (Protocole d'Istanbul)",
                    "Medico-legal report (Istanbul Protocol)"),
    signers=DOCTORS,
    discipline="medical",
    registration=Registration.RPPS,
    opening=_EXAMINED,
    noun=Bilingual("Rapport", "Report"),
    fields=(
        FieldSpec("case_information", FieldKind.TEXT,
                  Bilingual("Informations sur le cas", "Case information")),
        FieldSpec("qualifications", FieldKind.TEXT,
                  Bilingual("Qualifications de l'examinateur", "Clinician's qualifications")),
        FieldSpec("consent_recorded", FieldKind.CONSENT,
                  Bilingual("Consentement", "Consent")),
        FieldSpec("allegations", FieldKind.STATEMENT,
                  Bilingual("Allégations, y compris les symptômes",
                            "Allegations, including symptoms"),
                  lead=Bilingual("L'intéressé(e) rapporte, selon ses propres termes :",
                                 "The person alleges, in their own words:")),
        FieldSpec("physical_findings", FieldKind.FINDINGS,
                  Bilingual("Constatations physiques", "Physical findings"), required=False),
        FieldSpec("psychological_findings", FieldKind.FINDINGS,
                  Bilingual("Constatations psychologiques", "Psychological findings"),
                  required=False),
        FieldSpec("interpretation", FieldKind.TEXT,
                  Bilingual("Interprétation d'ensemble", "Overall interpretation")),
        FieldSpec("recommendations", FieldKind.TEXT,
                  Bilingual("Recommandations (traitement, orientation)",
                            "Recommendations (treatment, referral)")),
    ),
    one_of=(("physical_findings", "psychological_findings"),),
    fixed=(
        Bilingual(
            "Chaque constatation est qualifiée au regard des allégations selon l'échelle du "
            "Protocole d'Istanbul : non compatible avec, compatible avec, très compatible avec, "
            "typique de, caractéristique de.",
            "Each finding is graded against the allegations on the Istanbul Protocol scale: "
            "not consistent with, consistent with, highly consistent with, typical of, "
            "diagnostic of.",
        ),
    ),
)

CONSENT_TEXT = Bilingual(
    "Le consentement éclairé de l'intéressé(e) a été recueilli avant l'examen, après "
    "information sur l'objet de l'examen, l'usage qui sera fait du rapport et ses conséquences "
    "possibles ; l'intéressé(e) a été informé(e) qu'il ou elle pouvait refuser ou interrompre "
    "l'examen à tout moment.",
    "The person's informed consent was obtained before the examination, after being told its "
    "purpose, how the report will be used and its possible consequences; the person was told "
    "they could refuse or stop the examination at any time.",
)

LAST_CONSULTATION = Bilingual("Date de la dernière consultation", "Date of the last consultation")

PSYCHOLOGICAL_ATTESTATION = CertificateTemplate(
    key="psychological_attestation",
    title=Bilingual("Attestation psychologique", "Psychological attestation"),
    signers=PSYCHOLOGISTS,
    discipline="mental_health",
    registration=Registration.ADELI,
    opening=Bilingual(
        "Je soussigné(e), {author}, atteste avoir reçu en consultation, la dernière fois le "
        "{exam_date}, {identity}.",
        "I, the undersigned, {author}, attest that I have seen in consultation, most recently on "
        "{exam_date}, {identity}.",
    ),
    feminine=True,
    noun=Bilingual("Attestation", "Attestation"),
    exam_label=LAST_CONSULTATION,
    fields=(
        FieldSpec("consultations", FieldKind.TEXT,
                  Bilingual("Cadre et fréquence du suivi", "Setting and frequency of follow-up")),
        FieldSpec("observations", FieldKind.TEXT,
                  Bilingual("Observations cliniques", "Clinical observations")),
        FieldSpec("recommendations", FieldKind.TEXT,
                  Bilingual("Recommandations", "Recommendations"), required=False),
    ),
)

FOLLOW_UP_ATTESTATION = CertificateTemplate(
    key="follow_up_attestation",
    title=Bilingual("Attestation de suivi", "Attestation of follow-up"),
    signers=CLINICIANS,
    open_to_team=True,
    registration=Registration.ANY,
    opening=Bilingual(
        "Je soussigné(e), {author}, atteste qu'{identity}, est suivie par notre équipe, "
        "la dernière fois le {exam_date}.",
        "I, the undersigned, {author}, attest that {identity}, is followed by our team, most "
        "recently on {exam_date}.",
    ),
    feminine=True,
    noun=Bilingual("Attestation", "Attestation"),
    exam_label=LAST_CONSULTATION,
    fields=(
        FieldSpec("follow_up_dates", FieldKind.DATES,
                  Bilingual("Dates de consultation", "Dates of consultation")),
    ),
    fixed=(
        Bilingual("La présente attestation ne contient, à dessein, aucune information médicale.",
                  "This attestation deliberately contains no medical information."),
    ),
)

TEMPLATES: dict[str, CertificateTemplate] = {
    t.key: t
    for t in (MINORITY_RECOURSE, VIOLENCE_FINDINGS, ISTANBUL_REPORT, PSYCHOLOGICAL_ATTESTATION,
              FOLLOW_UP_ATTESTATION)
}


def closing_mention(template: CertificateTemplate, mode: HandoverMode, recipient: str,
                    language: str) -> str:
    """The handover sentence of DOMAIN.md, agreed with the template's noun.

    In hand: "Certificat établi à la demande de l'intéressé(e), dûment averti(e) des
    risques encourus par sa divulgation, et remis en main propre." On requisition the
    person did not ask for it, so the sentence says who did and "remis à l'autorité
    requérante".
    """
    e = "e" if template.feminine else ""
    noun = template.noun.get(language)
    if language == "fr":
        if mode is HandoverMode.REQUISITION:
            return (f"{noun} établi{e} sur réquisition de {recipient} et remis{e} à l'autorité "
                    "requérante.")
        asked = (f"{noun} établi{e} à la demande de l'intéressé(e), dûment averti(e) des risques "
                 f"encourus par sa divulgation, et remis{e}")
        if mode is HandoverMode.LAWYER:
            return f"{asked}, avec son accord, à son conseil, {recipient}."
        return f"{asked} en main propre."
    if mode is HandoverMode.REQUISITION:
        return (f"{noun} drawn up on the requisition of {recipient} and handed over to the "
                "requisitioning authority.")
    asked = (f"{noun} drawn up at the request of the person concerned, duly warned of the risks "
             "of its disclosure, and handed over")
    if mode is HandoverMode.LAWYER:
        return f"{asked}, with their consent, to their lawyer, {recipient}."
    return f"{asked} to them in person."


ITT_TEXT = Bilingual(
    "L'incapacité totale de travail (ITT) au sens pénal est fixée à {words} ({n}) {unit}, "
    "sous réserve de complications.",
    "The total incapacity for work (ITT, as defined by French criminal law) is set at {words} "
    "({n}) {unit}, subject to complications (« sous réserve de complications »).",
)
