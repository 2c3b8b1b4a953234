"""Who signs a certificate: the author as printed, and the checks a medical council makes.

The signer's identity on paper (name, profession, register numbers) is printed in
two places, the opening sentence and the signature block, by the functions here, so
that both say the same thing. The profession is said in the certificate's language
(professions.py). Which registers identify a signer depends on the issuing site's
country (`REGISTERS_BY_COUNTRY`, below): in France the RPPS and ADELI numbers, the one
the template's `registration` asks for being required; in Libya the national licence
number (Libyan Medical Syndicate / Ministry of Health), printed when the account has
one and never required, RPPS and ADELI being neither asked nor printed there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from caseflow.certificates.problems import Check, Problem
from caseflow.certificates.professions import coded, profession_wording
from caseflow.certificates.templates import CertificateTemplate, Registration
from caseflow.certificates.wording import Gender, Wording, pgettext

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

RPPS = re.compile(r"^\d{11}$")
ADELI = re.compile(r"^\d[\dAB]\d{7}$")  # 9 characters; Corsica's departments are 2A and 2B
# A national licence number, as the issuing authority writes it: letters, digits and
# separators, up to the account's 32 characters.
LICENCE = re.compile(r"^\w[\w ./-]{0,31}$")
RPPS_LINE = _l("RPPS no. %(number)s")
ADELI_LINE = _l("ADELI no. %(number)s")
LICENCE_LINE = _l("Licence no. %(number)s")


@dataclass(frozen=True)
class Author:
    name: str
    role: str  # a caseflow.roles.Role value: decides which templates this author may sign
    profession: str  # as typed on the account: printed when `profession_code` is not coded
    rpps: str | None = None  # doctors, midwives, nurses; psychologists as registers migrate
    adeli: str | None = None  # psychologists not yet in RPPS
    # The form of address the signer chose for documents: « Je soussignée / soussigné »;
    # not stated, the inclusive « Je soussigné(e) ».
    gender: Gender = Gender.INCLUSIVE
    # A caseflow.certificates.professions.Profession value: the profession in the
    # certificate's language; None or "other", the free text `profession` as typed.
    profession_code: str | None = None
    # The national licence number outside France (Libya: Medical Syndicate / Ministry).
    licence: str | None = None


@dataclass(frozen=True)
class Register:
    """One professional register: which number of the author, how it prints, its form."""

    label: str  # in problems (English, for logs and tests)
    attribute: str  # the Author attribute holding the number
    line: Wording  # as printed, with %(number)s
    pattern: re.Pattern[str]

    def number(self, author: Author) -> str | None:
        return getattr(author, self.attribute) or None


RPPS_REGISTER = Register("RPPS", "rpps", RPPS_LINE, RPPS)
ADELI_REGISTER = Register("ADELI", "adeli", ADELI_LINE, ADELI)
LICENCE_REGISTER = Register("licence", "licence", LICENCE_LINE, LICENCE)


@dataclass(frozen=True)
class CountryRegisters:
    """The registers that identify a signer in one country: those printed (in this
    order), and, for each `Registration` a template declares, the registers of which the
    author must have one. A registration not listed asks for nothing."""

    printed: tuple[Register, ...]
    required: Mapping[Registration, tuple[Register, ...]] = field(default_factory=dict)


REGISTERS_BY_COUNTRY: dict[str, CountryRegisters] = {
    # The medical council reads the RPPS (or, for psychologists migrating, the ADELI).
    "FR": CountryRegisters(
        printed=(RPPS_REGISTER, ADELI_REGISTER),
        required={Registration.RPPS: (RPPS_REGISTER,),
                  Registration.ADELI: (ADELI_REGISTER,),
                  Registration.ANY: (RPPS_REGISTER, ADELI_REGISTER)}),
    # The national licence, when the account has one: not every clinician of a Libyan
    # site holds one caseflow could check, and a French number means nothing there.
    "LY": CountryRegisters(printed=(LICENCE_REGISTER,)),
}
# A country no rule names: every number the account has is printed (each is true and
# identifies the signer), none is required. Registers are required only where a rule
# above says so, rather than France's rules imposed on a country they do not govern.
UNLISTED_COUNTRY = CountryRegisters(printed=(RPPS_REGISTER, ADELI_REGISTER, LICENCE_REGISTER))


def registers_in(country: str | None) -> CountryRegisters:
    """The registers of `country` (ISO 3166 alpha-2); None or unlisted: UNLISTED_COUNTRY."""
    return REGISTERS_BY_COUNTRY.get((country or "").upper(), UNLISTED_COUNTRY)


def register_lines(author: Author, language: str, country: str | None = None) -> list[str]:
    """"RPPS no. 10003456789", "Licence no. …": the numbers printed in `country` that the
    signer has, in `language`. Without a country, every number the signer has."""
    return [register.line.get(language) % {"number": number}
            for register in registers_in(country).printed
            if (number := register.number(author))]


def profession_text(author: Author, language: str) -> str:
    """The profession in `language`, agreed with the signer's form of address; the free
    text as typed when the account's profession is not coded (or is "other")."""
    return profession_wording(author.profession_code, author.profession, language,
                              author.gender)


LIST_SEPARATOR = pgettext("list separator", ", ")  # the Arabic comma in Arabic


def author_line(author: Author, language: str, country: str | None = None) -> str:
    """Name, profession and register numbers, as the opening sentence prints them."""
    return LIST_SEPARATOR.get(language).join([author.name, profession_text(author, language),
                                              *register_lines(author, language, country)])


def signature_lines(author: Author, language: str, country: str | None = None) -> list[str]:
    """What the signature block prints under the name: the profession, then the numbers."""
    return [profession_text(author, language), *register_lines(author, language, country)]


def check_signer(template: CertificateTemplate, author: Author, country: str = "FR"
                 ) -> list[Problem]:
    """Problems with who signs: the role, the name, the profession, and the register
    numbers of the issuing site's `country` (REGISTERS_BY_COUNTRY).

    In France the template's `registration` is required (RPPS, ADELI, or either); in Libya
    nothing is required and the licence number is printed when present; in a country no
    rule names (UNLISTED_COUNTRY) nothing is required. A number that would print is
    refused when malformed; a number that does not print in `country` is not looked at."""
    texts = []
    if author.role not in template.signers:
        texts.append(f"a {author.role} may not sign a {template.key} "
                     f"(signers: {', '.join(sorted(template.signers))})")
    if not author.name.strip():
        texts.append("the author's name is missing")
    if coded(author.profession_code) is None and not author.profession.strip():
        texts.append("the author's profession is missing")
    rules = registers_in(country)
    for register in rules.printed:
        number = register.number(author)
        if number and not register.pattern.match(number):
            texts.append(f"the {register.label} number is malformed")
    wanted = rules.required.get(template.registration, ())
    if wanted and not any(register.number(author) for register in wanted):
        texts.append(f"a {template.key} needs the author's "
                     f"{' or '.join(register.label for register in wanted)} number")
    return [Problem(Check.SIGNER, text) for text in texts]
