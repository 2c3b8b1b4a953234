"""Who signs a certificate: the author as printed, and the checks a medical council makes.

The signer's identity on paper (name, profession, register numbers) is printed in
two places, the opening sentence and the signature block, by the functions here, so
that both say the same thing; which register a template asks for is the template's
`registration`, checked here before anything prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseflow.certificates.problems import Check, Problem
from caseflow.certificates.templates import CertificateTemplate, Registration
from caseflow.certificates.wording import Gender, Wording

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

RPPS = re.compile(r"^\d{11}$")
ADELI = re.compile(r"^\d[\dAB]\d{7}$")  # 9 characters; Corsica's departments are 2A and 2B
RPPS_LINE = _l("RPPS no. %(number)s")
ADELI_LINE = _l("ADELI no. %(number)s")


@dataclass(frozen=True)
class Author:
    name: str
    role: str  # a caseflow.roles.Role value: decides which templates this author may sign
    profession: str  # as printed: "médecin généraliste"
    rpps: str | None = None  # doctors, midwives, nurses; psychologists as registers migrate
    adeli: str | None = None  # psychologists not yet in RPPS
    # The form of address the signer chose for documents: « Je soussignée / soussigné »;
    # not stated, the inclusive « Je soussigné(e) ».
    gender: Gender = Gender.INCLUSIVE


def register_lines(author: Author, language: str) -> list[str]:
    """"N° RPPS 10003456789", "N° ADELI …": the numbers the signer has, as printed."""
    return [label.get(language) % {"number": number}
            for label, number in ((RPPS_LINE, author.rpps), (ADELI_LINE, author.adeli)) if number]


def author_line(author: Author, language: str) -> str:
    """Name, profession and register numbers, as the opening sentence prints them."""
    return ", ".join([author.name, author.profession, *register_lines(author, language)])


def check_signer(template: CertificateTemplate, author: Author, country: str = "FR"
                 ) -> list[Problem]:
    """Problems with who signs: the role and the register number the template asks for."""
    texts = []
    if author.role not in template.signers:
        texts.append(f"a {author.role} may not sign a {template.key} "
                     f"(signers: {', '.join(sorted(template.signers))})")
    if not author.name.strip():
        texts.append("the author's name is missing")
    if not author.profession.strip():
        texts.append("the author's profession is missing")
    for number, pattern, label in ((author.rpps, RPPS, "RPPS"), (author.adeli, ADELI, "ADELI")):
        if number and not pattern.match(number):
            texts.append(f"{label} number {number!r} is malformed")
    wanted = template.registration
    if wanted is Registration.RPPS and not author.rpps:
        texts.append(f"a {template.key} needs the author's RPPS number")
    elif wanted is Registration.ADELI and not author.adeli:
        texts.append(f"a {template.key} needs the author's ADELI number")
    elif wanted is Registration.ANY and not (author.rpps or author.adeli):
        texts.append(f"a {template.key} needs the author's RPPS or ADELI number")
    return [Problem(Check.SIGNER, text) for text in texts]
