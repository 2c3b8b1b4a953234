"""Protection: the protection officer's notes — risks identified, child protection, restoring
family links, referrals to protection actors and best-interest procedures.

Protection information (trafficking indicators, a tracing request naming relatives)
can put a person or their family at risk if it circulates: a protection note is
by default read by the protection discipline only (the author may open it to the
care team, which the person's team-sharing consent then governs). The names of
relatives sought are a detail, encrypted with the note; only the codes below are
counted, never who is sought.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.disciplines.spec import CodeIndicator, DisciplineSpec, Field, FieldKind
from caseflow.roles import Role
from caseflow.vocabulary import LABELS, Confidentiality, Labelled, NoteKind


class ProtectionRisk(Labelled):
    TRAFFICKING = "trafficking_indicators"
    EXPLOITATION = "exploitation"
    VIOLENCE_IN_TRANSIT = "violence_in_transit"
    FAMILY_SEPARATION = "family_separation"
    DETENTION = "detention_in_transit"
    OTHER = "other_protection_risk"


class ChildProtectionConcern(Labelled):
    NO_LEGAL_REPRESENTATIVE = "no_legal_representative"
    AGE_DISPUTED = "age_disputed"
    SLEEPING_ROUGH = "child_sleeping_rough"
    ABUSE_OR_NEGLECT = "abuse_or_neglect"
    RISK_OF_GOING_MISSING = "risk_of_going_missing"
    CHILD_LABOUR = "child_labour"


class FamilyLinks(Labelled):
    """Restoring family links: a tracing request to the Red Cross family-links service."""

    OPENED = "rfl_opened"
    IN_PROGRESS = "rfl_in_progress"
    CONTACT_RESTORED = "rfl_contact_restored"
    CLOSED_NOT_FOUND = "rfl_closed_not_found"
    CLOSED_BY_PERSON = "rfl_closed_by_person"


CLOSED_FAMILY_LINKS = (FamilyLinks.CONTACT_RESTORED, FamilyLinks.CLOSED_NOT_FOUND,
                       FamilyLinks.CLOSED_BY_PERSON)


class ProtectionActor(Labelled):
    CHILD_WELFARE = "child_welfare_services"
    PROSECUTOR = "public_prosecutor"
    ANTI_TRAFFICKING = "anti_trafficking_service"
    FAMILY_LINKS = "red_cross_family_links"
    UNHCR = "unhcr"
    IOM = "iom"
    SAFE_SHELTER = "safe_shelter"
    LEGAL_AID = "legal_aid"
    OTHER = "other_protection_actor"


class BestInterest(Labelled):
    ASSESSMENT_STARTED = "bia_started"
    ASSESSMENT_DONE = "bia_done"
    DETERMINATION_REFERRED = "bid_referred"
    DETERMINATION_DONE = "bid_done"


LABELS.update({
    ProtectionRisk.TRAFFICKING: _l("Trafficking indicators"),
    ProtectionRisk.EXPLOITATION: _l("Exploitation (labour, sexual, forced criminality)"),
    ProtectionRisk.VIOLENCE_IN_TRANSIT: _l("Violence in transit"),
    ProtectionRisk.FAMILY_SEPARATION: _l("Family separation"),
    ProtectionRisk.DETENTION: _l("Detention in transit"),
    ProtectionRisk.OTHER: _l("Other protection risk"),
    ChildProtectionConcern.NO_LEGAL_REPRESENTATIVE: _l("No legal representative"),
    ChildProtectionConcern.AGE_DISPUTED: _l("Minority disputed"),
    ChildProtectionConcern.SLEEPING_ROUGH: _l("Child sleeping rough"),
    ChildProtectionConcern.ABUSE_OR_NEGLECT: _l("Abuse or neglect"),
    ChildProtectionConcern.RISK_OF_GOING_MISSING: _l("At risk of going missing"),
    ChildProtectionConcern.CHILD_LABOUR: _l("Child labour"),
    FamilyLinks.OPENED: _l("Tracing request opened"),
    FamilyLinks.IN_PROGRESS: _l("Tracing in progress"),
    FamilyLinks.CONTACT_RESTORED: _l("Closed: contact restored"),
    FamilyLinks.CLOSED_NOT_FOUND: _l("Closed: relatives not found"),
    FamilyLinks.CLOSED_BY_PERSON: _l("Closed at the person's request"),
    ProtectionActor.CHILD_WELFARE: _l("Child welfare services (ASE, CRIP)"),
    ProtectionActor.PROSECUTOR: _l("Public prosecutor"),
    ProtectionActor.ANTI_TRAFFICKING: _l("Anti-trafficking service"),
    ProtectionActor.FAMILY_LINKS: _l("Red Cross family-links service"),
    ProtectionActor.UNHCR: _l("UNHCR"),
    ProtectionActor.IOM: _l("IOM"),
    ProtectionActor.SAFE_SHELTER: _l("Safe shelter"),
    ProtectionActor.LEGAL_AID: _l("Legal aid"),
    ProtectionActor.OTHER: _l("Other protection actor"),
    BestInterest.ASSESSMENT_STARTED: _l("Best-interest assessment started"),
    BestInterest.ASSESSMENT_DONE: _l("Best-interest assessment done"),
    BestInterest.DETERMINATION_REFERRED: _l("Best-interest determination requested"),
    BestInterest.DETERMINATION_DONE: _l("Best-interest determination made"),
})

SPEC = DisciplineSpec(
    code="protection",
    label=_l("Protection"),
    roles=(Role.PROTECTION_OFFICER,),
    kinds=(NoteKind.PROTECTION_INTERVIEW, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    # Any contact may reveal a risk or move a tracing request: every kind keeps the codes.
    coded_kinds=(NoteKind.PROTECTION_INTERVIEW, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    default_confidentiality=Confidentiality.DISCIPLINE,
    fields=(
        Field("risks", _l("Protection risks identified"), FieldKind.MANY, choices=ProtectionRisk,
              short=_l("Risks"), coded=True),
        Field("child_protection", _l("Child-protection concerns (minors)"), FieldKind.MANY,
              choices=ChildProtectionConcern, short=_l("Child protection"), coded=True),
        Field("situation", _l("Situation and risks described"), FieldKind.TEXT,
              max_length=4000),
        Field("family_links", _l("Restoring family links"), FieldKind.ONE, choices=FamilyLinks,
              coded=True),
        Field("sought_relatives", _l("Relatives sought (names, last known place)"),
              FieldKind.TEXT, max_length=4000),
        Field("referred_to", _l("Referred to"), FieldKind.MANY, choices=ProtectionActor,
              coded=True),
        Field("best_interest", _l("Best-interest procedure"), FieldKind.ONE,
              choices=BestInterest, coded=True),
        Field("safety_plan", _l("Safety plan agreed with the person"), FieldKind.TEXT,
              max_length=4000),
    ),
    indicators=(
        CodeIndicator("protection_risks", _l("People with a protection risk identified"),
                      _l("People with a protection risk coded in a protection note of the "
                         "month, by risk"), field="risks"),
        CodeIndicator("child_protection", _l("People with a child-protection concern"),
                      _l("People with a child-protection concern coded in a protection note "
                         "of the month, by concern"), field="child_protection"),
        CodeIndicator("family_links_opened", _l("Family-links requests opened"),
                      _l("Protection notes of the month recording a tracing request opened"),
                      field="family_links", unit="events", values=(FamilyLinks.OPENED.value,),
                      by_value=False),
        CodeIndicator("family_links_closed", _l("Family-links requests closed"),
                      _l("Protection notes of the month recording a tracing request closed, "
                         "by outcome"), field="family_links", unit="events",
                      values=tuple(v.value for v in CLOSED_FAMILY_LINKS)),
    ),
)
