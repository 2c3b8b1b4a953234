"""The countries caseflow's sites work in, and what each one decides.

A site has a country (ISO 3166 alpha-2, models/site.py). The country, not the site nor
the user, decides what the law of the place asks of a document and of the people who
sign it: the languages certificates and reports are written in (the first is the one a
new document starts in), the language its courts read, whether a doctor may be
requisitioned by the police with a written oath, whether violence found on a minor must
be reported to named authorities, and the programme a new site starts on. France's
rules were the only ones until the Libya projects: a Tripoli doctor was offered French
certificates in French with the oath of the French code de procédure pénale. Each rule
is a field here, read by the module that applies it (certificates/render.py,
services/documents/certificate_rules.py, the certificate form), so that a third country
is one entry.

Which professional registers identify a signer is also a country's rule; it lives
beside the registers themselves, in certificates/signer.py (REGISTERS_BY_COUNTRY), and
the account form asks the numbers of the countries of the account's sites from there.
Which certificate templates apply is each template's own statement
(CertificateTemplate.countries): a template knows the law it cites.

This module sits in the bottom layer (standard library only).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    # The languages a certificate or a report is offered in, the usual one first (the
    # form starts on it); any interface language remains possible where a template allows.
    document_languages: tuple[str, ...]
    # The language the country's courts and administrations read: a copy in another
    # language says it is a translation. None: no language is imposed.
    legal_language: str | None
    # A judicial requisition of a doctor (France: art. 60 of the code de procédure pénale,
    # with its written oath and the certificate handed to the authority).
    requisition: bool
    # Violence found on a minor lifts medical secrecy towards named authorities (France:
    # art. 226-14 of the code pénal, R.4127-44 of the code de la santé publique): the
    # certificate form asks the doctor what they decided.
    minor_reporting_duty: bool
    # The outside partners its sites refer people to (models/referral.py PartnerKind values):
    # France's PASS, CMP and child welfare (ASE) do not exist in Libya, where hospitals,
    # UNHCR, IOM and protection actors receive referrals.
    referral_partners: tuple[str, ...]
    # Its sites record outreach sessions at disembarkation points and detention centres
    # (caseflow/services/outreach/): the Libya projects' work.
    outreach: bool
    # Its sites follow evacuations out of the country (caseflow/services/evacuation/): the
    # Libya "out of Libya" project. A Paris day centre is offered no evacuation case.
    evacuations: bool
    # The programme (caseflow/pathways key) a new site of this country starts on when its
    # administrator chooses none (each site then keeps its own: site.default_programme).
    default_programme: str
    # The morbidity codes (caseflow/morbidity.py) whose diagnosis the law of the country asks
    # a clinician to declare to its health authority (France: the « maladies à déclaration
    # obligatoire » of art. L3113-1 and D3113-6 of the code de la santé publique, declared
    # to the ARS; Libya: the NCDC's notifiable list). caseflow reminds and records the
    # declaration; it never sends one. The medical coordinator reviews the list.
    notifiable: frozenset[str] = frozenset()


FRANCE = Country("FR", document_languages=("fr", "en", "ar"), legal_language="fr",
                 requisition=True, minor_reporting_duty=True, default_programme="general",
                 outreach=False, evacuations=False,
                 notifiable=frozenset({"cutaneous_diphtheria", "measles", "tb_confirmed", "hiv"}),
                 referral_partners=("hospital_pass", "psychiatry_cmp", "lawyer",
                                    "child_welfare_ase", "unhcr", "other"))
# Arabic for the hospitals and the Libyan authorities, English for the partner agencies
# (UNHCR, IOM) and the evacuation files; no French law applies, so nothing of it prints.
LIBYA = Country("LY", document_languages=("ar", "en"), legal_language=None,
                requisition=False, minor_reporting_duty=False, default_programme="general",
                outreach=True, evacuations=True,
                notifiable=frozenset({"cutaneous_diphtheria", "measles", "tb_confirmed", "hiv"}),
                referral_partners=("hospital", "unhcr", "iom", "protection_actor", "lawyer",
                                   "other"))
# A country no entry names: no law is assumed (a French rule imposed where it does not
# govern would print something false), English first.
UNLISTED = Country("", document_languages=("en", "fr", "ar"), legal_language=None,
                   requisition=False, minor_reporting_duty=False, default_programme="general",
                   outreach=False, evacuations=False,
                   referral_partners=("hospital", "unhcr", "iom", "protection_actor", "lawyer",
                                      "other"))

COUNTRIES: dict[str, Country] = {c.code: c for c in (FRANCE, LIBYA)}


def country(code: str | None) -> Country:
    """The rules of `code` (case-insensitive); None or unlisted: UNLISTED."""
    return COUNTRIES.get((code or "").upper(), UNLISTED)
