"""The signer's profession as a certificate prints it: a coded choice, worded in the
certificate's language and agreed with the signer's form of address.

Why coded: an English certificate that printed the account's free text said « médecin
généraliste » to a reader who expects "general practitioner"; a code is said in each
language by the gettext catalogues, like every other fixed word, and agrees like the
opening (« psychologue clinicienne / clinicien », « infirmière / infirmier »; the inclusive
« (e) » form when the signer stated no form of address). A profession the list does not
have is `OTHER`: the account's free text is printed as typed, in every language, which is
also what an account not coded yet (`None`, the accounts migrated with a text nobody
recognised) prints.

Each wording is an `Agreed` (wording.py): the same English msgid plain (the inclusive
form) and under the contexts "feminine" and "masculine", so that pybabel extracts all
three.
"""

from __future__ import annotations

import enum

from caseflow.certificates.wording import Agreed, Gender, Wording, pgettext

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)


class Profession(enum.StrEnum):
    """What the signer is, as printed; stored on the account (`User.profession_code`)."""

    GENERAL_PRACTITIONER = "general_practitioner"
    DOCTOR = "doctor"  # « médecin », no speciality stated
    PSYCHIATRIST = "psychiatrist"
    PAEDIATRICIAN = "paediatrician"
    FORENSIC_PHYSICIAN = "forensic_physician"
    CLINICAL_PSYCHOLOGIST = "clinical_psychologist"
    PSYCHOLOGIST = "psychologist"
    NURSE = "nurse"
    MIDWIFE = "midwife"
    OTHER = "other"  # the account's free text, printed as typed


WORDINGS: dict[Profession, Agreed] = {
    Profession.GENERAL_PRACTITIONER: Agreed(
        _l("general practitioner"),
        pgettext("feminine", "general practitioner"),
        pgettext("masculine", "general practitioner")),
    Profession.DOCTOR: Agreed(
        _l("doctor"),
        pgettext("feminine", "doctor"),
        pgettext("masculine", "doctor")),
    Profession.PSYCHIATRIST: Agreed(
        _l("psychiatrist"),
        pgettext("feminine", "psychiatrist"),
        pgettext("masculine", "psychiatrist")),
    Profession.PAEDIATRICIAN: Agreed(
        _l("paediatrician"),
        pgettext("feminine", "paediatrician"),
        pgettext("masculine", "paediatrician")),
    Profession.FORENSIC_PHYSICIAN: Agreed(
        _l("forensic physician"),
        pgettext("feminine", "forensic physician"),
        pgettext("masculine", "forensic physician")),
    Profession.CLINICAL_PSYCHOLOGIST: Agreed(
        _l("clinical psychologist"),
        pgettext("feminine", "clinical psychologist"),
        pgettext("masculine", "clinical psychologist")),
    Profession.PSYCHOLOGIST: Agreed(
        _l("psychologist"),
        pgettext("feminine", "psychologist"),
        pgettext("masculine", "psychologist")),
    Profession.NURSE: Agreed(
        _l("nurse"),
        pgettext("feminine", "nurse"),
        pgettext("masculine", "nurse")),
    Profession.MIDWIFE: Agreed(
        _l("midwife"),
        pgettext("feminine", "midwife"),
        pgettext("masculine", "midwife")),
}


def coded(code: str | None) -> Profession | None:
    """The profession a stored code names, or None when the free text is what prints
    (no code, `OTHER`, or a code this version does not know)."""
    try:
        profession = Profession(code or "")
    except ValueError:
        return None
    return None if profession is Profession.OTHER else profession


def profession_wording(code: str | None, typed: str, language: str, gender: Gender) -> str:
    """The profession in `language`, agreed with `gender`; the free text `typed` as typed
    when it is not coded."""
    profession = coded(code)
    if profession is None:
        return typed.strip()
    return WORDINGS[profession].agree(language, gender)
