"""Coded lists shared by intake, consent and follow-up (docs/FIELD.md, Useful codes).

Codes are stored; labels are translated when shown. Statistics count codes,
never free text.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Labelled(enum.StrEnum):
    """A StrEnum whose members have a translated label in LABELS."""

    @property
    def label(self):
        return LABELS[self]


class _Labels(dict):
    """Labels keyed by (list, code): two lists may share a code ("detention" is both a
    vulnerability and a legal procedure) and each keeps its own label. A StrEnum member
    hashes as its value, so a plain dict gave both the label written last."""

    @staticmethod
    def _key(member):
        return (type(member), str(member))

    def __setitem__(self, member, label):
        super().__setitem__(self._key(member), label)

    def __getitem__(self, member):
        try:
            return super().__getitem__(self._key(member))
        except KeyError:
            # Two members of one dict literal with the same code ("other") collapse into
            # its first key: they were written with the same label, which is found by code.
            for (_kind, code), label in self.items():
                if code == str(member):
                    return label
            raise

    def __contains__(self, member):
        return super().__contains__(self._key(member))

    def update(self, labels):
        for member, label in labels.items():
            self[member] = label


class InterpreterKind(Labelled):
    PROFESSIONAL_ON_SITE = "professional_on_site"
    PROFESSIONAL_PHONE = "professional_phone"
    PEER = "peer"
    NONE_NEEDED = "none_needed"
    NEEDED_UNAVAILABLE = "needed_unavailable"


class Vulnerability(Labelled):
    UNACCOMPANIED_MINOR = "unaccompanied_minor"
    MINORITY_RECOURSE = "minority_recourse"
    VIOLENCE = "violence"
    TORTURE = "torture"
    TRAFFICKING = "trafficking"
    DETENTION = "detention"
    PREGNANT = "pregnant"
    DISABILITY = "disability"
    CHRONIC_ILLNESS = "chronic_illness"


class ConsentPurpose(Labelled):
    CARE = "care"
    DATA_PROCESSING = "data_processing"
    TEAM_SHARING = "team_sharing"  # per discipline: scope holds the discipline
    PARTNER_SHARING = "partner_sharing"  # scope holds the partner (or a site) named
    CERTIFICATE = "certificate"
    PHOTOGRAPHS = "photographs"
    RESEARCH = "research"


class ConsentDecision(Labelled):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class DecidedBy(Labelled):
    PERSON = "person"
    LEGAL_REPRESENTATIVE = "legal_representative"
    MINOR_WITH_ADULT = "minor_with_adult"  # L1111-5: a minor alone, with an adult of their choice


class ConsentMethod(Labelled):
    ORAL = "oral"
    WRITTEN = "written"
    SIGNED = "signed"


class Sex(Labelled):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class BirthDatePrecision(Labelled):
    FULL = "full"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class BirthDateSource(Labelled):
    DECLARED = "declared"
    DOCUMENT = "document"
    JUDICIAL_DECISION = "judicial_decision"


LABELS = _Labels()
LABELS.update({
    InterpreterKind.PROFESSIONAL_ON_SITE: _l("Professional interpreter on site"),
    InterpreterKind.PROFESSIONAL_PHONE: _l("Professional interpreter by phone"),
    InterpreterKind.PEER: _l("Peer or community interpreter"),
    InterpreterKind.NONE_NEEDED: _l("No interpreter needed"),
    InterpreterKind.NEEDED_UNAVAILABLE: _l("Interpreter needed but unavailable"),
    Vulnerability.UNACCOMPANIED_MINOR: _l("Unaccompanied minor"),
    Vulnerability.MINORITY_RECOURSE: _l("In minority recourse"),
    Vulnerability.VIOLENCE: _l("Victim of violence"),
    Vulnerability.TORTURE: _l("Victim of torture"),
    Vulnerability.TRAFFICKING: _l("Victim of trafficking"),
    Vulnerability.DETENTION: _l("Detention history"),
    Vulnerability.PREGNANT: _l("Pregnant"),
    Vulnerability.DISABILITY: _l("Disability"),
    Vulnerability.CHRONIC_ILLNESS: _l("Chronic illness"),
    ConsentPurpose.CARE: _l("Care"),
    ConsentPurpose.DATA_PROCESSING: _l("Data processing"),
    ConsentPurpose.TEAM_SHARING: _l("Sharing inside the care team"),
    ConsentPurpose.PARTNER_SHARING: _l("Sharing with an outside partner"),
    ConsentPurpose.CERTIFICATE: _l("Issuing a certificate"),
    ConsentPurpose.PHOTOGRAPHS: _l("Photographs of injuries"),
    ConsentPurpose.RESEARCH: _l("Research use of de-identified data"),
    ConsentDecision.GIVEN: _l("Given"),
    ConsentDecision.REFUSED: _l("Refused"),
    ConsentDecision.WITHDRAWN: _l("Withdrawn"),
    DecidedBy.PERSON: _l("The person"),
    DecidedBy.LEGAL_REPRESENTATIVE: _l("A legal representative"),
    DecidedBy.MINOR_WITH_ADULT: _l("A minor alone, with an adult of their choice (art. L1111-5)"),
    ConsentMethod.ORAL: _l("Oral"),
    ConsentMethod.WRITTEN: _l("Written"),
    ConsentMethod.SIGNED: _l("Signed"),
    Sex.FEMALE: _l("Female"),
    Sex.MALE: _l("Male"),
    Sex.OTHER: _l("Other"),
    Sex.UNKNOWN: _l("Not stated"),
    BirthDatePrecision.FULL: _l("Full date"),
    BirthDatePrecision.MONTH: _l("Month and year"),
    BirthDatePrecision.YEAR: _l("Year only"),
    BirthDatePrecision.UNKNOWN: _l("Unknown"),
    BirthDateSource.DECLARED: _l("Declared"),
    BirthDateSource.DOCUMENT: _l("Identity document"),
    BirthDateSource.JUDICIAL_DECISION: _l("Judicial decision"),
})


class Confidentiality(Labelled):
    TEAM = "team"  # the care team, while the person agrees to sharing (secret partagé)
    DISCIPLINE = "discipline"  # the same discipline only
    PRIVATE = "private"  # the author only: working notes


class NoteKind(Labelled):
    MEDICAL_CONSULTATION = "medical_consultation"
    NURSING_CARE = "nursing_care"
    MENTAL_HEALTH_SESSION = "mental_health_session"
    SOCIAL_INTERVIEW = "social_interview"
    LEGAL_APPOINTMENT = "legal_appointment"
    PROTECTION_INTERVIEW = "protection_interview"
    ACCOMPANIMENT = "accompaniment"
    PHONE_CALL = "phone_call"


LABELS.update({
    Confidentiality.TEAM: _l("Care team (with the person's consent)"),
    Confidentiality.DISCIPLINE: _l("My discipline only"),
    Confidentiality.PRIVATE: _l("Private working note (me only)"),
    NoteKind.MEDICAL_CONSULTATION: _l("Medical consultation"),
    NoteKind.NURSING_CARE: _l("Nursing care"),
    NoteKind.MENTAL_HEALTH_SESSION: _l("Mental-health session"),
    NoteKind.SOCIAL_INTERVIEW: _l("Social interview"),
    NoteKind.LEGAL_APPOINTMENT: _l("Legal appointment"),
    NoteKind.PROTECTION_INTERVIEW: _l("Protection interview"),
    NoteKind.ACCOMPANIMENT: _l("Accompaniment"),
    NoteKind.PHONE_CALL: _l("Phone call"),
})


class SessionKind(Labelled):
    INDIVIDUAL = "individual"
    GROUP = "group"
    FAMILY = "family"


class MentalHealthCategory(Labelled):
    """The presenting category of a mental-health session, mapped to ICD-10 below
    (MENTAL_HEALTH_ICD10) so that a record can be exchanged; sources in
    docs/CLINICAL_VOCABULARIES.md."""

    PRECARITY_REACTION = "precarity_reaction"
    PSYCHOTRAUMA = "psychotrauma"
    DEPRESSION = "depression"
    ANXIETY = "anxiety"
    PSYCHOSIS = "psychosis"
    ACUTE_STRESS = "acute_stress"
    GRIEF = "grief"
    PSYCHOSOMATIC = "psychosomatic"
    OTHER = "other"


# ICD-10 (WHO 2019) codes of each category: a category is a clinical grouping, so several
# codes may fit (the first is the usual one). A reaction to precarious living is an
# adjustment disorder when it is a disorder, otherwise a social circumstance (Z59, Z60);
# grief is a normal reaction (Z63.4), a disorder only when prolonged (F43.2, adjustment).
MENTAL_HEALTH_ICD10: dict[str, tuple[str, ...]] = {
    "precarity_reaction": ("F43.2", "Z59", "Z60"),
    "psychotrauma": ("F43.1",),
    "depression": ("F32", "F33"),
    "anxiety": ("F41",),
    "psychosis": ("F20", "F23", "F29"),
    "acute_stress": ("F43.0",),
    "grief": ("Z63.4", "F43.2"),
    "psychosomatic": ("F45",),
    "other": (),
}


class Housing(Labelled):
    STREET = "street"
    SQUAT = "squat"
    EMERGENCY_SHELTER = "emergency_shelter"
    PROGRAMME_SHELTER = "programme_shelter"
    CHILD_WELFARE = "child_welfare"
    OTHER = "other"


class SocialAction(Labelled):
    HEALTH_COVERAGE = "health_coverage"
    DOMICILIATION = "domiciliation"
    SCHOOLING = "schooling"
    FOOD = "food"
    CLOTHES = "clothes"
    PHONE = "phone"
    TRANSPORT = "transport"


class LegalProcedure(Labelled):
    MINORITY_RECOURSE = "minority_recourse"
    ASYLUM = "asylum"
    DUBLIN = "dublin"
    DETENTION = "detention"
    FAMILY_REUNIFICATION = "family_reunification"
    EVACUATION = "evacuation"


class LegalDecision(Labelled):
    PENDING = "pending"
    RECOGNISED_MINOR = "recognised_minor"
    NOT_RECOGNISED = "not_recognised"
    GRANTED = "granted"
    REJECTED = "rejected"


LABELS.update({
    SessionKind.INDIVIDUAL: _l("Individual"),
    SessionKind.GROUP: _l("Group"),
    SessionKind.FAMILY: _l("Family"),
    MentalHealthCategory.PRECARITY_REACTION: _l("Reaction to precarious living"),
    MentalHealthCategory.PSYCHOTRAUMA: _l("Psychotrauma / PTSD"),
    MentalHealthCategory.DEPRESSION: _l("Depression"),
    MentalHealthCategory.ANXIETY: _l("Anxiety"),
    MentalHealthCategory.PSYCHOSIS: _l("Psychosis"),
    MentalHealthCategory.ACUTE_STRESS: _l("Acute stress reaction"),
    MentalHealthCategory.GRIEF: _l("Grief, bereavement"),
    MentalHealthCategory.PSYCHOSOMATIC: _l("Psychosomatic complaints"),
    MentalHealthCategory.OTHER: _l("Other"),
    Housing.STREET: _l("Street"),
    Housing.SQUAT: _l("Squat"),
    Housing.EMERGENCY_SHELTER: _l("Emergency shelter"),
    Housing.PROGRAMME_SHELTER: _l("Programme shelter"),
    Housing.CHILD_WELFARE: _l("Child welfare placement"),
    Housing.OTHER: _l("Other"),
    SocialAction.HEALTH_COVERAGE: _l("Health coverage application"),
    SocialAction.DOMICILIATION: _l("Domiciliation"),
    SocialAction.SCHOOLING: _l("Schooling"),
    SocialAction.FOOD: _l("Food"),
    SocialAction.CLOTHES: _l("Clothes"),
    SocialAction.PHONE: _l("Phone"),
    SocialAction.TRANSPORT: _l("Transport"),
    LegalProcedure.MINORITY_RECOURSE: _l("Minority recourse"),
    LegalProcedure.ASYLUM: _l("Asylum"),
    LegalProcedure.DUBLIN: _l("Dublin procedure"),
    LegalProcedure.DETENTION: _l("Detention"),
    LegalProcedure.FAMILY_REUNIFICATION: _l("Family reunification"),
    LegalProcedure.EVACUATION: _l("Evacuation"),
    LegalDecision.PENDING: _l("Pending"),
    LegalDecision.RECOGNISED_MINOR: _l("Recognised minor"),
    LegalDecision.NOT_RECOGNISED: _l("Not recognised"),
    LegalDecision.GRANTED: _l("Granted"),
    LegalDecision.REJECTED: _l("Rejected"),
})
