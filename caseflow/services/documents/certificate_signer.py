"""The signer as a certificate prints them, from their account.

Apart from the content (certificate_content.py) because who signs is the account's
business (profession, register numbers, form of address), kept by the administrator,
while the content is the author's. Every number the account has goes to the Author:
which of them a certificate asks for and prints is the issuing site's country's rule
(caseflow.certificates.signer.REGISTERS_BY_COUNTRY), not the account's.
"""

from __future__ import annotations

from caseflow.certificates import Author, Gender


def author_of(user) -> Author:
    return Author(name=user.display_name, role=str(user.role), profession=user.profession or "",
                  rpps=user.rpps or None, adeli=user.adeli or None,
                  gender=Gender(user.form_of_address or Gender.INCLUSIVE),
                  profession_code=user.profession_code or None,
                  licence=user.licence_number or None)
