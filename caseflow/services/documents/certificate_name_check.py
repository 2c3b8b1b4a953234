"""Does the name printed on a paper copy belong to the person the certificate was issued to?

Why: the QR code proves a certificate exists, not that this paper is it. A genuine
code copied onto a forged paper of the same kind would verify as valid, and the
public page shows no name (docs/SECURITY.md). So the reader types the name
printed on the paper and gets one word back: it matches, or it does not. The
page never shows a name, and the typed name is neither stored nor logged.

What is compared: the name printed on the certificate (the declared identity
frozen in it at issue, so a later correction of the record does not fail a
genuine paper), decrypted in memory, against the typed name, both reduced to
parts as the blind index reduces them (caseflow.crypto.blind_index.clean_parts:
any script to Latin, case, accents, apostrophes, hyphens, Arabic articles).
The parts must be the same, in any order, or the same letters once joined.
Not the index's phonetic keys: they are made to find a person under any
transliteration, so they are coarse (Traoré and Touré share theirs), while the
paper prints one exact spelling and only typing needs forgiving. A paper
bearing the same family name and another given name (a brother's certificate)
does not match, nor one with a name left out or added.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.audit import Action, record_event
from caseflow.crypto.blind_index import clean_parts
from caseflow.crypto.errors import CryptoError
from caseflow.extensions import db
from caseflow.services.documents.certificate_content import declared_identity
from caseflow.services.documents.certificate_register import genuine

MAX_TYPED = 200  # characters per field: no printed name is longer
MATCH, MISMATCH, UNAVAILABLE = "match", "mismatch", "unavailable"


@dataclass(frozen=True)
class NameCheck:
    """The whole answer: unknown certificate (no answer at all) or one of three words."""

    known: bool
    outcome: str = ""  # MATCH, MISMATCH or UNAVAILABLE (the person's key was shredded)


def check_printed_name(serial: str, code: str, family_name: str, given_names: str) -> NameCheck:
    """Compare the typed name with the certificate's; audited by outcome, never by name."""
    certificate = genuine(serial, code)
    if certificate is None:
        return NameCheck(known=False)
    typed = f"{family_name[:MAX_TYPED]} {given_names[:MAX_TYPED]}"
    try:
        printed = _printed_name(certificate)
        outcome = MATCH if same_name(typed, printed) else MISMATCH
    except CryptoError:  # erased person: nothing left to compare with
        outcome = UNAVAILABLE
    record_event(Action.VERIFY, actor_id=None, object_type="certificate",
                 object_id=str(certificate.id), site_id=certificate.site_id,
                 details={"serial": certificate.serial, "name_check": outcome})
    db.session.commit()
    return NameCheck(known=True, outcome=outcome)


def _printed_name(certificate) -> str:
    frozen = (certificate.content or {}).get("identity")
    if frozen and frozen.get("names"):
        return frozen["names"]
    from caseflow.models.person import Person

    return declared_identity(db.session.get(Person, certificate.person_id)).names


# Arabic letters typed one for the other on any keyboard: ta marbuta as ha (فاطمه for
# فاطمة), alef maqsura as ya (مصطفي for مصطفى). The index keeps them apart (they are
# different letters); a person checking a printed name does not.
_ARABIC_TYPED_ALIKE = str.maketrans({"ة": "ه", "ى": "ي"})


def same_name(typed: str, printed: str) -> bool:
    """The same parts once normalised as the blind index normalises them, in any order,
    or the same letters once the separators are dropped ("N'Diaye" typed "N Diaye",
    "Abdel-Rahman" typed "Abdelrahman"); in Arabic, ة and ه, ى and ي count as one."""
    a = [part.translate(_ARABIC_TYPED_ALIKE) for part in clean_parts(typed)]
    b = [part.translate(_ARABIC_TYPED_ALIKE) for part in clean_parts(printed)]
    return bool(a) and (sorted(a) == sorted(b) or "".join(a) == "".join(b))
