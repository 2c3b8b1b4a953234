"""Safety basics on every medical record (issue 20): allergies and current treatments.

Who reads what, and why (the decision, for the medical coordinator to check):

- **Writing**: the medical discipline (doctor, nurse, midwife, medical coordinator) at a
  site that follows the person (PersonAccess.writable_sites), never through a break-glass
  grant (an emergency reader records what they did in a note; the team then updates the
  allergies). An allergy or a treatment is recorded at one of those sites.
- **Allergies are safety information.** They are shown at the top of the person page:
  - to the medical discipline (any grant: own site, former site, supervision);
  - to anyone reading through a break-glass grant (doctor, nurse, midwife,
    psychologist): the emergency that opened the record is exactly why the box is
    there ("allergies and treatments unknown" was the example reason);
  - to the rest of the care team (psychologist, social, legal and protection workers of
    the person's sites) only while the person's consent to share the *medical*
    discipline with the care team is in force (ConsentPurpose.TEAM_SHARING, "all" or
    "medical"; DESIGN.md Access rule 2, secret partagé L1110-4). A social worker who
    accompanies the person to hospital, or the shelter's kitchen, then knows "allergic
    to penicillin" or "peanut: anaphylaxis". Without that consent they see one neutral
    line (kept by the medical team), never whether there is an allergy: that too is
    health information the person did not agree to share. They see the substance, the
    reaction, the severity and the date, never the free-text details.
- **Treatments tell the illness** (an antiretroviral, an antipsychotic, a TB regimen):
  only the medical discipline sees them (its break-glass readers included: the emergency
  case), never the rest of the team, consent or not, and never a non-medical reader
  through break-glass: a grant gives no more than membership of the team would (the
  break-glass rule, access/break_glass.py). The same holds for the allergies' free text.
  The medicine a social worker needs to know of (an inhaler to
  carry on a trip) is told by the medical team in a note shared with the team.

An allergy or a treatment is true of the person wherever they are seen: it is not cut
by site (unlike a note, whose former site reads only its own): the former site's team
that still reads the person reads the current allergies too.

Reads: the box on the person page is part of the person's page view, audited by
person_or_404 (purpose break_glass or supervision when it applies); opening an allergy
or treatment form, or the full history page, is audited as a read of that record
(object types allergy, medication, allergy_history). Writes are audited with codes only:
never the substance's or the medicine's name.
"""

from __future__ import annotations

from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.roles import Role

WRITERS = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.COORDINATOR})


def _medical(user) -> bool:
    return user.discipline == Discipline.MEDICAL


def may_read_allergies(user, person) -> bool:
    access = person_access(user, person)
    if access.grant is None:
        return False
    if _medical(user) or access.emergency is not None:
        return True
    return Discipline.MEDICAL in access.shared_disciplines


def may_read_details(user, person) -> bool:
    """The free text of an allergy (the reaction's details, the reason it was retired) and
    every treatment: the medical discipline (through any grant, break-glass included)."""
    return person_access(user, person).grant is not None and _medical(user)


may_read_treatments = may_read_details


def may_write(user, person) -> bool:
    access = person_access(user, person)
    return (user.role in WRITERS and _medical(user) and access.emergency is None
            and bool(access.writable_sites))


def writing_site(user, person, site_id: int | None = None) -> int | None:
    """The site a change is recorded at: the one asked for if the user writes there, else
    the first such site (sorted, stable); None when the user may not write."""
    if not may_write(user, person):
        return None
    sites = sorted(person_access(user, person).writable_sites)
    if site_id is not None:
        return site_id if site_id in sites else None
    return sites[0]
